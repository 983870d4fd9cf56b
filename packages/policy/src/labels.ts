/**
 * Trust labels: how far a value can be trusted, and where its taint came from.
 * The taint logic lives here; nothing else joins labels by hand.
 * @module
 */
import type { Trust } from './schema.js';

/** A step (and its tool) whose untrusted output flowed into a value. */
export interface Source {
  readonly step: string;
  readonly tool: string;
}

/**
 * Trust plus provenance. A trusted label has no sources.
 * @example
 * ```ts
 * const fromLogs: Label = untrusted({ step: 'logs', tool: 'docker_logs' }); // { trust: 'untrusted', sources: [{ step: 'logs', tool: 'docker_logs' }] }
 * joinLabels(TRUSTED, fromLogs).trust; // 'untrusted': untrusted wins, sources unite
 * ```
 */
export interface Label {
  readonly trust: Trust;
  readonly sources: readonly Source[];
}

/** The label of data nobody untrusted touched. */
export const TRUSTED: Label = Object.freeze({ trust: 'trusted', sources: Object.freeze([]) as readonly Source[] });

const sourceKey = (s: Source) => `${s.step}\u0000${s.tool}`;

/**
 * An untrusted label with the given sources (deduplicated, sorted: labels are deterministic).
 * @example
 * ```ts
 * const fromLogs = untrusted({ step: 'logs', tool: 'docker_logs' });
 * engine.decide({ tool: 'slack_notify', args: { text: '…' }, context: fromLogs }).verdict; // 'block'
 * ```
 */
export function untrusted(...sources: Source[]): Label {
  const seen = new Map<string, Source>();
  for (const s of sources) seen.set(sourceKey(s), { step: s.step, tool: s.tool });
  const sorted = [...seen.values()].sort(compareSources);
  canonical.add(sorted);
  return { trust: 'untrusted', sources: sorted };
}

/** Compare two sources in the canonical order (step, then tool). */
function compareSources(a: Source, b: Source): number {
  if (a === b) return 0;
  return a.step < b.step ? -1 : a.step > b.step ? 1 : a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0;
}

/** Source arrays built here, known to be canonical (checked once, not on every join). */
const canonical = new WeakSet<readonly Source[]>();

/**
 * Labels a join built, with the labels they were built from: a join result
 * holds every source of its parents, so joining it with a parent again needs
 * no scan (context mode joins each new output with the run's label).
 */
const parents = new WeakMap<Label, readonly Label[]>();
const derivedFrom = (child: Label, parent: Label): boolean => parents.get(child)?.includes(parent) === true;

/** Sorted and free of duplicates: the form {@link untrusted} produces. */
function isCanonical(sources: readonly Source[]): boolean {
  if (canonical.has(sources)) return true;
  for (let i = 1; i < sources.length; i++) if (compareSources(sources[i - 1]!, sources[i]!) >= 0) return false;
  return true;
}

/** Is every source of `b` in `a`? Both canonical: one linear pass, no allocation. */
function coversSorted(a: readonly Source[], b: readonly Source[]): boolean {
  if (b.length > a.length) return false;
  let i = 0;
  for (const s of b) {
    while (i < a.length && compareSources(a[i]!, s) < 0) i++;
    if (i === a.length || compareSources(a[i]!, s) !== 0) return false;
    i++;
  }
  return true;
}

/**
 * Join two untrusted labels. When one already holds every source of the
 * other it is returned as it is (no allocation); otherwise canonical inputs
 * are merged in one linear pass.
 */
function join2(a: Label, b: Label): Label {
  const as = a.sources;
  const bs = b.sources;
  if (derivedFrom(b, a)) return b;
  if (derivedFrom(a, b)) return a;
  if (!isCanonical(as) || !isCanonical(bs)) return untrusted(...as, ...bs);
  if (as.length >= 8 * bs.length) return joinSmall(a, bs);
  if (bs.length >= 8 * as.length) return joinSmall(b, as);
  if (coversSorted(as, bs)) return a;
  if (coversSorted(bs, as)) return b;
  const out: Source[] = [];
  let i = 0;
  let j = 0;
  while (i < as.length && j < bs.length) {
    const c = compareSources(as[i]!, bs[j]!);
    if (c < 0) out.push(as[i++]!);
    else if (c > 0) out.push(bs[j++]!);
    else {
      out.push(as[i++]!);
      j++;
    }
  }
  while (i < as.length) out.push(as[i++]!);
  while (j < bs.length) out.push(bs[j++]!);
  canonical.add(out);
  const joined: Label = { trust: 'untrusted', sources: out };
  parents.set(joined, [a, b]);
  return joined;
}

