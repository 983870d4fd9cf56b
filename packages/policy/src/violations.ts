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
 * Print it with `formatViolation(violation, { now })`.
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

export { formatRelativeTime, shortReason, policyReason, violationIcon, violationFields, formatViolation, blockedStepMessage } from './format.js';
export type { FormatViolationOptions, ViolationFields } from './format.js';
