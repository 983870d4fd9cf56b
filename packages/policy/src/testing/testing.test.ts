import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendedPolicies } from '../index.js';
import {
  expectScenarioFile,
  installPolicyMatchers,
  loadScenarioFile,
  policyMatchers,
  runScenarioFile,
  ScenarioMismatchError,
  simulate,
} from './index.js';

installPolicyMatchers(expect);

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));

const run = simulate(
  {
    invocation: [
      { tool: 'docker_logs', action: 'allow', reason: 'fine' },
      { tool: 'docker_stop', action: 'require_approval', reason: 'a person decides' },
      { tool: 'slack_notify', action: 'block_when_context_is_untrusted', reason: 'Cannot send untrusted data externally' },
      { tool: 'docker_status', action: 'allow', reason: 'read-only' },
      { tool: 'ai_analyze', action: 'allow', reason: 'may read logs' },
    ],
    trustedData: [
      { tool: 'docker_logs', action: 'mark_as_untrusted', reason: 'secrets' },
      { tool: 'docker_status', action: 'allow', reason: 'daemon data' },
      { tool: 'ai_analyze', action: 'sanitize_with_dual_llm', reason: 'injection' },
    ],
  },
  {
    steps: [
      { id: 'status', tool: 'docker_status', output: { status: 'healthy' } },
      { id: 'logs', tool: 'docker_logs', output: 'DB_PASSWORD=x' },
      { id: 'analyze', tool: 'ai_analyze', args: { text: '{{ logs }}' }, output: 'x', sanitizer: 'suspicious' },
      { id: 'notify', tool: 'slack_notify', args: { text: '{{ logs }}' } },
      { id: 'stop', tool: 'docker_stop', args: { container: 'db' } },
      { id: 'later', tool: 'docker_status', when: { ref: 'status.status', operator: 'equal', value: 'unhealthy' } },
    ],
  },
);

describe('vitest matchers', () => {
  it('read like the policy', () => {
    expect(run.step('notify')).toBeBlocked();
    expect(run.step('notify')).toBeBlocked('untrusted data context');
    expect(run.step('notify')).toHaveSources(['logs']);
    expect(run.step('logs')).toBeAllowed();
    expect(run.step('logs')).toHaveUntrustedOutput();
    expect(run.step('status')).toHaveTrustedOutput();
    expect(run.step('analyze')).toHaveBlockedOutput();
    expect(run.step('stop')).toRequireApproval();
    expect(run.step('later')).toBeSkipped();
    expect(run.step('status')).toHaveSources([]);
  });

  it('support .not', () => {
    expect(run.step('logs')).not.toBeBlocked();
    expect(run.step('notify')).not.toBeAllowed();
    expect(run.step('notify')).not.toBeBlocked('always');
    expect(run.step('status')).not.toHaveUntrustedOutput();
  });

  it('fail with the step’s verdict, reason and sources', () => {
    expect(() => expect(run.step('notify')).toBeAllowed()).toThrowError(
      'expected step "notify" (slack_notify) to be allowed, but it was blocked:\n' +
        '  verdict: block\n' +
        '  output:  none (the tool did not run)\n' +
        '  reason:  Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from docker_logs (step logs))\n' +
        '  sources: logs',
    );
    expect(() => expect(run.step('logs')).toBeBlocked('untrusted')).toThrowError(/to be blocked with a reason containing "untrusted", but it was allowed with untrusted output/);
    expect(() => expect(run.step('notify')).not.toBeBlocked()).toThrowError(/expected step "notify" \(slack_notify\) not to be blocked, but it did:\n {2}verdict: block/);
    expect(() => expect(run.step('notify')).toHaveSources(['status'])).toThrowError(/to have sources \[status\][\s\S]*sources: logs/);
    expect(() => expect(run.step('status')).toHaveUntrustedOutput()).toThrowError(/output: {2}trusted/);
  });

  it('refuse something that is not a simulated step', () => {
    expect(() => expect(run).toBeBlocked()).toThrowError(TypeError);
    expect(() => expect(undefined).not.toBeBlocked()).toThrowError(/expects a simulated step/);
  });

  it('are plain functions of the { isNot } shape', () => {
    const r = policyMatchers.toBeBlocked.call({ isNot: false }, run.step('notify'));
    expect(r.pass).toBe(true);
    const n = policyMatchers.toBeAllowed.call({ isNot: false }, run.step('notify'));
    expect(n.pass).toBe(false);
    expect(n.message()).toContain('to be allowed');
  });
});

describe('scenario files in your own tests', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'agentos-policy-testing-'));
    writeFileSync(
      join(dir, 'wrong.scenario.yaml'),
      `policies: { docker_logs: mark_as_untrusted, slack_notify: block_when_context_is_untrusted }
scenarios:
  - name: optimistic
    steps:
      - { id: logs, tool: docker_logs, output: x }
      - { id: notify, tool: slack_notify, args: { text: "{{ logs }}" }, expect: allow }
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('expectScenarioFile passes quietly when every step matches', () => {
    const result = expectScenarioFile(join(examples, 'docs-stories.scenario.yaml'));
    expect(result).toMatchObject({ passed: 4, failed: 0 });
  });

  it('expectScenarioFile throws a readable assertion error on a mismatch', () => {
    let error: unknown;
    try {
      expectScenarioFile(join(dir, 'wrong.scenario.yaml'), { cwd: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioMismatchError);
    const e = error as ScenarioMismatchError;
    expect(e.code).toBe('SCENARIO_MISMATCH');
    expect(e.message).toContain('1 of 1 scenario(s) in wrong.scenario.yaml did not match their expectations');
    expect(e.message).toContain('✗ optimistic');
    expect(e.message).toContain('- expected: allow\n        + actual:   block');
    expect(e.message).not.toContain('\u001b[');
    expect(e.result.failed).toBe(1);
  });

  it('runScenarioFile returns every scenario with its mismatches and its run', () => {
    const result = runScenarioFile(join(dir, 'wrong.scenario.yaml'));
    expect(result.scenarios[0]!.mismatches).toEqual([{ step: 'notify', field: 'verdict', expected: 'allow', actual: 'block' }]);
    expect(result.scenarios[0]!.run.step('notify')).toBeBlocked('untrusted');
  });

  it('loadScenarioFile reads policies relative to the scenario file', () => {
    const loaded = loadScenarioFile(join(examples, 'docs-stories.scenario.yaml'));
    expect(loaded.scenarios).toHaveLength(4);
    expect(loaded.scenarios[0]!.policySet.invocationFor('docker_exec')[0]!.action).toBe('block_always');
  });

  it('works with the recommended policies directly', () => {
    const r = simulate(recommendedPolicies, { steps: [{ id: 'x', tool: 'docker_exec' }] });
    expect(r.step('x')).toBeBlocked('always blocked');
  });
});
