/**
 * Durable run and violation stores: append-only JSON-lines files in one
 * directory (`runs.jsonl`, `violations.jsonl`), with an in-memory index in
 * front for `get`/`list`.
 *
 * A crash (even SIGKILL or power loss, with the default `fsync: true`) loses
 * at most the record being written; earlier records are never touched. Runs
 * that were `running` or `awaiting_approval` when the process died are still
 * there after a restart, so the runtime can list them and resume or fail them.
 * @module
 */
import { join, resolve } from 'node:path';
import { openAppendLog, type AppendLog } from './append-log.js';
import { duplicateViolation, StoreError } from './errors.js';
import { RunIndex, ViolationIndex } from './indexes.js';
import { createSerialQueue } from './serial-queue.js';
import type { RunRecord, RunStore, ViolationStore } from './types.js';
import type { Violation } from '@agentos/policy';
import { checkRun, checkViolation, jsonCopy } from './validate.js';

/** File name of the run log inside a store directory. */
export const RUNS_FILE = 'runs.jsonl';
/** File name of the violation log inside a store directory. */
export const VIOLATIONS_FILE = 'violations.jsonl';

/** Options shared by the file stores. */
export interface FileStoreOptions {
  /** Directory of the log files; created (mode 0700) if missing. */
  dir: string;
  /**
   * Sync each record to disk before `save`/`append` resolves, so it survives
   * a power loss and not only a process crash. Default `true`.
   */
  fsync?: boolean;
  /**
   * Called for a line that cannot be read back (garbled JSON, a record of the
   * wrong shape). The line is skipped and every other record is kept.
   * Default: a process warning with code `AGENTOS_STORE_CORRUPT_LINE`.
   */
  onCorrupt?: (lineNumber: number, error: Error, file: string) => void;
}

/** When a {@link FileRunStore} compacts by itself (on open and after a save). */
export interface AutoCompactOptions {
  /** Compact when superseded snapshots exceed this many times the live runs. Default 5. */
  ratio?: number;
  /** …and there are at least this many superseded snapshots. Default 1000. */
  minSuperseded?: number;
}

/** Options of {@link createFileRunStore}. */
export interface FileRunStoreOptions extends FileStoreOptions {
  /** `false` to compact only when {@link FileRunStore.compact} is called. */
  autoCompact?: false | AutoCompactOptions;
}

/** A {@link RunStore} on disk. */
export interface FileRunStore extends RunStore {
  /** Absolute path of `runs.jsonl`. */
  readonly file: string;
  /** Live runs and superseded snapshots (lines a compaction would drop). */
  stats(): { runs: number; superseded: number };
  /**
   * Rewrite the log with only the latest snapshot of each run, atomically
   * (temp file + fsync + rename): a crash during compaction leaves the old
   * log or the new one, never a mix.
   */
  compact(): Promise<{ linesBefore: number; linesAfter: number }>;
  /** Wait for pending saves, close the file and release its lock. */
  close(): Promise<void>;
}

/** A {@link ViolationStore} on disk. */
export interface FileViolationStore extends ViolationStore {
  /** Absolute path of `violations.jsonl`. */
  readonly file: string;
  /** Wait for pending appends, close the file and release its lock. */
  close(): Promise<void>;
}

function closedError(file: string): StoreError {
  return new StoreError('STORE_CLOSED', `the store at ${file} is closed`, { hint: 'open the store again' });
}

function corruptHandler(options: FileStoreOptions, file: string): ((line: number, error: Error) => void) | undefined {
  const onCorrupt = options.onCorrupt;
  return onCorrupt ? (line, error) => onCorrupt(line, error, file) : undefined;
}

/**
 * Open (or create) the run store in `dir`: `runs.jsonl`, where each `save`
 * appends the whole run snapshot and, on open, the last snapshot of each run
 * wins. Superseded snapshots are dropped by {@link FileRunStore.compact},
 * which runs by itself when they exceed 5× the live runs (and 1000 lines).
 * @example
 * ```ts
 * const runs = await createFileRunStore({ dir: '.agentos' });
 * await runs.save(run);
 * const unfinished = await runs.list({ status: ['running', 'awaiting_approval'] });
 * await runs.close();
 * ```
 */
