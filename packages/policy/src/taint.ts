/**
 * Taint tracking for one run: every value carries a label, and a call's
 * context is the join of what flows into it — its argument references (down
 * to the field), its run condition (control flow) and, in `context` mode,
 * every untrusted output seen so far in the run.
 * @module
 */
import { z } from 'zod';
import { UnresolvedReferenceError, type ErrorPath } from './errors.js';
import { compileCondition } from './conditions.js';
import { joinLabels, TRUSTED, untrusted, wholeLabel, type Label, type OutputLabel } from './labels.js';
import { formatSegments, parsePath, readPath, segmentsCompatible, type PathSegment } from './path.js';
import { findReferences, parseReference, resolveReferences, type Reference } from './references.js';
import { OperatorSchema } from './schema.js';

/** `dataflow` (precise, default) or `context` (once untrusted data appears, every later call is untrusted). */
export const TaintModeSchema = z.enum(['dataflow', 'context']);
/** How taint flows in a run: `'dataflow'` (default) or `'context'`. */
export type TaintMode = z.infer<typeof TaintModeSchema>;

/** A run condition: `{ ref: 'health.status', operator: 'equal', value: 'unhealthy' }`. */
export const WhenSchema = z.strictObject({
  ref: z.string().min(1, 'ref names an earlier output, e.g. health.status'),
  operator: OperatorSchema,
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});
/** A run condition (see {@link WhenSchema}), e.g. `{ ref: 'health.status', operator: 'equal', value: 'unhealthy' }`. */
export type When = z.infer<typeof WhenSchema>;

/** What happened to a step, as far as taint is concerned. */
export type StepRecord =
  | { status: 'done'; tool: string; output: unknown; label: OutputLabel; control: Label }
  | { status: 'blocked'; tool: string; reason: string }
  | { status: 'skipped'; tool: string; reason: string }
  | { status: 'failed'; tool: string; reason: string };

/** A call ready for the engine. */
export interface PreparedCall {
  /** Arguments with every reference replaced. */
  args: unknown;
  /** The label to hand the engine: data ⊔ control (⊔ everything seen, in context mode). */
  context: Label;
  /** Join of the argument references' labels. */
  data: Label;
  /** Join of the run condition's labels and the dependencies' control labels. */
  control: Label;
  references: Reference[];
}

const segmentCache = new Map<string, ReadonlyArray<PathSegment>>();
function segmentsOf(key: string): ReadonlyArray<PathSegment> {
  let s = segmentCache.get(key);
  if (!s) {
    s = parsePath(key) ?? [];
    if (segmentCache.size < 10_000) segmentCache.set(key, s);
  }
  return s;
}

/**
 * The label of the value at `path` inside an output: the nearest labelled
 * ancestor (or the field itself), joined with every labelled field below it
 * (they are part of the value read).
 */
export function labelAt(label: OutputLabel, path: ReadonlyArray<PathSegment>): Label {
  if (!label.fields) return label.root;
  let nearest: Label = label.root;
  let nearestLen = -1;
  const below: Label[] = [];
  for (const [key, l] of Object.entries(label.fields)) {
    const segs = segmentsOf(key);
    if (segs.length <= path.length) {
      if (segs.length > nearestLen && segmentsCompatible(segs, path, segs.length)) {
        nearest = l;
        nearestLen = segs.length;
      }
    } else if (segmentsCompatible(segs, path, path.length)) {
      below.push(l);
    }
  }
  return below.length ? joinLabels(nearest, ...below) : nearest;
}

/**
 * Labels of one run. Used by `simulate` and by `@agentos/core`'s runtime, so
 * the preview and the real run follow the same rules.
 * @example
 * ```ts
 * const taint = new TaintTracker('dataflow');
 * taint.recordOutput('logs', 'docker_logs', 'DB_PASSWORD=…', { root: untrusted({ step: 'logs', tool: 'docker_logs' }) }, TRUSTED);
 * taint.prepare({ args: { text: '{{ logs }}' } }).context.trust; // 'untrusted'
 * ```
 */
export class TaintTracker {
  private readonly steps = new Map<string, StepRecord>();
  private seenLabel: Label = TRUSTED;
  /** Untrusted labels recorded since `seenLabel` was last computed (joined lazily: dataflow runs never pay for it). */
  private pendingSeen: Label[] = [];

  constructor(readonly mode: TaintMode = 'dataflow') {}

  /** A named input of the run (its trigger or caller input), trusted unless labelled otherwise. */
  setInput(name: string, value: unknown, label: Label = TRUSTED): void {
    this.record(name, { status: 'done', tool: name, output: value, label: { root: label }, control: TRUSTED });
  }

  recordOutput(step: string, tool: string, output: unknown, label: OutputLabel, control: Label): void {
    this.record(step, { status: 'done', tool, output, label, control });
  }

