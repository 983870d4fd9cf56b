import { describe, expect, it } from 'vitest';
import { createPolicyEngine, definePolicies, TRUSTED, untrusted, type PolicySetLike } from './index.js';

const UNTRUSTED = untrusted({ step: 'logs', tool: 'docker_logs' });
const decide = (policies: PolicySetLike, tool: string, args: unknown = {}, context = TRUSTED, options = {}) =>
  createPolicyEngine(policies, options).decide({ tool, args, context });

describe('the documented examples', () => {
  it('a default block_always plus a specific allow for path startsWith "/safe/" allows /safe/x', () => {
    const policies = {
      invocation: [
        { tool: 'file_read', action: 'block_always' as const, reason: 'no file reads' },
        { tool: 'file_read', action: 'allow' as const, conditions: [{ key: 'path', operator: 'startsWith' as const, value: '/safe/' }], reason: 'the safe folder' },
      ],
    };
    const safe = decide(policies, 'file_read', { path: '/safe/x' });
    expect(safe.verdict).toBe('allow');
    expect(safe.policy.id).toBe('invocation[1]');
    const other = decide(policies, 'file_read', { path: '/etc/shadow' });
    expect(other.verdict).toBe('block');
    expect(other.policy.id).toBe('invocation[0]');
    expect(other.reason).toContain('always blocked');
  });

  it('a default allow plus a specific block_always for body contains "malicious" blocks that body', () => {
    const policies = {
      invocation: [
        { tool: 'webhook_post', action: 'allow' as const, reason: 'webhooks are fine' },
        { tool: 'webhook_post', action: 'block_always' as const, conditions: [{ key: 'body', operator: 'contains' as const, value: 'malicious' }], reason: 'no malicious payloads' },
      ],
    };
    expect(decide(policies, 'webhook_post', { body: 'a malicious payload' }).verdict).toBe('block');
    expect(decide(policies, 'webhook_post', { body: 'all good' }).verdict).toBe('allow');
  });
});

describe('specific policies over the default', () => {
  it('a matching specific allow beats a default block_when_context_is_untrusted, even in an untrusted context', () => {
    const policies = {
      invocation: [
        { tool: 'webhook_post', action: 'block_when_context_is_untrusted' as const, reason: 'no untrusted data out' },
        { tool: 'webhook_post', action: 'allow' as const, conditions: [{ key: 'url', operator: 'startsWith' as const, value: 'https://hooks.internal/' }], reason: 'internal hook' },
      ],
    };
    expect(decide(policies, 'webhook_post', { url: 'https://hooks.internal/x' }, UNTRUSTED).verdict).toBe('allow');
    expect(decide(policies, 'webhook_post', { url: 'https://example.com' }, UNTRUSTED).verdict).toBe('block');
    expect(decide(policies, 'webhook_post', { url: 'https://example.com' }, TRUSTED).verdict).toBe('allow');
  });

  it('a specific require_approval beats a default allow; a non-matching one leaves the default', () => {
    const policies = {
      invocation: [
        { tool: 'docker_restart', action: 'allow' as const, reason: 'restarts are fine' },
        { tool: 'docker_restart', action: 'require_approval' as const, conditions: [{ key: 'container', operator: 'startsWith' as const, value: 'prod-' }], reason: 'production' },
      ],
    };
    expect(decide(policies, 'docker_restart', { container: 'prod-db' }).verdict).toBe('require_approval');
    expect(decide(policies, 'docker_restart', { container: 'test-db' }).verdict).toBe('allow');
  });

  it('the trace says which policies matched and that the default was overridden', () => {
    const d = decide(
      {
        invocation: [
          { id: 'default', tool: 't', action: 'block_always', reason: 'r' },
          { id: 'specific', tool: 't', action: 'allow', conditions: [{ key: 'a', operator: 'equal', value: 1 }], reason: 'r' },
          { id: 'other', tool: 't', action: 'allow', conditions: [{ key: 'b', operator: 'equal', value: 1 }], reason: 'r' },
        ],
      },
      't',
      { a: 1 },
    );
    expect(d.trace).toEqual([
      { policy: 'specific', action: 'allow', matched: true, note: expect.stringContaining('condition(s) hold') },
      { policy: 'other', action: 'allow', matched: false, note: 'condition b equal 1 does not hold' },
      { policy: 'default', action: 'block_always', matched: false, note: 'default policy overridden by a matching specific policy' },
    ]);
  });
});

