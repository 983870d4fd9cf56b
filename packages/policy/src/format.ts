/**
 * `@agentos/policy/format`: the lines users know, for violation records —
 * `⛔ 2 min ago · Workflow: "Database Health Monitor" · Tool: slack_notify · Reason: … · Source: docker_logs`.
 * No zod and no engine: safe and small in a browser bundle (the React widgets use it).
 * @module
 */

/** The fields of a violation record these functions read (structurally, so no schema is pulled in). */
export interface ViolationLike {
  time: number;
  kind: 'blocked' | 'sanitized';
  workflow: string;
  tool: string;
  verdict: string;
  reason: string;
  sources: ReadonlyArray<{ step: string; tool: string }>;
  attempted?: string | undefined;
  detected?: string | undefined;
}

/**
 * `just now`, `2 min ago`, `1 hour ago`, `3 days ago`.
 * @example formatRelativeTime(Date.now() - 120_000, Date.now()) // '2 min ago'
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

/**
 * The reason without its trailing `(untrusted data from …)`, which a line prints as Source.
 * @example shortReason('Blocked — x (untrusted data from docker_logs (step logs))') // 'Blocked — x'
 */
export function shortReason(reason: string): string {
  // Greedy to the last `)`: the list itself holds parentheses (`docker_logs (step logs)`).
  return reason.replace(/\s*\(untrusted data from .*\)\s*$/s, '');
}

/**
 * The deciding policy's own words inside an engine reason.
 * @example policyReason('Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from docker_logs)') // 'Cannot send untrusted data externally'
 */
export function policyReason(reason: string): string {
  const short = shortReason(reason);
  const m = /^(?:Blocked|Output blocked|Approval required|Allowed)(?: — [^:]+)?: (.+)$/s.exec(short);
  return (m?.[1] ?? short).trim();
}

/**
 * ⛔ for blocked, ⚠️ for sanitized.
 * @example violationIcon({ kind: 'sanitized' }) // '⚠️'
 */
export function violationIcon(v: Pick<ViolationLike, 'kind'>): string {
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
 * @example violationFields(v, Date.now()).detail // { label: 'Source', text: 'docker_logs' }
 */
export function violationFields(v: ViolationLike, now: number): ViolationFields {
  const base = { icon: violationIcon(v), when: formatRelativeTime(v.time, now), workflow: v.workflow, tool: v.tool };
  if (v.kind === 'sanitized') {
    const text = `Sanitized — dual LLM applied${v.verdict === 'suspicious' ? ', output blocked' : ''}`;
    return { ...base, outcome: { label: 'Action', text }, ...(v.detected ? { detail: { label: 'Detected' as const, text: v.detected } } : {}) };
  }
  const tools = [...new Set(v.sources.map((s) => s.tool))];
  const detail = tools.length ? { label: 'Source' as const, text: tools.join(', ') } : v.attempted ? { label: 'Attempted' as const, text: v.attempted } : undefined;
  return { ...base, outcome: { label: 'Reason', text: shortReason(v.reason) }, ...(detail ? { detail } : {}) };
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
export function formatViolation(v: ViolationLike, options: FormatViolationOptions): string {
  const f = violationFields(v, options.now);
  const parts = [`${f.icon} ${f.when}`, `Workflow: "${f.workflow}"`, `Tool: ${f.tool}`, `${f.outcome.label}: ${f.outcome.text}`];
  if (f.detail) parts.push(`${f.detail.label}: ${f.detail.text}`);
  return parts.join(options.separator ?? ' · ');
}

/**
 * The short message for a blocked step (product story 7):
 * `❌ Policy Violation · Tool: slack_notify · Reason: Cannot send untrusted data externally`.
 * @example blockedStepMessage('slack_notify', 'Blocked — untrusted data context: Cannot send untrusted data externally')
 */
export function blockedStepMessage(tool: string, reason: string): string {
  return `❌ Policy Violation · Tool: ${tool} · Reason: ${policyReason(reason)}`;
}
