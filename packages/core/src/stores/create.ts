/**
 * One call for both stores: on disk (the default for services) or in memory.
 * @module
 */
import { join } from 'node:path';
import { createFileRunStore, createFileViolationStore, type FileRunStoreOptions } from './file.js';
import { createMemoryRunStore, createMemoryViolationStore } from './memory.js';
import type { RunStore, ViolationStore } from './types.js';

/** Name of the default store directory. */
export const DEFAULT_STORE_DIR_NAME = '.agentos';

/**
 * The default store directory: `.agentos/` under `cwd` (default `process.cwd()`).
 * It holds `runs.jsonl` and `violations.jsonl` (mode 0600; the directory 0700
 * when created): add it to `.gitignore`, since runs can hold tool outputs.
 * @example
 * ```ts
 * defaultStoreDir('/srv/app'); // '/srv/app/.agentos'
 * ```
 */
export function defaultStoreDir(cwd: string = process.cwd()): string {
  return join(cwd, DEFAULT_STORE_DIR_NAME);
}

/** Options of {@link createStores}: `'memory'`, or the file stores' options with `dir` optional. */
export type StoresOptions = 'memory' | (Omit<FileRunStoreOptions, 'dir'> & { dir?: string });

/** A run store and a violation store, closed together. */
export interface Stores {
  runs: RunStore;
  violations: ViolationStore;
  /** Close both (waits for pending writes). */
  close(): Promise<void>;
}

/**
 * Open the run and violation stores.
 * - no argument or `{ dir }`: durable stores on disk, in `dir` or
 *   {@link defaultStoreDir} (`<cwd>/.agentos/`) — the default for services;
 * - `'memory'`: in-memory stores, for tests and short-lived scripts.
 * @example
 * ```ts
 * const stores = await createStores();                        // ./.agentos/
 * const scratch = await createStores('memory');
 * const custom = await createStores({ dir: '/var/lib/agentos', fsync: true });
 * ```
 */
export async function createStores(options: StoresOptions = {}): Promise<Stores> {
  if (options === 'memory') {
    const runs = createMemoryRunStore();
    const violations = createMemoryViolationStore();
    return { runs, violations, close: async () => void (await Promise.all([runs.close?.(), violations.close?.()])) };
  }
  const dir = options.dir ?? defaultStoreDir();
  const runs = await createFileRunStore({ ...options, dir });
  let violations;
  try {
    violations = await createFileViolationStore({ dir, ...(options.fsync === undefined ? {} : { fsync: options.fsync }), ...(options.onCorrupt ? { onCorrupt: options.onCorrupt } : {}) });
  } catch (e) {
    await runs.close();
    throw e;
  }
  const opened = violations;
  return {
    runs,
    violations: opened,
    async close() {
      const results = await Promise.allSettled([runs.close(), opened.close()]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
