import { describe, expect, it } from 'vitest';
import { createPolicyEngine, definePolicies, recommendedPolicies, simulate, TRUSTED, untrusted, type InvocationRequest } from './index.js';

const requests: InvocationRequest[] = [
  { tool: 'slack_notify', args: { channel: '#ops', text: 'hi' }, context: untrusted({ step: 'logs', tool: 'docker_logs' }, { step: 'h', tool: 'health_check' }) },
  { tool: 'slack_notify', args: { channel: '#ops', text: 'hi' }, context: TRUSTED },
  { tool: 'docker_restart', args: { container: 'web-1' }, context: TRUSTED },
  { tool: 'docker_restart', args: { container: '../etc; rm -rf /' }, context: TRUSTED },
  { tool: 'docker_exec', args: { container: 'db', command: 'ls' }, context: TRUSTED },
  { tool: 'never_heard_of_it', args: {}, context: untrusted({ step: 'x', tool: 'y' }) },
  { tool: 'docker_status', args: 'not an object', context: TRUSTED } as unknown as InvocationRequest,
];

describe('determinism', () => {
  it('the same inputs give byte-identical JSON decisions over 1,000 repeats', () => {
    const engine = createPolicyEngine(recommendedPolicies);
    const first = JSON.stringify(requests.map((r) => engine.decide(r)));
    for (let i = 0; i < 1_000; i++) {
      // Alternate between the same engine and fresh ones built from the policies' JSON.
      const e = i % 100 === 0 ? createPolicyEngine(definePolicies(recommendedPolicies.toJSON())) : engine;
      expect(JSON.stringify(requests.map((r) => e.decide(r)))).toBe(first);
    }
  });

  it('the order sources were seen in does not change a decision', () => {
    const engine = createPolicyEngine(recommendedPolicies);
    const a = untrusted({ step: 'b', tool: 'health_check' }, { step: 'a', tool: 'docker_logs' });
    const b = untrusted({ step: 'a', tool: 'docker_logs' }, { step: 'b', tool: 'health_check' });
    expect(JSON.stringify(engine.decide({ tool: 'email_send', args: {}, context: a }))).toBe(JSON.stringify(engine.decide({ tool: 'email_send', args: {}, context: b })));
  });

  it('simulations are deterministic too', () => {
    const scenario = {
      steps: [
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' }, output: 'x', sanitizer: 'safe' as const },
        { id: 'notify', tool: 'slack_notify', args: { text: '{{ logs }}' } },
      ],
    };
    const first = JSON.stringify(simulate(recommendedPolicies, scenario).steps);
    for (let i = 0; i < 200; i++) expect(JSON.stringify(simulate(recommendedPolicies, scenario).steps)).toBe(first);
  });
});
