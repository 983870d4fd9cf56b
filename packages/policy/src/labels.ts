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

/** Trust plus provenance. A trusted label has no sources. */
export interface Label {
  readonly trust: Trust;
  readonly sources: readonly Source[];
}

/** The label of data nobody untrusted touched. */
export const TRUSTED: Label = Object.freeze({ trust: 'trusted', sources: Object.freeze([]) as readonly Source[] });

const sourceKey = (s: Source) => `${s.step}\u0000${s.tool}`;
const bySource = (a: Source, b: Source) => (a.step < b.step ? -1 : a.step > b.step ? 1 : a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0);

/** An untrusted label with the given sources (deduplicated, sorted: labels are deterministic). */
export function untrusted(...sources: Source[]): Label {
  const seen = new Map<string, Source>();
  for (const s of sources) seen.set(sourceKey(s), { step: s.step, tool: s.tool });
  return { trust: 'untrusted', sources: [...seen.values()].sort(bySource) };
}

/** Join: untrusted wins, sources unite. The join of nothing is {@link TRUSTED}. */
export function joinLabels(...labels: ReadonlyArray<Label | undefined>): Label {
  let first: Label | undefined;
  let many = false;
  for (const l of labels) {
    if (!l || l.trust === 'trusted') continue;
    if (!first) first = l;
    else if (l !== first) many = true;
  }
  if (!first) return TRUSTED;
  if (!many) return first;
  const all: Source[] = [];
  for (const l of labels) if (l && l.trust === 'untrusted') all.push(...l.sources);
  return untrusted(...all);
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