/** Index of `s` in canonical `list`, or `-(insertion point) - 1`. */
function search(list: readonly Source[], s: Source): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareSources(list[mid]!, s);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

/**
 * Join a big canonical label with a few canonical sources (the common case:
 * an output's own source added to what flowed in): binary search, then one
 * copy, instead of comparing every pair.
 */
function joinSmall(big: Label, small: readonly Source[]): Label {
  let out: Source[] | undefined;
  for (let k = small.length - 1; k >= 0; k--) {
    const s = small[k]!;
    const at = search(big.sources, s);
    if (at >= 0) continue;
    out ??= big.sources.slice();
    // Inserting from the largest down keeps earlier insertion points valid.
    out.splice(-at - 1, 0, s);
  }
  if (!out) return big;
  canonical.add(out);
  const joined: Label = { trust: 'untrusted', sources: out };
  parents.set(joined, [big]);
  return joined;
}

/**
 * Join: untrusted wins, sources unite. The join of nothing is {@link TRUSTED}.
 * @example
 * ```ts
 * joinLabels(TRUSTED, untrusted({ step: 'logs', tool: 'docker_logs' })).sources; // [{ step: 'logs', tool: 'docker_logs' }]
 * joinLabels().trust; // 'trusted'
 * ```
 */
export function joinLabels(...labels: ReadonlyArray<Label | undefined>): Label {
  let acc: Label | undefined;
  for (const l of labels) {
    if (!l || l.trust === 'trusted' || l === acc) continue;
    acc = acc ? join2(acc, l) : l;
  }
  return acc ?? TRUSTED;
}

/**
 * The distinct step ids among `sources`, sorted. One pass for the labels the
 * engine builds (already sorted by step); any other list is sorted here.
 * @example sourceSteps(untrusted({ step: 'b', tool: 'x' }, { step: 'a', tool: 'y' }).sources) // ['a', 'b']
 */
export function sourceSteps(sources: readonly Source[]): string[] {
  if (!canonical.has(sources)) return [...new Set(sources.map((s) => s.step))].sort();
  const out: string[] = [];
  let last: string | undefined;
  for (const s of sources) if (s.step !== last) out.push((last = s.step));
  return out;
}

/** True when `b` adds nothing to `a` (used to keep labels monotone). */
export function labelCovers(a: Label, b: Label): boolean {
  if (b.trust === 'trusted') return true;
  if (a.trust === 'trusted') return false;
  const keys = new Set(a.sources.map(sourceKey));
  return b.sources.every((s) => keys.has(sourceKey(s)));
}

/**
 * Field-level labels of one output. `root` labels the whole value; `fields`
 * overrides it below a path (normalised, e.g. `State.Health.Status`,
 * `items[*].name`).
 */
export interface OutputLabel {
  readonly root: Label;
  readonly fields?: Readonly<Record<string, Label>>;
}

/** An output label that is the same for every field. */
export function uniformLabel(label: Label): OutputLabel {
  return { root: label };
}

/** The label of the whole output: every field joined. */
export function wholeLabel(label: OutputLabel): Label {
  if (!label.fields) return label.root;
  return joinLabels(label.root, ...Object.values(label.fields));
}

/** Join an extra label into every field of an output label (taint only grows). */
export function taintOutputLabel(label: OutputLabel, extra: Label): OutputLabel {
  if (extra.trust === 'trusted') return label;
  const fields: Record<string, Label> = {};
  for (const [k, v] of Object.entries(label.fields ?? {})) fields[k] = joinLabels(v, extra);
  return { root: joinLabels(label.root, extra), ...(label.fields ? { fields } : {}) };
}
