/**
 * In-memory run and violation stores: for tests, examples and embedded use
 * where nothing needs to survive a restart.
 * @module
 */
import { duplicateViolation, StoreError } from './errors.js';
import { RunIndex, ViolationIndex } from './indexes.js';
import type { RunStore, ViolationStore } from './types.js';
import { checkRun, checkViolation, deepCopy } from './validate.js';

function closedError(what: string): StoreError {
  return new StoreError('STORE_CLOSED', `the in-memory ${what} store is closed`, { hint: 'create a new store' });
}

/**
 * A {@link RunStore} in memory. Keeps deep copies (`structuredClone`), so
 * changing a run after `save` — or a run returned by `get`/`list` — does not
 * change what is stored.
 * @example
 * ```ts
 * const runs = createMemoryRunStore();
 * await runs.save(run);
 * const waiting = await runs.list({ status: 'awaiting_approval' });
 * ```
 */
export function createMemoryRunStore(): RunStore {
  const index = new RunIndex();
  let closed = false;
  return {
    async save(run) {
      if (closed) throw closedError('run');
      checkRun(run);
      index.put(deepCopy(run, `run "${run.id}"`));
    },
    async get(id) {
      if (closed) throw closedError('run');
      const run = index.get(id);
      return run === undefined ? undefined : structuredClone(run);
    },
    async list(filter) {
      if (closed) throw closedError('run');
      return index.list(filter).map((r) => structuredClone(r));
    },
    async close() {
      closed = true;
    },
  };
}

/**
 * A {@link ViolationStore} in memory. Checks each violation against
 * `ViolationSchema` (`STORE_RECORD_INVALID` otherwise), refuses a second
 * violation with the same id (`STORE_DUPLICATE_ID`) and keeps deep copies.
 * @example
 * ```ts
 * const violations = createMemoryViolationStore();
 * await violations.append(v);
 * await violations.list({ since: Date.now() - 3_600_000, tool: 'slack_notify' });
 * ```
 */
export function createMemoryViolationStore(): ViolationStore {
  const index = new ViolationIndex();
  let closed = false;
  return {
    async append(v) {
      if (closed) throw closedError('violation');
      const parsed = deepCopy(checkViolation(v), `violation "${v.id}"`);
      if (index.has(parsed.id)) throw duplicateViolation(parsed.id);
      index.add(parsed);
    },
    async list(filter) {
      if (closed) throw closedError('violation');
      return index.list(filter).map((v) => structuredClone(v));
    },
    async close() {
      closed = true;
    },
  };
}
