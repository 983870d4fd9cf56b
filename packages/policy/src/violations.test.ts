import { describe, expect, it } from 'vitest';
import { createPolicyEngine, formatRelativeTime, formatViolation, recommendedPolicies, shortReason, simulate, TRUSTED, ViolationSchema, type Violation } from './index.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const MIN = 60_000;

describe('violation lines', () => {
  it('the documented line for a blocked exfiltration, from a real decision', () => {
    const run = simulate(recommendedPolicies, {
      steps: [
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' }, output: 'DB_PASSWORD=hunter2', sanitizer: 'safe' },
        { id: 'notify', tool: 'slack_notify', args: { channel: '#ops', text: 'Logs: {{ logs }}' } },
      ],
    });
    const d = run.step('notify').decision!;
    const v: Violation = {
      id: 'v1',
      time: NOW - 2 * MIN,
      kind: 'blocked',
      workflow: 'Database Health Monitor',
      run: 'run-1',
      step: 'notify',
      tool: d.tool,
      verdict: 'block',
      reason: d.reason,
      sources: d.sources,
      policy: d.policy.id,
    };
    expect(ViolationSchema.parse(v)).toEqual(v);
    expect(formatViolation(v, { now: NOW })).toBe(
      '⛔ 2 min ago · Workflow: "Database Health Monitor" · Tool: slack_notify · Reason: Blocked — untrusted data context: Cannot send untrusted data externally · Source: docker_logs',
    );
  });

  it('an always-blocked call shows what was attempted', () => {
    const d = createPolicyEngine(recommendedPolicies).decide({ tool: 'docker_exec', args: { command: 'service restart' }, context: TRUSTED });
    const v: Violation = {
      id: 'v2',
      time: NOW - 15 * MIN,
      kind: 'blocked',
      workflow: 'Auto-Restart Services',
      run: 'run-2',
      step: 'exec',
      tool: 'docker_exec',
      verdict: 'block',
      reason: d.reason,
      sources: d.sources,
      attempted: 'restart service',
    };
    expect(formatViolation(v, { now: NOW })).toBe(
      '⛔ 15 min ago · Workflow: "Auto-Restart Services" · Tool: docker_exec · Reason: Blocked — always blocked: Shell execution in containers is never allowed (shell injection risk) · Attempted: restart service',
    );
  });

  it('a sanitized output is a ⚠️ line with what was detected', () => {
    const v: Violation = {
      id: 'v3',
      time: NOW - 60 * MIN,
      kind: 'sanitized',
      workflow: 'Log Analysis',
      run: 'run-3',
      step: 'analyze',
      tool: 'ai_analyze',
      verdict: 'suspicious',
      reason: 'Output blocked: the sanitizer judged it SUSPICIOUS',
      sources: [],
      detected: 'Potential prompt injection attempt',
    };
    expect(formatViolation(v, { now: NOW })).toBe(
      '⚠️ 1 hour ago · Workflow: "Log Analysis" · Tool: ai_analyze · Action: Sanitized — dual LLM applied, output blocked · Detected: Potential prompt injection attempt',
    );
    expect(formatViolation({ ...v, verdict: 'safe', detected: undefined }, { now: NOW })).toBe(
      '⚠️ 1 hour ago · Workflow: "Log Analysis" · Tool: ai_analyze · Action: Sanitized — dual LLM applied',
    );
  });

  it('several sources are listed once per tool; a custom separator is used', () => {
    const v: Violation = {
      id: 'v4',
      time: NOW,
      kind: 'blocked',
      workflow: 'W',
      run: 'r',
      step: 's',
      tool: 'email_send',
      verdict: 'block',
      reason: 'Blocked — untrusted data context: x (untrusted data from docker_logs (step a), docker_logs (step b), health_check)',
      sources: [
        { step: 'a', tool: 'docker_logs' },
        { step: 'b', tool: 'docker_logs' },
        { step: 'health_check', tool: 'health_check' },
      ],
    };
    expect(formatViolation(v, { now: NOW, separator: '   ' })).toBe('⛔ just now   Workflow: "W"   Tool: email_send   Reason: Blocked — untrusted data context: x   Source: docker_logs, health_check');
  });

  it('shortReason drops the trailing source list, even when it holds parentheses', () => {
    expect(shortReason('Blocked — untrusted data context: r (untrusted data from docker_logs (step logs))')).toBe('Blocked — untrusted data context: r');
    expect(shortReason('Blocked — untrusted data context: r (untrusted data from docker_logs)')).toBe('Blocked — untrusted data context: r');
    expect(shortReason('Blocked — always blocked: r')).toBe('Blocked — always blocked: r');
  });
});

describe('relative times', () => {
  it.each([
    [0, 'just now'],
    [44_000, 'just now'],
    [50_000, '1 min ago'],
    [2 * MIN, '2 min ago'],
    [59 * MIN, '59 min ago'],
    [60 * MIN, '1 hour ago'],
    [5 * 60 * MIN, '5 hours ago'],
    [24 * 60 * MIN, '1 day ago'],
    [3 * 24 * 60 * MIN, '3 days ago'],
    [-5 * MIN, 'just now'],
  ])('%i ms ago → %s', (ago, text) => {
    expect(formatRelativeTime(NOW - ago, NOW)).toBe(text);
  });
});
