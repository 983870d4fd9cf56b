/**
 * Our policies, unit-tested with @agentos/policy/testing. This is how a user
 * project tests its own policy file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePolicies, type PolicySet } from '@agentos/policy';
import { expectScenarioFile, installPolicyMatchers, simulate } from '@agentos/policy/testing';

installPolicyMatchers(expect);
const file = (p: string) => fileURLToPath(new URL(p, import.meta.url));

let policies: PolicySet;
beforeAll(() => {
  policies = parsePolicies(readFileSync(file('../policies.yaml'), 'utf8'), 'policies.yaml');
});

describe('our policies', () => {
  it('keep logs out of Slack, even when the sanitizer finds nothing', () => {
    const run = simulate(policies, {
      steps: [
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' }, output: 'DB_PASSWORD=hunter2', sanitizer: 'safe' },
        { id: 'notify', tool: 'slack_notify', args: { channel: '#ops', text: 'Logs: {{ logs }}' } },
      ],
    });
    expect(run.step('logs')).toHaveUntrustedOutput();
    expect(run.step('notify')).toBeBlocked('untrusted');
    expect(run.step('notify')).toHaveSources(['logs']);
  });

  it('let a severity computed from logs reach Slack, but not the free-text summary', () => {
    const steps = [
      { id: 'logs', tool: 'docker_logs', args: { container: 'db' }, output: 'OOM killed', sanitizer: 'safe' as const },
      { id: 'analysis', tool: 'ai_analyze', args: { text: '{{ logs }}' }, output: { summary: 'out of memory', severity: 'high', rootCause: 'resources' }, sanitizer: 'safe' as const },
      { id: 'severity', tool: 'slack_notify', args: { channel: '#ops', text: 'severity {{ analysis.severity }}' } },
      { id: 'summary', tool: 'slack_notify', args: { channel: '#ops', text: '{{ analysis.summary }}' } },
    ];
    const run = simulate(policies, { steps });
    expect(run.step('severity')).toBeAllowed();
    expect(run.step('summary')).toBeBlocked();
  });

  it('restart our services automatically, anything else after approval', () => {
    const run = simulate(policies, {
      steps: [
        { id: 'ours', tool: 'docker_restart', args: { container: 'api-2' } },
        { id: 'theirs', tool: 'docker_restart', args: { container: 'grafana' } },
      ],
    });
    expect(run.step('ours')).toBeAllowed();
    expect(run.step('theirs')).toRequireApproval();
  });

  it('behave the same in context mode for a chat session: after logs, nothing leaves', () => {
    const run = simulate(policies, {
      mode: 'context',
      steps: [
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' }, output: 'ok', sanitizer: 'safe' },
        { id: 'mail', tool: 'email_send', args: { to: 'ops@example.com', subject: 'status', text: 'all fine' } },
      ],
    });
    expect(run.step('mail')).toBeBlocked('untrusted');
  });

  it('pass every scenario file', async () => {
    await expectScenarioFile(file('../scenarios/stories.scenario.yaml'));
  });
});
