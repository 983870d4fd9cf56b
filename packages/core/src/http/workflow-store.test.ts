/** Saved-workflow stores: in memory and one JSON file per workflow on disk. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../stores/errors.js';
import type { WorkflowJson } from '../workflow/schema.js';
import { createFileWorkflowStore, createMemoryWorkflowStore, workflowFileName } from './workflow-store.js';

const wf = (name: string): WorkflowJson => ({ name, steps: [{ id: 'list', tool: 'docker_list', args: {} }] });

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir() {
  const d = await mkdtemp(join(tmpdir(), 'agentos-wf-'));
  dirs.push(d);
  return d;
}

describe.each([
  ['memory', async () => createMemoryWorkflowStore()],
  ['file', async () => createFileWorkflowStore({ dir: join(await tempDir(), 'workflows') })],
])('%s workflow store', (_kind, make) => {
  it('saves, lists by name, gets, replaces and removes', async () => {
    const store = await make();
    expect(await store.list()).toEqual([]);
    await store.save(wf('b'));
    await store.save(wf('a'));
    expect((await store.list()).map((w) => w.name)).toEqual(['a', 'b']);
    await store.save({ ...wf('a'), description: 'second' });
    expect((await store.get('a'))?.description).toBe('second');
    expect(await store.get('missing')).toBeUndefined();
    expect(await store.remove('a')).toBe(true);
    expect(await store.remove('a')).toBe(false);
    expect((await store.list()).map((w) => w.name)).toEqual(['b']);
  });

  it('returns copies: changing a result does not change the store', async () => {
    const store = await make();
    await store.save(wf('x'));
    const got = (await store.get('x'))!;
    got.steps.push({ id: 'more', tool: 'docker_list' });
    expect((await store.get('x'))!.steps).toHaveLength(1);
  });
});

describe('file workflow store', () => {
  it('keeps awkward names inside its directory, one readable JSON file each', async () => {
    const dir = await tempDir();
    const store = createFileWorkflowStore({ dir });
    await store.save(wf('../../etc/passwd'));
    await store.save(wf('Restart db'));
    expect((await readdir(dir)).sort()).toEqual(['%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.json', 'Restart%20db.json']);
    expect(JSON.parse(await readFile(join(dir, 'Restart%20db.json'), 'utf8'))).toEqual(wf('Restart db'));
    expect((await createFileWorkflowStore({ dir }).get('../../etc/passwd'))?.name).toBe('../../etc/passwd');
    expect(workflowFileName('a.b')).toBe('a%2Eb.json');
    expect(() => workflowFileName('x'.repeat(300))).toThrow(StoreError);
  });

  it('reports a corrupt file by name instead of skipping it', async () => {
    const dir = await tempDir();
    const store = createFileWorkflowStore({ dir });
    await store.save(wf('good'));
    await writeFile(join(dir, 'bad.json'), '{ not json');
    await expect(store.list()).rejects.toThrow(/bad\.json is not valid JSON/);
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ name: 'bad', steps: [] }));
    await expect(store.list()).rejects.toThrow(/bad\.json is not a valid workflow \(steps: a workflow needs at least one step\)/);
  });
});
