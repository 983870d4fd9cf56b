import { describe, expect, it } from 'vitest';
import { createPolicyEngine, TRUSTED, type Condition } from './index.js';

/**
 * Does a condition hold on these arguments? Asked the way a user would see it:
 * the tool is blocked by default, and a specific `allow` policy carries the
 * condition, so the call is allowed exactly when the condition holds.
 */
function holds(condition: Condition | Condition[], args: unknown): boolean {
  const conditions = Array.isArray(condition) ? condition : [condition];
  const engine = createPolicyEngine({
    invocation: [
      { tool: 'probe', action: 'block_always', reason: 'blocked unless a condition matches' },
      { tool: 'probe', action: 'allow', conditions, reason: 'the condition matched' },
    ],
  });
  const d = engine.decide({ tool: 'probe', args, context: TRUSTED });
  expect(d.verdict === 'allow' || d.verdict === 'block').toBe(true);
  return d.verdict === 'allow';
}

describe('operators on strings', () => {
  it.each([
    ['equal', 'ops@corp.example', 'ops@corp.example', true],
    ['equal', 'ops@corp.example', 'OPS@corp.example', false],
    ['notEqual', 'ops@corp.example', 'someone@else.example', true],
    ['notEqual', 'ops@corp.example', 'ops@corp.example', false],
    ['contains', 'DROP TABLE', 'x; DROP TABLE users', true],
    ['contains', 'DROP TABLE', 'select 1', false],
    ['notContains', 'malicious', 'a friendly body', true],
    ['notContains', 'malicious', 'a malicious body', false],
    ['startsWith', '/safe/', '/safe/x', true],
    ['startsWith', '/safe/', '/etc/safe/x', false],
    ['endsWith', '@corp.example', 'ops@corp.example', true],
    ['endsWith', '@corp.example', 'ops@corp.example.evil', false],
    ['regex', '^[a-z]+-[0-9]+$', 'web-12', true],
    ['regex', '^[a-z]+-[0-9]+$', 'web-12; rm -rf /', false],
  ] as const)('%s %j on %j → %s', (operator, value, actual, expected) => {
    expect(holds({ key: 'v', operator, value }, { v: actual })).toBe(expected);
  });

  it('regex is not anchored unless the pattern says so', () => {
    expect(holds({ key: 'v', operator: 'regex', value: 'rm -rf' }, { v: 'please rm -rf /' })).toBe(true);
  });

  it('regex decisions do not depend on history (no stateful flags)', () => {
    const results = Array.from({ length: 5 }, () => holds({ key: 'v', operator: 'regex', value: 'a' }, { v: 'a' }));
    expect(results).toEqual([true, true, true, true, true]);
  });
});

describe('operators on numbers, booleans and null', () => {
  it('equal compares numbers and their text form', () => {
    expect(holds({ key: 'port', operator: 'equal', value: 5432 }, { port: 5432 })).toBe(true);
    expect(holds({ key: 'port', operator: 'equal', value: 5432 }, { port: '5432' })).toBe(true);
    expect(holds({ key: 'port', operator: 'equal', value: 5432 }, { port: 5433 })).toBe(false);
  });
  it('equal and notEqual on booleans', () => {
    expect(holds({ key: 'all', operator: 'equal', value: true }, { all: true })).toBe(true);
    expect(holds({ key: 'all', operator: 'equal', value: true }, { all: false })).toBe(false);
    expect(holds({ key: 'all', operator: 'notEqual', value: true }, { all: false })).toBe(true);
    expect(holds({ key: 'all', operator: 'notEqual', value: true }, { all: true })).toBe(false);
  });
  it('null is a value: equal null matches null, not a missing key', () => {
    expect(holds({ key: 'x', operator: 'equal', value: null }, { x: null })).toBe(true);
    expect(holds({ key: 'x', operator: 'equal', value: null }, {})).toBe(false);
    expect(holds({ key: 'x', operator: 'equal', value: null }, { x: 'null' })).toBe(false);
  });
  it('text operators read numbers as text', () => {
    expect(holds({ key: 'n', operator: 'startsWith', value: '80' }, { n: 8080 })).toBe(true);
    expect(holds({ key: 'n', operator: 'endsWith', value: '80' }, { n: 8081 })).toBe(false);
    expect(holds({ key: 'n', operator: 'regex', value: '^\\d{4}$' }, { n: 8080 })).toBe(true);
    expect(holds({ key: 'n', operator: 'contains', value: 443 }, { n: 8443 })).toBe(true);
  });
});

