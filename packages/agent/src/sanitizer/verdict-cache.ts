/**
 * A small TTL + size-bounded cache of sanitizer results, keyed by content hash.
 * @module
 */

/** Cache settings of the dual-LLM sanitizer. */
export interface VerdictCacheOptions {
  /** How long a verdict is reused. */
  ttlMs: number;
  /** Most verdicts kept; the least recently used go first. */
  maxEntries: number;
}

/**
 * Least-recently-used cache whose entries expire `ttlMs` after they were set.
 * The clock is injected so tests can move time.
 * @example
 * ```ts
 * const cache = new VerdictCache<string>({ ttlMs: 60_000, maxEntries: 100 }, Date.now);
 * cache.set('k', 'v'); cache.get('k'); // 'v'
 * ```
 */
export class VerdictCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  constructor(
    private readonly options: VerdictCacheOptions,
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.expires <= this.now()) return undefined;
    this.entries.set(key, hit); // most recently used last
    return hit.value;
  }

  set(key: string, value: V): void {
    if (this.options.maxEntries <= 0 || this.options.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
