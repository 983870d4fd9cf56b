/**
 * Saved workflows for the HTTP API: in memory (the handler's default), or
 * one JSON file per workflow in a directory.
 * @module
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeZodIssues } from '@agentos/policy';
import { StoreError } from '../stores/errors.js';
import { WorkflowSchema, type WorkflowJson } from '../workflow/schema.js';
import type { WorkflowStoreLike } from './types.js';

const byName = (a: WorkflowJson, b: WorkflowJson) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Saved workflows in memory (lost when the process ends).
 * @example
 * ```ts
 * const workflows = createMemoryWorkflowStore();
 * await workflows.save({ name: 'Restart db', steps: [{ id: 'r', tool: 'docker_restart', args: { container: 'db' } }] });
 * ```
 */
export function createMemoryWorkflowStore(initial: WorkflowJson[] = []): WorkflowStoreLike {
  const map = new Map<string, WorkflowJson>(initial.map((w) => [w.name, structuredClone(w)]));
  return {
    async list() {
      return [...map.values()].map((w) => structuredClone(w)).sort(byName);
    },
    async get(name) {
      const w = map.get(name);
      return w ? structuredClone(w) : undefined;
    },
    async save(workflow) {
      map.set(workflow.name, structuredClone(workflow));
    },
    async remove(name) {
      return map.delete(name);
    },
  };
}

/** Options of {@link createFileWorkflowStore}. */
export interface FileWorkflowStoreOptions {
  /** Directory of the workflow files; created (mode 0700) on first save. */
  dir: string;
}

/** Longest encoded file name (file systems allow 255 bytes). */
const MAX_FILE_NAME = 200;

/**
 * The file of a workflow: its name, percent-encoded (so `/`, `..` and other
 * awkward characters cannot leave the directory), plus `.json`.
 * @example workflowFileName('Restart db') // 'Restart%20db.json'
 */
export function workflowFileName(name: string): string {
  const encoded = encodeURIComponent(name).replace(/\./g, '%2E').replace(/\*/g, '%2A');
  if (encoded.length === 0 || encoded.length > MAX_FILE_NAME) {
    throw new StoreError('STORE_RECORD_INVALID', `the workflow name "${name.slice(0, 60)}" is too long to be a file name`, { hint: 'use a shorter name' });
  }
  return `${encoded}.json`;
}

/**
 * Saved workflows on disk: one pretty-printed JSON file per workflow in
 * `dir`, written atomically (temporary file, then rename). Files that are
 * not valid workflow JSON are errors naming the file, never silently skipped.
 * @example
 * ```ts
 * const workflows = createFileWorkflowStore({ dir: '.agentos/workflows' });
 * const handler = createAgentOsHandler(runtime, { auth: { token }, workflows });
 * ```
 */
export function createFileWorkflowStore(options: FileWorkflowStoreOptions): WorkflowStoreLike {
  const dir = resolve(options.dir);
  let tmpCounter = 0;

  const readOne = async (file: string): Promise<WorkflowJson | undefined> => {
    let text: string;
    try {
      text = await readFile(join(dir, file), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StoreError('STORE_IO', `cannot read workflow file ${join(dir, file)}: ${(e as Error).message}`, { cause: e });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new StoreError('STORE_RECORD_INVALID', `workflow file ${join(dir, file)} is not valid JSON: ${(e as Error).message}`, { hint: 'fix or delete the file' });
    }
    const parsed = WorkflowSchema.safeParse(json);
    if (!parsed.success) {
      const first = describeZodIssues(parsed.error)[0];
      throw new StoreError('STORE_RECORD_INVALID', `workflow file ${join(dir, file)} is not a valid workflow${first ? ` (${first.path || '(root)'}: ${first.message})` : ''}`, {
        hint: 'fix or delete the file',
      });
    }
    return parsed.data;
  };

  return {
    async list() {
      let files: string[];
      try {
        files = await readdir(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw new StoreError('STORE_IO', `cannot list workflow directory ${dir}: ${(e as Error).message}`, { cause: e });
      }
      const out: WorkflowJson[] = [];
      for (const f of files.filter((f) => f.endsWith('.json') && !f.startsWith('.'))) {
        const w = await readOne(f);
        if (w) out.push(w);
      }
      return out.sort(byName);
    },
    async get(name) {
      const w = await readOne(workflowFileName(name));
      if (w && w.name !== name) {
        throw new StoreError('STORE_RECORD_INVALID', `workflow file ${join(dir, workflowFileName(name))} holds a workflow named "${w.name}", not "${name}"`, { hint: 'rename the file or fix its name field' });
      }
      return w;
    },
    async save(workflow) {
      const parsed = WorkflowSchema.safeParse(workflow);
      if (!parsed.success) {
        const first = describeZodIssues(parsed.error)[0];
        throw new StoreError('STORE_RECORD_INVALID', `not a valid workflow${first ? ` (${first.path || '(root)'}: ${first.message})` : ''}`);
      }
      const file = join(dir, workflowFileName(parsed.data.name));
      const tmp = join(dir, `.${process.pid}.${Date.now()}.${tmpCounter++}.tmp`);
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeFile(tmp, `${JSON.stringify(parsed.data, null, 2)}\n`, { mode: 0o600 });
        await rename(tmp, file);
      } catch (e) {
        await rm(tmp, { force: true }).catch(() => undefined);
        throw new StoreError('STORE_IO', `cannot write workflow file ${file}: ${(e as Error).message}`, { cause: e });
      }
    },
    async remove(name) {
      const file = join(dir, workflowFileName(name));
      try {
        await rm(file);
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw new StoreError('STORE_IO', `cannot delete workflow file ${file}: ${(e as Error).message}`, { cause: e });
      }
    },
  };
}