  recordBlocked(step: string, tool: string, reason: string): void {
    this.record(step, { status: 'blocked', tool, reason });
  }

  recordSkipped(step: string, tool: string, reason: string): void {
    this.record(step, { status: 'skipped', tool, reason });
  }

  recordFailed(step: string, tool: string, reason: string): void {
    this.record(step, { status: 'failed', tool, reason });
  }

  private record(step: string, rec: StepRecord): void {
    this.steps.set(step, rec);
    if (rec.status === 'done') {
      const whole = wholeLabel(rec.label);
      if (whole.trust === 'untrusted') this.pendingSeen.push(whole);
    }
  }

  /** What is known of a step. */
  get(step: string): StepRecord | undefined {
    return this.steps.get(step);
  }

  /** Join of every output recorded so far (what `context` mode taints with). */
  seen(): Label {
    if (this.pendingSeen.length) {
      this.seenLabel = joinLabels(this.seenLabel, ...this.pendingSeen);
      this.pendingSeen = [];
    }
    return this.seenLabel;
  }

  /** Taint everything from now on (e.g. an MCP client's LLM saw an untrusted result). */
  taintSeen(label: Label): void {
    if (label.trust === 'untrusted') this.pendingSeen.push(label);
  }

  /** Read a referenced value and its label. Throws {@link UnresolvedReferenceError} when it cannot. */
  read(ref: Pick<Reference, 'step' | 'segments' | 'raw'> & { at?: ErrorPath }): { value: unknown; label: Label } {
    const rec = this.steps.get(ref.step);
    const at = ref.at ?? [];
    if (!rec) throw new UnresolvedReferenceError(`${ref.raw} refers to "${ref.step}", which has not produced an output`, { path: at, details: { step: ref.step, why: 'unknown' } });
    if (rec.status !== 'done') {
      throw new UnresolvedReferenceError(`${ref.raw} refers to step "${ref.step}", which was ${rec.status} (${rec.reason})`, {
        path: at,
        details: { step: ref.step, why: rec.status },
      });
    }
    const r = readPath(rec.output, ref.segments);
    if (!r.found) {
      throw new UnresolvedReferenceError(`${ref.raw}: "${ref.step}" has no field ${r.missing}`, { path: at, details: { step: ref.step, why: 'missing' } });
    }
    return { value: r.value, label: labelAt(rec.label, ref.segments) };
  }

  /** The control label of a finished step (what made it run). */
  controlOf(step: string): Label {
    const rec = this.steps.get(step);
    return rec?.status === 'done' ? rec.control : TRUSTED;
  }

  /**
   * Evaluate a run condition. Returns whether it holds and the label of what it read.
   * Throws {@link UnresolvedReferenceError} when the referenced value is unavailable.
   */
  evaluateWhen(when: When | ReadonlyArray<When>, at: ErrorPath = ['when']): { holds: boolean; label: Label } {
    const list = Array.isArray(when) ? (when as When[]) : [when as When];
    let holds = true;
    const labels: Label[] = [];
    list.forEach((w, i) => {
      const ref = parseReference(w.ref, Array.isArray(when) ? [...at, i, 'ref'] : [...at, 'ref']);
      const { value, label } = this.read(ref);
      labels.push(label);
      const c = compileCondition({ key: 'v', operator: w.operator, value: w.value });
      if ('field' in c) throw new UnresolvedReferenceError(`invalid condition: ${c.message}`, { path: at });
      if (!c.test(value)) holds = false;
    });
    return { holds, label: joinLabels(...labels) };
  }

  /**
   * Resolve a step's arguments and compute its context. `step.after` lists the
   * steps this one runs after (their control flow taints it); `step.whenLabel`
   * is the label of its run condition (from {@link TaintTracker.evaluateWhen}).
   */
  prepare(step: { args: unknown; after?: ReadonlyArray<string>; whenLabel?: Label }): PreparedCall {
    const references = findReferences(step.args);
    const labels: Label[] = [];
    const args = resolveReferences(step.args, (ref) => {
      const { value, label } = this.read(ref);
      labels.push(label);
      return value;
    });
    const data = joinLabels(...labels);
    const control = joinLabels(step.whenLabel, ...(step.after ?? []).map((s) => this.controlOf(s)), ...references.map((r) => this.controlOf(r.step)));
    const context = this.mode === 'context' ? joinLabels(this.seen(), data, control) : joinLabels(data, control);
    return { args, context, data, control, references };
  }
}

/** An untrusted label whose source is one step. */
export const sourceLabel = (step: string, tool: string): Label => untrusted({ step, tool });

/** Normalise a field path for use as an {@link OutputLabel} key. */
export const fieldKey = (path: string): string => formatSegments(parsePath(path) ?? []);