export async function createFileRunStore(options: FileRunStoreOptions): Promise<FileRunStore> {
  const file = join(resolve(options.dir), RUNS_FILE);
  const log: AppendLog<RunRecord> = await openAppendLog<RunRecord>(file, {
    fsync: options.fsync ?? true,
    validate: checkRun,
    onCorrupt: corruptHandler(options, file),
  });
  const index = new RunIndex();
  let superseded = 0;
  try {
    for (const run of await log.readAll()) if (index.put(run)) superseded++;
  } catch (e) {
    await log.close();
    throw e;
  }

  const auto = options.autoCompact === false ? undefined : { ratio: options.autoCompact?.ratio ?? 5, minSuperseded: options.autoCompact?.minSuperseded ?? 1000 };
  /** After a failed automatic compaction, wait for this many superseded lines before trying again. */
  let nextAutoAttempt = 0;
  const queue = createSerialQueue();
  let closed = false;

  const compactNow = async () => {
    const linesBefore = index.size + superseded;
    await log.rewrite(() => index.values());
    superseded = 0;
    nextAutoAttempt = 0;
    return { linesBefore, linesAfter: index.size };
  };

  const maybeAutoCompact = async () => {
    if (!auto || superseded < nextAutoAttempt) return;
    if (superseded > Math.max(auto.ratio * index.size, auto.minSuperseded)) {
      try {
        await compactNow();
      } catch (e) {
        // The save that triggered this already succeeded; report the failure and retry later.
        nextAutoAttempt = superseded + auto.minSuperseded;
        process.emitWarning(`automatic compaction of ${file} failed (will retry later): ${(e as Error).message}`, { code: 'AGENTOS_STORE_COMPACT_FAILED' });
      }
    }
  };

  try {
    await maybeAutoCompact();
  } catch (e) {
    await log.close();
    throw e;
  }

  return {
    file,
    async save(run) {
      if (closed) throw closedError(file);
      checkRun(run);
      // Snapshot now: the caller may keep changing its object after this call.
      const stored = jsonCopy(run, `run "${run.id}"`);
      await queue.run(async () => {
        if (closed) throw closedError(file);
        await log.append(stored);
        if (index.put(stored)) superseded++;
        await maybeAutoCompact();
      });
    },
    async get(id) {
      if (closed) throw closedError(file);
      const run = index.get(id);
      return run === undefined ? undefined : structuredClone(run);
    },
    async list(filter) {
      if (closed) throw closedError(file);
      return index.list(filter).map((r) => structuredClone(r));
    },
    stats() {
      return { runs: index.size, superseded };
    },
    compact() {
      return queue.run(async () => {
        if (closed) throw closedError(file);
        return compactNow();
      });
    },
    async close() {
      await queue.run(async () => {
        if (closed) return;
        closed = true;
        await log.close();
      });
    },
  };
}

/**
 * Open (or create) the violation store in `dir`: `violations.jsonl`, one
 * violation per line, never rewritten. Each violation is checked against
 * `ViolationSchema` on append (`STORE_RECORD_INVALID` otherwise) and ids are
 * unique (`STORE_DUPLICATE_ID`).
 * @example
 * ```ts
 * const violations = await createFileViolationStore({ dir: '.agentos' });
 * await violations.append(v);
 * await violations.list({ since: Date.now() - 86_400_000, workflow: 'Database Health Monitor' });
 * ```
 */
export async function createFileViolationStore(options: FileStoreOptions): Promise<FileViolationStore> {
  const file = join(resolve(options.dir), VIOLATIONS_FILE);
  const seen = new Set<string>();
  const log: AppendLog<Violation> = await openAppendLog<Violation>(file, {
    fsync: options.fsync ?? true,
    validate: (value) => {
      const v = checkViolation(value);
      // Only a hand-edited file (or a second writer) can hold one twice: keep the first.
      if (seen.has(v.id)) throw duplicateViolation(v.id);
      seen.add(v.id);
      return v;
    },
    onCorrupt: corruptHandler(options, file),
  });
  const index = new ViolationIndex();
  try {
    for (const v of await log.readAll()) index.add(v);
  } catch (e) {
    await log.close();
    throw e;
  }
  const queue = createSerialQueue();
  let closed = false;

  return {
    file,
    async append(v) {
      if (closed) throw closedError(file);
      const stored = jsonCopy(checkViolation(v), `violation "${v.id}"`);
      await queue.run(async () => {
        if (closed) throw closedError(file);
        if (index.has(stored.id)) throw duplicateViolation(stored.id);
        await log.append(stored);
        index.add(stored);
      });
    },
    async list(filter) {
      if (closed) throw closedError(file);
      return index.list(filter).map((v) => structuredClone(v));
    },
    async close() {
      await queue.run(async () => {
        if (closed) return;
        closed = true;
        await log.close();
      });
    },
  };
}
