/**
 * What the privileged planner may see of a run: step statuses, policy
 * reasons, and only the *trusted* parts of outputs. Untrusted values appear
 * as handles (`{{ logs }}`, `{{ analysis.summary }}`), never as text.
 *
 * This module is the one gate between run results and the planner: the
 * planner takes run records and renders them only through it.
 * @module
 */
import { formatSegments, labelAt, parsePath, segmentsCompatible, type OutputLabel, type PathSegment } from '@agentos/policy';
import type { RunRecord, StepRecordState } from '@agentos/core';

/** Key of the placeholder that stands for the hidden (untrusted) rest of a partly trusted object. */
export const HIDDEN_REST_KEY = '…';

/** A value the planner may see: the trusted parts, with handles instead of untrusted ones. */
export type TrustedProjection = unknown;

/** The handle text for an untrusted value at `path` under `base`: `{{ base.path }}`. */
export function handleOf(base: string, path: ReadonlyArray<PathSegment>): string {
  const rest = formatSegments(path);
  if (!rest) return `{{ ${base} }}`;
  return `{{ ${base}${rest.startsWith('[') ? '' : '.'}${rest} }}`;
}

interface FieldEntry {
  segments: PathSegment[];
  trusted: boolean;
}

/**
 * Project a labelled output onto what the planner may see. Trusted values are
 * kept as they are; untrusted ones become the handle `{{ base.path }}`. An
 * untrusted object with trusted fields below it (declared by a trusted data
 * policy) keeps only those fields, plus `"…": "{{ base }}"` for the rest.
 * Keys of untrusted objects are never shown unless a policy names them.
 * @example
 * ```ts
 * projectTrusted({ text: 'DB_PASSWORD=…' }, { root: untrusted({ step: 'logs', tool: 'docker_logs' }) }, 'logs');
 * // '{{ logs }}'
 * ```
 */
export function projectTrusted(value: unknown, label: OutputLabel, base: string): TrustedProjection {
  const fields: FieldEntry[] = Object.entries(label.fields ?? {}).flatMap(([key, l]) => {
    const segments = parsePath(key);
    return segments ? [{ segments, trusted: l.trust === 'trusted' }] : [];
  });
  /** Trust of the nearest labelled ancestor (or the value itself), ignoring fields below it. */
  const ownTrusted = (path: PathSegment[]): boolean => {
    let best = -1;
    let trusted = label.root.trust === 'trusted';
    for (const f of fields) {
      if (f.segments.length <= path.length && f.segments.length > best && segmentsCompatible(f.segments, path, f.segments.length)) {
        best = f.segments.length;
        trusted = f.trusted;
      }
    }
    return trusted;
  };
  const visit = (v: unknown, path: PathSegment[]): unknown => {
    if (labelAt(label, path).trust === 'trusted') return v;
    if (v !== null && typeof v === 'object' && ownTrusted(path)) {
      // A trusted container with untrusted fields below: its keys are trusted, walk every child.
      if (Array.isArray(v)) return v.map((el, i) => visit(el, [...path, i]));
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, child]) => [k, visit(child, [...path, k])]));
    }
    const below = fields.filter((f) => f.trusted && f.segments.length > path.length && segmentsCompatible(f.segments, path, path.length));
    if (below.length === 0 || v === null || typeof v !== 'object') return handleOf(base, path);
    if (Array.isArray(v)) return v.map((el, i) => visit(el, [...path, i]));
    const out: Record<string, unknown> = {};
    const keys = new Set(below.map((f) => f.segments[path.length]).filter((s): s is string => typeof s === 'string'));
    for (const key of keys) {
      if (Object.prototype.hasOwnProperty.call(v, key)) out[key] = visit((v as Record<string, unknown>)[key], [...path, key]);
    }
    out[HIDDEN_REST_KEY] = handleOf(base, path);
    return out;
  };
  return visit(value, []);
}

/** Error codes whose messages are written by AgentOS itself (from schemas and the plan), so the planner may read them. */
export const PLANNER_SAFE_ERROR_CODES: ReadonlySet<string> = new Set([
  'UNKNOWN_TOOL',
  'TOOL_INPUT_INVALID',
  'TOOL_OUTPUT_INVALID',
  'UNRESOLVED_REFERENCE',
  'WORKFLOW_INVALID',
  'TIMEOUT',
  'CANCELLED',
]);

/** Options of {@link describeRunForPlanner}. */
export interface PlannerViewOptions {
  /** Most characters of each step's projected output. Default 1 500. */
  maxOutputChars?: number;
  /** Prefix of handles (default: the step id alone, e.g. `{{ logs }}`). */
  handleBase?: (stepId: string) => string;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (truncated)`;
}

/** One line about one step, from trusted facts only. */
export function describeStepForPlanner(step: StepRecordState, options: PlannerViewOptions = {}): string {
  const max = options.maxOutputChars ?? 1_500;
  const base = options.handleBase?.(step.id) ?? step.id;
  const head = `- ${step.id} (${step.tool}): ${step.status.replace('_', ' ')}`;
  switch (step.status) {
    case 'succeeded': {
      const label: OutputLabel = step.label ?? { root: { trust: 'untrusted', sources: [{ step: step.id, tool: step.tool }] } };
      const projected = projectTrusted(step.output, label, base);
      if (typeof projected === 'string' && projected === handleOf(base, [])) {
        return `${head}; output untrusted, hidden from you: ${projected}`;
      }
      const whole = step.outputOutcome === 'trusted';
      return `${head}; output${whole ? ' (trusted)' : ' (partly trusted; untrusted parts are hidden handles)'}: ${clip(JSON.stringify(projected) ?? 'null', max)}`;
    }
    case 'blocked':
    case 'skipped':
      return `${head}: ${step.reason ?? 'no reason recorded'}`;
    case 'failed': {
      const code = step.error?.code ?? 'ERROR';
      const message = step.error && PLANNER_SAFE_ERROR_CODES.has(code) ? `: ${clip(step.error.message, 400)}` : ' (details hidden: tool errors may carry untrusted text)';
      return `${head} (${code})${message}`;
    }
    case 'awaiting_approval':
      return `${head}: ${step.decision?.reason ?? 'a person must approve it'}`;
    default:
      return head;
  }
}

/**
 * A run as the planner may see it: the workflow's name and status, then one
 * line per step (see {@link describeStepForPlanner}). Never includes resolved
 * arguments (they may hold untrusted data) or untrusted output text.
 * @example
 * ```ts
 * describeRunForPlanner(run);
 * // Workflow "Triage": succeeded_with_violations
 * // - logs (docker_logs): succeeded; output untrusted, hidden from you: {{ logs }}
 * // - notify (slack_notify): blocked: Blocked — untrusted data context: …
 * ```
 */
export function describeRunForPlanner(run: RunRecord, options: PlannerViewOptions = {}): string {
  const order = run.json?.steps?.map((s) => s.id) ?? Object.keys(run.steps);
  const lines = [`Workflow "${run.workflow}": ${run.status}`];
  for (const id of order) {
    const step = run.steps[id];
    if (step) lines.push(describeStepForPlanner(step, options));
  }
  return lines.join('\n');
}
