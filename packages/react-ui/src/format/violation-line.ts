/**
 * Violation lines for the widgets: the one implementation lives in
 * `@agentos/policy/format` (zod-free, browser-safe); this module keeps the
 * widgets' names for it.
 * @module
 */
import type { Violation } from '@agentos/policy';
import { formatViolation, shortReason } from '@agentos/policy/format';

export {
  formatRelativeTime as relativeTime,
  policyReason,
  violationIcon,
  violationFields,
  blockedStepMessage,
  type ViolationFields,
} from '@agentos/policy/format';

/** A reason without its trailing `(untrusted data from …)`. */
export const stripSources = shortReason;

/**
 * One violation as the line users read (the same text as `formatViolation`).
 * @example formatViolationLine(v, Date.now()) // ⛔ 2 min ago · Workflow: "…" · Tool: slack_notify · Reason: … · Source: docker_logs
 */
export function formatViolationLine(v: Violation, now: number, separator = ' · '): string {
  return formatViolation(v, { now, separator });
}
