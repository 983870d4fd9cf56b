/**
 * Violation records and the lines users know:
 * `⛔ 2 min ago · Workflow: "Database Health Monitor" · Tool: slack_notify · Reason: Blocked — untrusted data context · Source: docker_logs`
 * A record never holds the raw value it blocked; `attempted` is a redacted excerpt.
 * @module
 */
import { z } from 'zod';

/** A source of untrusted data in a violation record: the step and the tool that produced it. */
export const SourceSchema = z.strictObject({ step: z.string(), tool: z.string() });

/** One blocked or sanitized call. */
export const ViolationSchema = z.strictObject({
  /** Unique within a store. */
  id: z.string(),
  /** When it happened, ms since the epoch (passed in: the engine has no clock). */
  time: z.number(),
  /** `blocked`: a call or output was stopped; `sanitized`: the dual-LLM sanitizer judged an output. */
  kind: z.enum(['blocked', 'sanitized']),
  workflow: z.string(),
  run: z.string(),
  step: z.string(),
  tool: z.string(),
  /** `block` (call blocked), `output_blocked`, `rejected` (approval rejected), `safe`/`suspicious` (sanitizer). */
  verdict: z.enum(['block', 'output_blocked', 'rejected', 'safe', 'suspicious']),
  reason: z.string(),
  sources: z.array(SourceSchema),
  /** Id of the policy that decided. */
  policy: z.string().optional(),
  /** A short, redacted excerpt of what was attempted. */
  attempted: z.string().optional(),
  /** What the sanitizer detected. */
  detected: z.string().optional(),
});
/**
 * One blocked or sanitized call, as stored in the violation log (never the blocked value itself).
 * Print it with {@link formatViolation}.
 * @example
 * ```ts
 * const v: Violation = {
 *   id: 'v1', time: Date.now(), kind: 'blocked', workflow: 'Database Health Monitor', run: 'r1', step: 'notify',
 *   tool: 'slack_notify', verdict: 'block', reason: 'Blocked — untrusted data context: Cannot send untrusted data externally',
 *   sources: [{ step: 'logs', tool: 'docker_logs' }],
 * };
 * formatViolation(v, { now: Date.now() }); // ⛔ just now · Workflow: "Database Health Monitor" · Tool: slack_notify · … · Source: docker_logs
 * ```
 */
export type Violation = z.infer<typeof ViolationSchema>;

/**
 * `just now`, `2 min ago`, `1 hour ago`, `3 days ago`.
 * @example formatRelativeTime(now - 120_000, now) // '2 min ago'
 */
export function formatRelativeTime(time: number, now: number): string {
  const s = Math.max(0, Math.round((now - time) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** The reason without its trailing `(untrusted data from …)`, which the line prints as Source. */
export function shortReason(reason: string): string {
  // Greedy to the last `)`: the list itself holds parentheses (`docker_logs (step logs)`).
  return reason.replace(/\s*\(untrusted data from .*\)\s*$/s, '');
}

/** Options for {@link formatViolation}. */
export interface FormatViolationOptions {
  /** The current time in ms; the formatter has no clock of its own. */
  now: number;
  /** Separator between fields. Default `' · '`. */
  separator?: string;
}

/**
 * One violation as the line users read.
 * @example
 * ```ts
 * formatViolation(v, { now: Date.now() });
 * // ⛔ 2 min ago · Workflow: "Database Health Monitor" · Tool: slack_notify · Reason: Blocked — untrusted data context: … · Source: docker_logs
 * ```
 */
export function formatViolation(v: Violation, options: FormatViolationOptions): string {
  const sep = options.separator ?? ' · ';
  const when = formatRelativeTime(v.time, options.now);
  const parts = [`${v.kind === 'sanitized' ? '⚠️' : '⛔'} ${when}`, `Workflow: "${v.workflow}"`, `Tool: ${v.tool}`];
  if (v.kind === 'sanitized') {
    parts.push(`Action: Sanitized — dual LLM applied${v.verdict === 'suspicious' ? ', output blocked' : ''}`);
    if (v.detected) parts.push(`Detected: ${v.detected}`);
  } else {
    parts.push(`Reason: ${shortReason(v.reason)}`);
    const tools = [...new Set(v.sources.map((s) => s.tool))];
    if (tools.length) parts.push(`Source: ${tools.join(', ')}`);
    else if (v.attempted) parts.push(`Attempted: ${v.attempted}`);
  }
  return parts.join(sep);
}
