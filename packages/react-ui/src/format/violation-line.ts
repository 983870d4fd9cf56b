/**
 * Browser-safe formatting of violation records: the lines users know
 * (`⛔ 2 min ago · Workflow: "…" · Tool: … · Reason: … · Source: …`).
 * Mirrors `formatViolation` of `@agentos/policy` (a test keeps them equal)
 * without pulling the policy engine into a browser bundle.
 * @module
 */
import type { Violation } from '@agentos/policy';

/**
 * `just now`, `2 min ago`, `1 hour ago`, `3 days ago`.
 * @example relativeTime(Date.now() - 120_000, Date.now()) // '2 min ago'
 */
export function relativeTime(time: number, now: number): string {
  const s = Math.max(0, Math.round((now - time) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/**
 * A reason without its trailing `(untrusted data from …)`, which lines print as Source.
 * @example stripSources('Blocked — x (untrusted data from docker_logs (step logs))') // 'Blocked — x'
 */
export function stripSources(reason: string): string {
  return reason.replace(/\s*\(untrusted data from .*\)\s*$/s, '');
}

/**
 * The deciding policy's own words inside an engine reason:
 * `Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from …)`
 * → `Cannot send untrusted data externally`.
 * @example policyReason('Blocked — always blocked: shell injection risk') // 'shell injection risk'
 */
export function policyReason(reason: string): string {
  const short = stripSources(reason);
  const m = /^(?:Blocked|Output blocked|Approval required|Allowed)(?: — [^:]+)?: (.+)$/s.exec(short);
  return (m?.[1] ?? short).trim();
}

/**
 * The icon of a violation: ⛔ for blocked, ⚠️ for sanitized.
 * @example violationIcon({ kind: 'sanitized' }) // '⚠️'
 */
export function violationIcon(v: Pick<Violation, 'kind'>): string {
  return v.kind === 'sanitized' ? '⚠️' : '⛔';
}

/** The fields of a violation line, for tables. */
export interface ViolationFields {
  icon: string;
  when: string;
  workflow: string;
  tool: string;
  /** `Reason: …` for blocked calls, `Action: …` for sanitized outputs. */
  outcome: { label: 'Reason' | 'Action'; text: string };
  /** `Source: docker_logs`, `Attempted: …` or `Detected: …`, when known. */
  detail?: { label: 'Source' | 'Attempted' | 'Detected'; text: string };
}

/**
 * Split a violation into the fields of its line.
 * @example violationFields(v, Date.now()).outcome // { label: 'Reason', text: 'Blocked — untrusted data context: …' }
 */
export function violationFields(v: Violation, now: number): ViolationFields {
  const base = { icon: violationIcon(v), when: relativeTime(v.time, now), workflow: v.workflow, tool: v.tool };
  if (v.kind === 'sanitized') {
    const text = `Sanitized — dual LLM applied${v.verdict === 'suspicious' ? ', output blocked' : ''}`;
    return { ...base, outcome: { label: 'Action', text }, ...(v.detected ? { detail: { label: 'Detected', text: v.detected } } : {}) };
  }
  const tools = [...new Set(v.sources.map((s) => s.tool))];
  const detail = tools.length
    ? { label: 'Source' as const, text: tools.join(', ') }
    : v.attempted
      ? { label: 'Attempted' as const, text: v.attempted }
      : undefined;
  return { ...base, outcome: { label: 'Reason', text: stripSources(v.reason) }, ...(detail ? { detail } : {}) };
}

/**
 * One violation as the line users read (same text as `formatViolation` of `@agentos/policy`).
 * @example
 * ```ts
 * formatViolationLine(v, Date.now());
 * // ⛔ 2 min ago · Workflow: "Database Health Monitor" · Tool: slack_notify · Reason: Blocked — … · Source: docker_logs
 * ```
 */
export function formatViolationLine(v: Violation, now: number, separator = ' · '): string {
  const f = violationFields(v, now);
  const parts = [`${f.icon} ${f.when}`, `Workflow: "${f.workflow}"`, `Tool: ${f.tool}`, `${f.outcome.label}: ${f.outcome.text}`];
  if (f.detail) parts.push(`${f.detail.label}: ${f.detail.text}`);
  return parts.join(separator);
}

/**
 * The short message a run shows for a blocked step (product story 7):
 * `❌ Policy Violation · Tool: slack_notify · Reason: Cannot send untrusted data externally`.
 * @example blockedStepMessage('slack_notify', 'Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from docker_logs (step logs))')
 */
export function blockedStepMessage(tool: string, reason: string): string {
  return `❌ Policy Violation · Tool: ${tool} · Reason: ${policyReason(reason)}`;
}