describe('the strongest matching policy wins', () => {
  const cond = [{ key: 'x', operator: 'equal' as const, value: 1 }];
  const set = (...actions: Array<'allow' | 'require_approval' | 'block_always' | 'block_when_context_is_untrusted'>) => ({
    invocation: actions.map((action, i) => ({ id: `p${i}`, tool: 't', action, conditions: cond, reason: `reason ${action}` })),
  });

  it('block_always > require_approval > allow, in any order', () => {
    expect(decide(set('allow', 'require_approval', 'block_always'), 't', { x: 1 }).verdict).toBe('block');
    expect(decide(set('block_always', 'allow'), 't', { x: 1 }).verdict).toBe('block');
    expect(decide(set('allow', 'require_approval'), 't', { x: 1 }).verdict).toBe('require_approval');
    expect(decide(set('require_approval', 'allow'), 't', { x: 1 }).verdict).toBe('require_approval');
  });

  it('block_when_context_is_untrusted blocks above require_approval only when the context is untrusted', () => {
    expect(decide(set('require_approval', 'block_when_context_is_untrusted'), 't', { x: 1 }, UNTRUSTED).verdict).toBe('block');
    expect(decide(set('require_approval', 'block_when_context_is_untrusted'), 't', { x: 1 }, TRUSTED).verdict).toBe('require_approval');
  });

  it('block_always beats block_when_context_is_untrusted even when both block (its reason is shown)', () => {
    const d = decide(set('block_when_context_is_untrusted', 'block_always'), 't', { x: 1 }, UNTRUSTED);
    expect(d.verdict).toBe('block');
    expect(d.policy.id).toBe('p1');
    expect(d.reason).toContain('always blocked');
  });

  it('several defaults for one tool: the strongest applies', () => {
    const policies = {
      invocation: [
        { tool: 't', action: 'allow' as const, reason: 'a' },
        { tool: 't', action: 'require_approval' as const, reason: 'b' },
      ],
    };
    expect(decide(policies, 't').verdict).toBe('require_approval');
  });
});

describe('defaults for tools and for the engine', () => {
  it('an exact-name default beats a glob default', () => {
    const policies = { 'docker_*': 'block_always', docker_status: 'allow' };
    expect(decide(policies, 'docker_status').verdict).toBe('allow');
    expect(decide(policies, 'docker_exec').verdict).toBe('block');
    const d = decide(policies, 'docker_status');
    expect(d.trace.find((t) => t.policy === 'docker_*')).toMatchObject({ matched: false, note: expect.stringContaining('overridden by an exact-name default') });
  });

  it('a matching glob policy with conditions is a specific policy and beats an exact default', () => {
    const policies = {
      invocation: [
        { tool: 'docker_logs', action: 'allow' as const, reason: 'logs are fine' },
        { tool: 'docker_*', action: 'block_always' as const, conditions: [{ key: 'container', operator: 'equal' as const, value: 'vault' }], reason: 'never touch vault' },
      ],
    };
    expect(decide(policies, 'docker_logs', { container: 'vault' }).verdict).toBe('block');
    expect(decide(policies, 'docker_logs', { container: 'db' }).verdict).toBe('allow');
  });

  it('with no policy for a tool the engine default is block_when_context_is_untrusted', () => {
    const policies = { docker_exec: 'block_always' };
    const trusted = decide(policies, 'unknown_tool', {}, TRUSTED);
    expect(trusted.verdict).toBe('allow');
    expect(trusted.policy).toMatchObject({ id: 'default', kind: 'default', action: 'block_when_context_is_untrusted' });
    const tainted = decide(policies, 'unknown_tool', {}, UNTRUSTED);
    expect(tainted.verdict).toBe('block');
    expect(tainted.sources).toEqual([{ step: 'logs', tool: 'docker_logs' }]);
  });

  it('the engine default is configurable in the policy set and by option (the option wins)', () => {
    const withDefaults = { invocation: [], defaults: { invocation: 'block_always' as const } };
    expect(decide(withDefaults, 'unknown_tool').verdict).toBe('block');
    expect(decide(withDefaults, 'unknown_tool', {}, TRUSTED, { defaultInvocation: 'require_approval' }).verdict).toBe('require_approval');
    expect(decide({}, 'unknown_tool', {}, UNTRUSTED, { defaultInvocation: 'allow' }).verdict).toBe('allow');
  });
});

describe('globs', () => {
  const d = (pattern: string, tool: string) => decide({ [pattern]: 'block_always' }, tool, {}, TRUSTED, { defaultInvocation: 'allow' }).verdict;

  it('* matches any run of characters, including none', () => {
    expect(d('docker_*', 'docker_exec')).toBe('block');
    expect(d('docker_*', 'docker_')).toBe('block');
    expect(d('docker_*', 'podman_exec')).toBe('allow');
    expect(d('mcp:github:*', 'mcp:github:create_issue')).toBe('block');
    expect(d('mcp:github:*', 'mcp:gitlab:create_issue')).toBe('allow');
    expect(d('*_notify', 'slack_notify')).toBe('block');
  });

  it('? matches exactly one character', () => {
    expect(d('slack_?otify', 'slack_notify')).toBe('block');
    expect(d('slack_?otify', 'slack_otify')).toBe('allow');
  });

  it('other characters are literal (a dot is not "any character"), and globs are anchored', () => {
    expect(d('svc.restart', 'svcXrestart')).toBe('allow');
    expect(d('svc.restart', 'svc.restart')).toBe('block');
    expect(d('docker_*', 'my_docker_exec')).toBe('allow');
  });

  it('policies naming a tool are found the same way whether looked up first or later (per-tool cache)', () => {
    const engine = createPolicyEngine({ 'docker_*': 'block_always', docker_status: 'allow' });
    const first = engine.decide({ tool: 'docker_status', args: {}, context: TRUSTED });
    const again = engine.decide({ tool: 'docker_status', args: {}, context: TRUSTED });
    expect(again).toEqual(first);
    expect(definePolicies({ 'docker_*': 'block_always' }).invocationFor('docker_ps').map((p) => p.tool)).toEqual(['docker_*']);
  });
});
