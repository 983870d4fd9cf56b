import { describe, expect, it } from 'vitest';
import { definePolicies, isAgentOSError, parsePolicies, parseScenarioFile, PolicyLoadError, ScenarioLoadError, parsePolicies as load } from './index.js';

/** The error a load throws (fails the test if it does not throw). */
function loadError(fn: () => unknown): PolicyLoadError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyLoadError);
    expect(isAgentOSError(e)).toBe(true);
    return e as PolicyLoadError;
  }
  throw new Error('expected a load error, but the policies loaded');
}

const invocation = (conditions: string) => `invocation:
  - { tool: a, action: allow, reason: r }
  - { tool: b, action: allow, reason: r }
  - { tool: c, action: allow, reason: r }
  - tool: d
    action: allow
    reason: r
    conditions:
${conditions}
`;

describe('policy files: every error names its exact path', () => {
  it('a bad operator: invocation[3].conditions[0].operator: expected one of …', () => {
    const e = loadError(() => parsePolicies(invocation('      - { key: to, operator: equals, value: x }'), 'policies.yaml'));
    expect(e.message).toBe(
      'policies.yaml: invalid policy set: invocation[3].conditions[0].operator: expected one of equal, notEqual, contains, notContains, startsWith, endsWith, regex',
    );
    expect(e.issues).toEqual([{ path: 'invocation[3].conditions[0].operator', message: expect.stringContaining('expected one of equal') }]);
    expect(e.code).toBe('POLICY_LOAD');
  });

  it('a bad regex is a load error, never a silent allow', () => {
    const e = loadError(() => parsePolicies(invocation('      - { key: to, operator: regex, value: "([a-z" }'), 'policies.yaml'));
    expect(e.issues[0]!.path).toBe('invocation[3].conditions[0].value');
    expect(e.message).toContain('invalid regular expression');
  });

  it('a regex condition needs a string pattern', () => {
    const e = loadError(() => parsePolicies(invocation('      - { key: n, operator: regex, value: 5 }')));
    expect(e.issues[0]).toEqual({ path: 'invocation[3].conditions[0].value', message: 'regex needs a string pattern' });
  });

  it('a bad condition key path', () => {
    const e = loadError(() => parsePolicies(invocation('      - { key: "items[x].name", operator: equal, value: x }')));
    expect(e.issues[0]!.path).toBe('invocation[3].conditions[0].key');
    expect(e.issues[0]!.message).toContain('is not a valid path');
  });

  it('a bad field path', () => {
    const e = loadError(() => parsePolicies('trustedData:\n  - { tool: docker_inspect, action: allow, fields: ["State..Status"], reason: r }\n'));
    expect(e.issues).toEqual([{ path: 'trustedData[0].fields[0]', message: '"State..Status" is not a valid path' }]);
  });

  it('an unknown key', () => {
    const e = loadError(() => parsePolicies('invocation:\n  - { tool: a, action: allow, reason: r, priority: 10 }\n'));
    expect(e.issues).toEqual([{ path: 'invocation[0]', message: 'unknown key "priority"' }]);
  });

  it('an unknown top-level key next to the full form', () => {
    const e = loadError(() => parsePolicies('invocation: []\ntrusted_data: []\n'));
    expect(e.issues[0]!.message).toBe('unknown key "trusted_data"');
  });

  it('a bad action', () => {
    const e = loadError(() => parsePolicies('trustedData:\n  - { tool: a, action: sanitize, reason: r }\n'));
    expect(e.issues[0]!.path).toBe('trustedData[0].action');
    expect(e.issues[0]!.message).toBe('expected one of allow, mark_as_untrusted, sanitize_with_dual_llm, block_always');
  });

  it('a missing reason', () => {
    const e = loadError(() => parsePolicies('invocation:\n  - { tool: a, action: allow }\n'));
    expect(e.issues[0]!.path).toBe('invocation[0].reason');
  });

  it('a bad tool name', () => {
    const e = loadError(() => parsePolicies('invocation:\n  - { tool: "rm -rf", action: allow, reason: r }\n'));
    expect(e.issues[0]!.path).toBe('invocation[0].tool');
  });

  it('duplicate policy ids', () => {
    const e = loadError(() => parsePolicies('invocation:\n  - { id: x, tool: a, action: allow, reason: r }\n  - { id: x, tool: b, action: allow, reason: r }\n'));
    expect(e.issues).toEqual([{ path: 'invocation[1].id', message: 'duplicate policy id "x"' }]);
  });

  it('every problem is reported at once', () => {
    const e = loadError(() =>
      parsePolicies('invocation:\n  - { tool: a, action: allow, reason: r, conditions: [{ key: k, operator: regex, value: "(" }] }\n  - { tool: b, action: nope, reason: r }\n'),
    );
    expect(e.issues.map((i) => i.path)).toEqual(['invocation[1].action']);
    // Schema errors come first; compile errors (the regex) once the schema holds.
    const e2 = loadError(() => parsePolicies('invocation:\n  - { tool: a, action: allow, reason: r, conditions: [{ key: k, operator: regex, value: "(" }, { key: "a..b", operator: equal, value: 1 }] }\n'));
    expect(e2.issues.map((i) => i.path)).toEqual(['invocation[0].conditions[0].value', 'invocation[0].conditions[1].key']);
  });
});