describe('operators on arrays and objects', () => {
  it('contains on an array looks for an equal element', () => {
    expect(holds({ key: 'to', operator: 'contains', value: 'ceo@corp.example' }, { to: ['ops@corp.example', 'ceo@corp.example'] })).toBe(true);
    expect(holds({ key: 'to', operator: 'contains', value: 'ceo' }, { to: ['ops@corp.example', 'ceo@corp.example'] })).toBe(false);
  });
  it('notContains on an array holds only when no element is equal', () => {
    expect(holds({ key: 'to', operator: 'notContains', value: 'ceo@corp.example' }, { to: ['ops@corp.example'] })).toBe(true);
    expect(holds({ key: 'to', operator: 'notContains', value: 'ceo@corp.example' }, { to: ['ceo@corp.example'] })).toBe(false);
  });
  it('negative operators never match a value they cannot read (an object), so an allow cannot slip through', () => {
    expect(holds({ key: 'body', operator: 'notContains', value: 'malicious' }, { body: { text: 'malicious' } })).toBe(false);
    expect(holds({ key: 'to', operator: 'notEqual', value: 'evil@x.example' }, { to: { address: 'evil@x.example' } })).toBe(false);
    expect(holds({ key: 'to', operator: 'notEqual', value: 'evil@x.example' }, { to: ['evil@x.example'] })).toBe(false);
  });
  it('positive operators never match an object', () => {
    expect(holds({ key: 'user', operator: 'equal', value: '[object Object]' }, { user: {} })).toBe(false);
    expect(holds({ key: 'user', operator: 'contains', value: 'a' }, { user: { a: 1 } })).toBe(false);
  });
});

describe('paths', () => {
  it('nested keys', () => {
    expect(holds({ key: 'user.email', operator: 'endsWith', value: '@corp.example' }, { user: { email: 'ana@corp.example' } })).toBe(true);
    expect(holds({ key: 'user.email', operator: 'endsWith', value: '@corp.example' }, { user: { email: 'ana@evil.example' } })).toBe(false);
  });
  it('array indexes', () => {
    expect(holds({ key: 'items[1].name', operator: 'equal', value: 'b' }, { items: [{ name: 'a' }, { name: 'b' }] })).toBe(true);
    expect(holds({ key: 'items[2].name', operator: 'equal', value: 'b' }, { items: [{ name: 'a' }, { name: 'b' }] })).toBe(false);
  });
  it('[*] needs every element to match', () => {
    const key = 'items[*].name';
    expect(holds({ key, operator: 'startsWith', value: 'test-' }, { items: [{ name: 'test-1' }, { name: 'test-2' }] })).toBe(true);
    expect(holds({ key, operator: 'startsWith', value: 'test-' }, { items: [{ name: 'test-1' }, { name: 'prod-1' }] })).toBe(false);
  });
  it('[*] over an empty array or a non-array matches nothing', () => {
    const c = { key: 'items[*].name', operator: 'notEqual', value: 'prod' } as const;
    expect(holds(c, { items: [] })).toBe(false);
    expect(holds(c, { items: { name: 'x' } })).toBe(false);
    expect(holds(c, { items: 'x' })).toBe(false);
  });
  it('[*] with an element missing the key fails (a missing key never matches)', () => {
    expect(holds({ key: 'items[*].name', operator: 'notEqual', value: 'prod' }, { items: [{ name: 'a' }, { id: 2 }] })).toBe(false);
  });
  it('nested [*]', () => {
    const args = { groups: [{ members: ['a@corp.example', 'b@corp.example'] }, { members: ['c@corp.example'] }] };
    expect(holds({ key: 'groups[*].members[*]', operator: 'endsWith', value: '@corp.example' }, args)).toBe(true);
    args.groups[1]!.members.push('x@evil.example');
    expect(holds({ key: 'groups[*].members[*]', operator: 'endsWith', value: '@corp.example' }, args)).toBe(false);
  });
});

describe('missing keys never match', () => {
  it.each(['equal', 'notEqual', 'contains', 'notContains', 'startsWith', 'endsWith', 'regex'] as const)('%s on a missing key', (operator) => {
    expect(holds({ key: 'absent', operator, value: 'x' }, { present: 'x' })).toBe(false);
    expect(holds({ key: 'a.b', operator, value: 'x' }, { a: 'not an object' })).toBe(false);
    expect(holds({ key: 'a.b', operator, value: 'x' }, { a: null })).toBe(false);
  });
  it('inherited properties are not keys', () => {
    expect(holds({ key: 'toString', operator: 'contains', value: 'function' }, {})).toBe(false);
    expect(holds({ key: 'constructor.name', operator: 'equal', value: 'Object' }, {})).toBe(false);
  });
});

describe('several conditions', () => {
  it('all conditions of one policy must hold', () => {
    const both: Condition[] = [
      { key: 'channel', operator: 'equal', value: '#ops' },
      { key: 'text', operator: 'notContains', value: 'password' },
    ];
    expect(holds(both, { channel: '#ops', text: 'disk at 91%' })).toBe(true);
    expect(holds(both, { channel: '#ops', text: 'password=hunter2' })).toBe(false);
    expect(holds(both, { channel: '#general', text: 'disk at 91%' })).toBe(false);
  });
});
