import { describe, expect, it } from 'vitest';
import { createPolicyEngine, simulate, TRUSTED, untrusted, type InvocationRequest, type OutputRequest } from './index.js';

// Permissive on purpose: anything that is not blocked here was allowed by a policy.
const engine = createPolicyEngine({
  invocation: [
    { tool: 'slack_notify', action: 'allow', reason: 'allowed' },
    { tool: 'slack_notify', action: 'allow', conditions: [{ key: 'channel', operator: 'startsWith', value: '#' }], reason: 'allowed' },
  ],
  defaults: { invocation: 'allow', trust: 'trusted' },
});
const decide = (request: unknown) => engine.decide(request as InvocationRequest);

describe('malformed calls are blocked with the cause', () => {
  it.each([
    ['a string', 'hello'],
    ['an array', ['#ops']],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
  ])('arguments that are %s', (_, args) => {
    const d = decide({ tool: 'slack_notify', args, context: TRUSTED });
    expect(d.verdict).toBe('block');
    expect(d.reason).toBe('Blocked — malformed call: arguments must be an object');
    expect(d.policy.kind).toBe('error');
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['a string', 'trusted'],
    ['without sources', { trust: 'trusted' }],
    ['with an unknown trust', { trust: 'mostly', sources: [] }],
  ])('a context label that is %s', (_, context) => {
    const d = decide({ tool: 'slack_notify', args: { channel: '#ops' }, context });
    expect(d.verdict).toBe('block');
    expect(d.reason).toContain('context label missing');
    expect(d.context).toBe('untrusted');
  });

  it.each([['missing', undefined], ['empty', ''], ['a number', 7]])('a tool name that is %s', (_, tool) => {
    const d = decide({ tool, args: {}, context: TRUSTED });
    expect(d.verdict).toBe('block');
    expect(d.reason).toContain('tool name missing');
  });

  it('no request at all', () => {
    expect(decide(null).verdict).toBe('block');
    expect(decide(undefined).verdict).toBe('block');
  });
});

describe('exceptions during evaluation block instead of escaping', () => {
  it('an argument whose getter throws while a condition reads it', () => {
    const args = {
      get channel(): string {
        throw new Error('getter exploded');
      },
    };
    const d = decide({ tool: 'slack_notify', args, context: TRUSTED });
    expect(d.verdict).toBe('block');
    expect(d.reason).toBe('Blocked — policy evaluation failed: getter exploded');
  });

  it('a request whose own properties throw', () => {
    const request = {
      get tool(): string {
        throw new Error('no tool for you');
      },
      args: {},
      context: TRUSTED,
    };
    const d = decide(request);
    expect(d.verdict).toBe('block');
    expect(d.reason).toContain('no tool for you');
  });

  it('a context label whose sources throw', () => {
    const context = {
      trust: 'untrusted',
      get sources(): never {
        throw new Error('bad label');
      },
    };
    const d = decide({ tool: 'slack_notify', args: {}, context });
    expect(d.verdict).toBe('block');
    expect(d.sources).toEqual([]);
  });

  it('a Proxy that throws on every operation', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        has() {
          throw new Error('trap');
        },
        getOwnPropertyDescriptor() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(decide({ tool: 'slack_notify', args: hostile, context: TRUSTED }).verdict).toBe('block');
    expect(decide(hostile).verdict).toBe('block');
    const out = engine.labelOutput(hostile as unknown as OutputRequest);
    expect(out.outcome).toBe('blocked');
  });

  it('an error thrown with a non-Error value still blocks with a cause', () => {
    const args = {
      get channel(): string {
        throw 'a plain string';
      },
    };
    expect(decide({ tool: 'slack_notify', args, context: TRUSTED }).reason).toContain('a plain string');
  });
});

describe('labelling outputs fails secure', () => {
  it.each([
    ['no tool', { step: 's', output: 1, inputLabel: TRUSTED }],
    ['no step', { tool: 't', output: 1, inputLabel: TRUSTED }],
    ['no input label', { tool: 't', step: 's', output: 1 }],
  ])('%s → the output is blocked', (_, request) => {
    const out = engine.labelOutput(request as unknown as OutputRequest);
    expect(out.outcome).toBe('blocked');
    expect(out.output).toBeUndefined();
    expect(out.label.root.trust).toBe('untrusted');
    expect(out.reason).toMatch(/^Output blocked — labelling failed: malformed output request/);
  });
});

describe('never throws, never allows garbage', () => {
  it('decide and labelOutput survive 500 random malformed inputs', () => {
    const values: unknown[] = [undefined, null, 0, '', 'x', [], {}, { trust: 'untrusted' }, TRUSTED, untrusted({ step: 'a', tool: 'b' }), () => 1, Symbol('s'), 1n];
    let seed = 1;
    const pick = () => values[(seed = (seed * 48271) % 2147483647) % values.length];
    for (let i = 0; i < 500; i++) {
      const req = { tool: pick(), args: pick(), context: pick() };
      const d = engine.decide(req as InvocationRequest);
      const valid = typeof req.tool === 'string' && req.tool !== '' && typeof req.args === 'object' && req.args !== null && !Array.isArray(req.args) && (req.context === TRUSTED || (req.context as { sources?: unknown })?.sources !== undefined);
      if (!valid) expect(d.verdict, JSON.stringify(String(req.tool))).toBe('block');
      const out = engine.labelOutput({ tool: pick(), step: pick(), output: pick(), inputLabel: pick() } as OutputRequest);
      expect(['trusted', 'untrusted', 'blocked']).toContain(out.outcome);
    }
  });
});

describe('simulations fail secure too', () => {
  it('a reference to a step that does not exist blocks the call', () => {
    const run = simulate({ slack_notify: 'allow' }, { steps: [{ id: 'n', tool: 'slack_notify', args: { text: '{{ ghost.text }}' } }] });
    expect(run.step('n').verdict).toBe('block');
    expect(run.step('n').reason).toContain('"ghost", which has not produced an output');
  });

  it('a reference to a missing field blocks the call', () => {
    const run = simulate(
      { slack_notify: 'allow', docker_status: 'allow' },
      { steps: [{ id: 's', tool: 'docker_status', output: { status: 'ok' } }, { id: 'n', tool: 'slack_notify', args: { text: '{{ s.nope }}' } }] },
    );
    expect(run.step('n').verdict).toBe('block');
    expect(run.step('n').reason).toContain('has no field nope');
  });

  it('a run condition that cannot be evaluated blocks the step', () => {
    const run = simulate({ slack_notify: 'allow' }, { steps: [{ id: 'n', tool: 'slack_notify', when: { ref: 'ghost.status', operator: 'equal', value: 'x' } }] });
    expect(run.step('n').verdict).toBe('block');
    expect(run.step('n').reason).toContain('its condition cannot be evaluated');
  });
});