describe('YAML syntax errors carry the line and column', () => {
  it('bad indentation', () => {
    const e = loadError(() => parsePolicies('invocation:\n  - tool: a\n  action: allow\n', 'ops/policies.yaml'));
    expect(e.message).toMatch(/^ops\/policies\.yaml:3:\d+: /);
  });

  it('a duplicated key', () => {
    const e = loadError(() => parsePolicies('docker_exec: block_always\ndocker_exec: allow\n', 'p.yaml'));
    expect(e.message).toMatch(/^p\.yaml:2:1: Map keys must be unique/);
  });

  it('an unclosed flow mapping', () => {
    const e = loadError(() => parsePolicies('invocation:\n  - { tool: a, action: allow\n', 'p.yaml'));
    expect(e.message).toMatch(/^p\.yaml:\d+:\d+: /);
  });

  it('JSON is YAML: JSON errors are reported the same way', () => {
    const e = loadError(() => parsePolicies('{ "docker_exec": "block_always", }}', 'p.json'));
    expect(e.message).toMatch(/^p\.json:1:\d+: /);
  });
});

describe('the compact form', () => {
  it('an unknown action names the tool', () => {
    const e = loadError(() => parsePolicies('docker_exec: block_alway\n'));
    expect(e.issues[0]!.path).toBe('docker_exec');
    expect(e.issues[0]!.message).toContain('unknown action "block_alway"');
  });

  it('two invocation actions for one tool', () => {
    const e = loadError(() => load('docker_stop: require_approval + block_always\n'));
    expect(e.issues[0]).toMatchObject({ path: 'docker_stop', message: expect.stringContaining('more than one invocation action') });
    const e2 = loadError(() => load('docker_stop: allow + block_always\n'));
    expect(e2.issues[0]).toMatchObject({ path: 'docker_stop', message: expect.stringContaining('contradict each other') });
  });

  it('a value that is not an action', () => {
    const e = loadError(() => parsePolicies('docker_exec: [block_always]\n'));
    expect(e.issues[0]).toEqual({ path: 'docker_exec', message: 'expected string' });
    const e2 = loadError(() => parsePolicies('docker_exec: "block always"\n'));
    expect(e2.issues[0]!.message).toContain('expected an action such as');
  });

  it('a policy set must be an object', () => {
    expect(loadError(() => parsePolicies('- docker_exec\n')).message).toContain('a policy set must be an object');
    expect(loadError(() => definePolicies('docker_exec: block_always' as never)).message).toContain('a policy set must be an object');
  });

  it('an empty file is an empty policy set (engine defaults apply)', () => {
    const set = parsePolicies('# nothing yet\n');
    expect(set.invocation).toHaveLength(0);
  });

  it('expands into invocation and trusted data policies', () => {
    const set = parsePolicies('docker_status: allow\ndocker_logs: mark_as_untrusted + sanitize_with_dual_llm\ndocker_exec: block_always\n');
    expect(set.invocation.map((p) => [p.tool, p.action])).toEqual([
      ['docker_status', 'allow'],
      ['docker_exec', 'block_always'],
    ]);
    expect(set.trustedData.map((p) => [p.id, p.action])).toEqual([
      ['docker_status', 'allow'],
      ['docker_logs#1', 'mark_as_untrusted'],
      ['docker_logs#2', 'sanitize_with_dual_llm'],
    ]);
  });

  it('the full form round-trips through toJSON', () => {
    const set = parsePolicies('docker_status: allow\ndocker_logs: mark_as_untrusted\n');
    expect(definePolicies(JSON.parse(JSON.stringify(set.toJSON()))).toJSON()).toEqual(set.toJSON());
  });
});

describe('scenario files', () => {
  const scenarioError = (text: string) => {
    try {
      parseScenarioFile(text, { source: 'ops.scenario.yaml' });
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioLoadError);
      return (e as ScenarioLoadError).message;
    }
    throw new Error('expected a scenario load error');
  };

  it('a YAML error has the file, line and column', () => {
    expect(scenarioError('scenarios:\n  - name: x\n   steps: []\n')).toMatch(/^ops\.scenario\.yaml:3:\d+: /);
  });

  it('schema errors have their path', () => {
    expect(scenarioError('policies: { a: allow }\nscenarios:\n  - name: x\n    steps:\n      - { id: "1bad", tool: a }\n')).toContain('scenarios[0].steps[0].id:');
    expect(scenarioError('policies: { a: allow }\nscenarios:\n  - name: x\n    steps:\n      - { id: s, tool: a, expect: blocked }\n')).toContain('scenarios[0].steps[0].expect');
    expect(scenarioError('policies: { a: allow }\nscenarios:\n  - name: x\n    steps:\n      - { id: s, tool: a, sanitiser: safe }\n')).toContain('unknown key "sanitiser"');
  });

  it('duplicate step ids and unknown `after` steps', () => {
    expect(scenarioError('policies: { a: allow }\nscenarios:\n  - name: x\n    steps:\n      - { id: s, tool: a }\n      - { id: s, tool: a }\n')).toBe(
      'ops.scenario.yaml: scenarios[0].steps[1].id: duplicate step id "s"',
    );
    expect(scenarioError('policies: { a: allow }\nscenarios:\n  - name: x\n    steps:\n      - { id: s, tool: a, after: [t] }\n      - { id: t, tool: a }\n')).toBe(
      'ops.scenario.yaml: scenarios[0].steps[0].after[0]: "t" is not an earlier step of this scenario',
    );
  });

  it('an invalid inline policy set names the policies field', () => {
    expect(scenarioError('policies: { a: allw }\nscenarios:\n  - name: x\n    steps: [{ id: s, tool: a }]\n')).toContain('ops.scenario.yaml: policies: invalid compact policy set: a: unknown action "allw"');
    expect(scenarioError('scenarios:\n  - name: x\n    policies: { a: allw }\n    steps: [{ id: s, tool: a }]\n')).toContain('scenarios[0].policies:');
  });

  it('no policies at all', () => {
    expect(scenarioError('scenarios:\n  - name: x\n    steps: [{ id: s, tool: a }]\n')).toContain('no policies');
  });
});
