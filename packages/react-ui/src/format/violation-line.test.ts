import { describe, expect, it } from 'vitest';
import { formatViolation, type Violation } from '@agentos/policy';
import { blockedStepMessage, formatViolationLine, policyReason, relativeTime, violationFields } from './violation-line.js';
import { formatUptime } from './duration.js';

const now = 1_700_000_000_000;
const blocked: Violation = {
  id: 'v1', time: now - 120_000, kind: 'blocked', workflow: 'Database Health Monitor', run: 'r1', step: 'notify', tool: 'slack_notify', verdict: 'block',
  reason: 'Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from docker_logs (step logs))',
  sources: [{ step: 'logs', tool: 'docker_logs' }], policy: 'slack_notify',
};
const exec: Violation = { ...blocked, id: 'v2', time: now - 15 * 60_000, tool: 'docker_exec', reason: 'Blocked — always blocked: shell injection risk', sources: [], attempted: 'restart service' };
const sanitized: Violation = { ...blocked, id: 'v3', time: now - 3_600_000, kind: 'sanitized', tool: 'ai_analyze', verdict: 'suspicious', reason: 'x', sources: [], detected: 'Potential prompt injection attempt' };

describe('violation lines', () => {
  it('match the policy package formatter exactly', () => {
    for (const v of [blocked, exec, sanitized]) expect(formatViolationLine(v, now)).toBe(formatViolation(v, { now }));
  });
  it('read as the product documents them', () => {
    expect(formatViolationLine(blocked, now)).toBe('⛔ 2 min ago · Workflow: "Database Health Monitor" · Tool: slack_notify · Reason: Blocked — untrusted data context: Cannot send untrusted data externally · Source: docker_logs');
    expect(violationFields(exec, now).detail).toEqual({ label: 'Attempted', text: 'restart service' });
    expect(formatViolationLine(sanitized, now)).toMatch(/^⚠️ 1 hour ago .* Action: Sanitized — dual LLM applied, output blocked · Detected: Potential prompt injection attempt$/);
  });
  it('extracts the policy reason for the blocked-step message', () => {
    expect(policyReason(blocked.reason)).toBe('Cannot send untrusted data externally');
    expect(blockedStepMessage('slack_notify', blocked.reason)).toBe('❌ Policy Violation · Tool: slack_notify · Reason: Cannot send untrusted data externally');
    expect(policyReason('something else')).toBe('something else');
  });
  it('formats relative times and uptimes', () => {
    expect(relativeTime(now - 10_000, now)).toBe('just now');
    expect(relativeTime(now - 3 * 86_400_000, now)).toBe('3 days ago');
    expect(formatUptime(42)).toBe('42s');
    expect(formatUptime(3 * 3600 + 300)).toBe('3h 5m');
    expect(formatUptime(90_000)).toBe('1d 1h');
  });
});
