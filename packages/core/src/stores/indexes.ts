/**
 * In-memory indexes behind every store: the memory stores are just these,
 * the file stores keep one in front of their log. Filtering and ordering live
 * here so every implementation lists the same way.
 *
 * Ordering is newest first: runs by `startedAt`, violations by `time`; ties go
 * to the one stored later. `since` is inclusive (`>= since`).
 * @module
 */
import type { Violation } from '@agentos/policy';
import { StoreError } from './errors.js';
import type { RunFilter, RunRecord, RunStatus, ViolationFilter } from './types.js';
import { RUN_STATUSES } from './validate.js';

function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new StoreError('STORE_FILTER_INVALID', `filter.limit must be a whole number >= 0, got ${String(limit)}`);
  }
}

function checkSince(since: number | undefined): void {
  if (since !== undefined && !(typeof since === 'number' && !Number.isNaN(since))) {
    throw new StoreError('STORE_FILTER_INVALID', `filter.since must be a time in ms since the epoch, got ${String(since)}`, {
      hint: 'pass e.g. Date.now() - 3_600_000 for the last hour',
    });
  }
}

/**
 * Runs by id, each with the order it was first stored in.
 * Holds the objects it is given: callers pass copies they own.
 * @example
 * ```ts
 * const index = new RunIndex();
 * index.put(run);
 * index.list({ status: 'awaiting_approval' });
 * ```
 */
export class RunIndex {
  readonly #runs = new Map<string, { run: RunRecord; seq: number }>();
  #nextSeq = 0;

  /** Number of runs. */
  get size(): number {
    return this.#runs.size;
  }

  has(id: string): boolean {
    return this.#runs.has(id);
  }

  /** Insert or replace a run (it keeps its first position). Returns true if it replaced one. */
  put(run: RunRecord): boolean {
    const existing = this.#runs.get(run.id);
    if (existing) {
      existing.run = run;
      return true;
    }
    this.#runs.set(run.id, { run, seq: this.#nextSeq++ });
    return false;
  }

  /** The stored object itself (not a copy). */
  get(id: string): RunRecord | undefined {
    return this.#runs.get(id)?.run;
  }

  /** The stored objects, in the order they were first stored. */
  *values(): IterableIterator<RunRecord> {
    for (const { run } of this.#runs.values()) yield run;
  }

  /** Matching stored objects (not copies), newest first. */
  list(filter: RunFilter = {}): RunRecord[] {
    checkLimit(filter.limit);
    checkSince(filter.since);
    let statuses: Set<RunStatus> | undefined;
    if (filter.status !== undefined) {
      const wanted = Array.isArray(filter.status) ? filter.status : [filter.status];
      for (const s of wanted) {
        if (!(RUN_STATUSES as readonly string[]).includes(s)) {
          throw new StoreError('STORE_FILTER_INVALID', `filter.status: unknown run status "${String(s)}"`, {
            hint: `expected one of ${RUN_STATUSES.join(', ')}`,
          });
        }
      }
      statuses = new Set(wanted);
    }
    const out: Array<{ run: RunRecord; seq: number }> = [];
    for (const entry of this.#runs.values()) {
      const { run } = entry;
      if (filter.workflow !== undefined && run.workflow !== filter.workflow) continue;
      if (statuses && !statuses.has(run.status)) continue;
      if (filter.since !== undefined && run.startedAt < filter.since) continue;
      out.push(entry);
    }
    out.sort((a, b) => b.run.startedAt - a.run.startedAt || b.seq - a.seq);
    const limited = filter.limit === undefined ? out : out.slice(0, filter.limit);
    return limited.map((e) => e.run);
  }
}

/**
 * Violations kept sorted by (time, arrival), with a set of their ids.
 * Holds the objects it is given: callers pass copies they own.
 * @example
 * ```ts
 * const index = new ViolationIndex();
 * index.add(v);
 * index.list({ tool: 'slack_notify', limit: 10 });
 * ```
 */
export class ViolationIndex {
  /** Ascending by time; equal times in arrival order. */
  readonly #items: Violation[] = [];
  readonly #ids = new Set<string>();

  get size(): number {
    return this.#items.length;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Add a violation; the caller checks for duplicate ids first. */
  add(v: Violation): void {
    const items = this.#items;
    // Violations nearly always arrive in time order: the common case is a push.
    if (items.length === 0 || items[items.length - 1]!.time <= v.time) {
      items.push(v);
    } else {
      // First position whose time is greater than v.time (after equal times).
      let lo = 0;
      let hi = items.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (items[mid]!.time <= v.time) lo = mid + 1;
        else hi = mid;
      }
      items.splice(lo, 0, v);
    }
    this.#ids.add(v.id);
  }

  /** Matching stored objects (not copies), newest first. */
  list(filter: ViolationFilter = {}): Violation[] {
    checkLimit(filter.limit);
    checkSince(filter.since);
    const out: Violation[] = [];
    const limit = filter.limit ?? Infinity;
    for (let i = this.#items.length - 1; i >= 0 && out.length < limit; i--) {
      const v = this.#items[i]!;
      // Sorted by time: nothing older can match `since`.
      if (filter.since !== undefined && v.time < filter.since) break;
      if (filter.workflow !== undefined && v.workflow !== filter.workflow) continue;
      if (filter.tool !== undefined && v.tool !== filter.tool) continue;
      if (filter.run !== undefined && v.run !== filter.run) continue;
      if (filter.kind !== undefined && v.kind !== filter.kind) continue;
      out.push(v);
    }
    return out;
  }
}
