import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIO } from './testing/index.js';

const pkgDir = fileURLToPath(new URL('../', import.meta.url));
const examples = join(pkgDir, 'examples');
const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;

let dir: string;

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Run the CLI in-process; returns the exit code and what it printed. */
async function cli(args: string[], io: Partial<CliIO> & { tty?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd: dir,
    env: {},
    ...io,
    stdout: { write: (s: string) => void (stdout += s), isTTY: io.tty ?? false },
    stderr: { write: (s: string) => void (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr, lastLine: stdout.trimEnd().split('\n').at(-1) };
}

const POLICIES = `docker_logs: mark_as_untrusted
slack_notify: block_when_context_is_untrusted
docker_exec: block_always
`;

const PASSING = `policies: ./policies.yaml
scenarios:
  - name: logs to slack is blocked
    steps:
      - id: logs
        tool: docker_logs
        args: { container: db }
        output: "connecting… DB_PASSWORD=hunter2"
        expect: allow
      - id: notify
        tool: slack_notify
        args: { channel: "#ops", text: "Logs: {{ logs }}" }
        expect: { verdict: block, sources: [logs], reason: untrusted }
`;

const FAILING = `policies: ./policies.yaml
scenarios:
  - name: a passing one
    steps:
      - { id: shell, tool: docker_exec, expect: block }
  - name: someone thinks slack is fine after logs
    steps:
      - id: logs
        tool: docker_logs
        output: "x"
      - id: notify
        tool: slack_notify
        args: { text: "{{ logs }}" }
        expect: { verdict: allow, sources: [] }
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'agentos-policy-cli-'));
  write('policies.yaml', POLICIES);
  write('pass.scenario.yaml', PASSING);
  write('fail.scenario.yaml', FAILING);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('agentos-policy test', () => {
  it('exit 0 when every scenario passes; the summary is the last line', async () => {
    const r = await cli(['test', 'pass.scenario.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('pass.scenario.yaml\n  ✓ logs to slack is blocked\n\n1 passed, 0 failed\n');
    expect(r.stderr).toBe('');
  });

  it('exit 1 on a mismatch, with a readable diff: expected vs actual, the reason and the sources', async () => {
    const r = await cli(['test', 'fail.scenario.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  ✓ a passing one\n');
    expect(r.stdout).toContain('  ✗ someone thinks slack is fine after logs\n');
    expect(r.stdout).toContain(
      [
        '    step notify (slack_notify)',
        '      verdict',
        '        - expected: allow',
        '        + actual:   block',
        '      sources',
        '        - expected: (none)',
        '        + actual:   logs',
        '      verdict: block  output: none',
        '      reason:  Blocked — untrusted data context: Cannot send untrusted data externally (untrusted data from docker_logs (step logs))',
        '      sources: logs',
      ].join('\n'),
    );
    expect(r.lastLine).toBe('1 passed, 1 failed');
    expect(r.stdout).toMatch(/^\d+ passed, \d+ failed$/m);
  });

  it('a reason mismatch shows the expected text and the actual reason once', async () => {
    write('reason.scenario.yaml', `policies: ./policies.yaml\nscenarios:\n  - name: r\n    steps:\n      - { id: shell, tool: docker_exec, expect: { reason: untrusted } }\n`);
    const r = await cli(['test', 'reason.scenario.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('      reason (contains)\n        - expected: …untrusted…\n        + actual:   Blocked — always blocked: This tool is always blocked\n');
    expect(r.stdout.match(/This tool is always blocked/g)).toHaveLength(1);
  });

  it('runs every file given and every scenario file in a directory (recursively, sorted)', async () => {
    write('suite/b.scenario.yml', PASSING.replace('./policies.yaml', '../policies.yaml'));
    write('suite/nested/a.scenario.json', JSON.stringify({ policies: { docker_exec: 'block_always' }, scenarios: [{ name: 'json works', steps: [{ id: 'x', tool: 'docker_exec', expect: 'block' }] }] }));
    write('suite/notes.yaml', 'not: a scenario');
    write('suite/node_modules/dep/x.scenario.yaml', 'broken: [');
    const r = await cli(['test', 'suite', 'pass.scenario.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.endsWith('.yml') || l.endsWith('.json') || l.endsWith('.yaml'))).toEqual([
      join('suite', 'b.scenario.yml'),
      join('suite', 'nested', 'a.scenario.json'),
      'pass.scenario.yaml',
    ]);
    expect(r.lastLine).toBe('3 passed, 0 failed');
  });

  it('--json prints the results as JSON, with the same exit code', async () => {
    const r = await cli(['test', '--json', 'fail.scenario.yaml']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ passed: 1, failed: 1, exitCode: 1, errors: [] });
    expect(out.files[0].scenarios[1].mismatches).toEqual([
      { step: 'notify', field: 'verdict', expected: 'allow', actual: 'block' },
      { step: 'notify', field: 'sources', expected: [], actual: ['logs'] },
    ]);
    expect(out.files[0].scenarios[1].steps[1]).toMatchObject({ id: 'notify', verdict: 'block', sources: ['logs'] });
  });

  it('--json reports load errors as JSON too (exit 2)', async () => {
    const missing = await cli(['test', '--json', 'nope.scenario.yaml']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ exitCode: 2, errors: [{ code: 'SCENARIO_LOAD', error: expect.stringContaining('nope.scenario.yaml: no such file') }] });
    write('broken.scenario.yaml', 'scenarios: [');
    const broken = await cli(['test', '--json', 'broken.scenario.yaml', 'pass.scenario.yaml']);
    expect(broken.code).toBe(2);
    const out = JSON.parse(broken.stdout);
    expect(out).toMatchObject({ passed: 1, failed: 0, exitCode: 2, errors: [{ file: 'broken.scenario.yaml', code: 'SCENARIO_LOAD' }] });
    expect(broken.stderr).toBe('');
  });

  it('colour only when stdout is a TTY and NO_COLOR is unset', async () => {
    const esc = '\u001b[';
    expect((await cli(['test', 'fail.scenario.yaml'], { tty: true })).stdout).toContain(esc);
    expect((await cli(['test', 'fail.scenario.yaml'], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await cli(['test', 'fail.scenario.yaml'], { tty: false })).stdout).not.toContain(esc);
    // The summary line stays parseable with colour on.
    const colored = (await cli(['test', 'fail.scenario.yaml'], { tty: true })).stdout.replace(/\u001b\[\d+m/g, '');
    expect(colored).toMatch(/^1 passed, 1 failed$/m);
  });

  describe('exit 2 on usage and load errors', () => {
    it('a missing file', async () => {
      const r = await cli(['test', 'nope.scenario.yaml']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('nope.scenario.yaml: no such file or directory');
    });

    it('a directory without scenario files', async () => {
      mkdirSync(join(dir, 'empty'), { recursive: true });
      const r = await cli(['test', 'empty']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('empty: no scenario files found');
    });

    it('bad YAML, with its line', async () => {
      write('bad-yaml.scenario.yaml', 'scenarios:\n  - name: x\n   steps: []\n');
      const r = await cli(['test', 'bad-yaml.scenario.yaml']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/bad-yaml\.scenario\.yaml:3:\d+: /);
    });

    it('a bad policy file, with the path inside it', async () => {
      write('bad-policies.yaml', 'invocation:\n  - { tool: a, action: allow, reason: r }\n  - { tool: b, action: allow, reason: r }\n  - { tool: c, action: allow, reason: r }\n  - tool: d\n    action: allow\n    reason: r\n    conditions: [{ key: to, operator: equals, value: x }]\n');
      write('bad-policy.scenario.yaml', 'policies: ./bad-policies.yaml\nscenarios:\n  - name: x\n    steps: [{ id: a, tool: a }]\n');
      const r = await cli(['test', 'bad-policy.scenario.yaml']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('bad-policy.scenario.yaml: policies: bad-policies.yaml: invalid policy set: invocation[3].conditions[0].operator: expected one of equal');
    });

    it('a policies path that does not exist (read relative to the scenario file)', async () => {
      write('sub/missing.scenario.yaml', 'policies: ./nowhere.yaml\nscenarios:\n  - name: x\n    steps: [{ id: a, tool: a }]\n');
      const r = await cli(['test', 'sub/missing.scenario.yaml']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join('sub', 'nowhere.yaml')}: cannot read the policy file: file not found`);
    });

    it('a load error in one file still runs the others, and still exits 2', async () => {
      const r = await cli(['test', 'bad-yaml.scenario.yaml', 'pass.scenario.yaml']);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('✓ logs to slack is blocked');
      expect(r.lastLine).toBe('1 passed, 0 failed');
      expect(r.stderr).toContain('1 file(s) could not be loaded');
    });

    it('no files, unknown commands and unknown options', async () => {
      expect((await cli(['test'])).code).toBe(2);
      expect((await cli([])).code).toBe(2);
      const unknown = await cli(['frobnicate']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown command "frobnicate"');
      const option = await cli(['test', '--nope', 'pass.scenario.yaml']);
      expect(option.code).toBe(2);
      expect(option.stderr).toContain("Unknown option '--nope'");
    });
  });
});

describe('agentos-policy check', () => {
  it('a valid file: exit 0 and a summary per tool', async () => {
    const r = await cli(['check', join(examples, 'policies.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/policies\.yaml is valid: 9 invocation policies, 7 trusted data policies, 11 tools/);
    expect(r.stdout).toMatch(/docker_logs +run: \(engine default: block_when_context_is_untrusted\) +· +output: mark_as_untrusted; sanitize_with_dual_llm/);
    expect(r.stdout).toMatch(/docker_exec +run: block_always/);
  });

  it('conditions and fields are shown', async () => {
    write('full.yaml', `invocation:
  - { tool: docker_restart, action: require_approval, conditions: [{ key: container, operator: startsWith, value: prod- }], reason: prod }
trustedData:
  - { tool: docker_inspect, action: allow, fields: [State.Status], reason: daemon }
defaults: { invocation: block_always }
`);
    const r = await cli(['check', 'full.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('run: require_approval if container startsWith "prod-"');
    expect(r.stdout).toContain('output: allow [State.Status]');
    expect(r.stdout).toContain('Tools not named above: run block_always; output untrusted.');
  });

  it('an invalid file: exit 2 and the exact path', async () => {
    write('invalid.yaml', 'docker_exec: block_alway\n');
    const r = await cli(['check', 'invalid.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid.yaml: invalid compact policy set: docker_exec: unknown action "block_alway"');
  });

  it('a missing file or argument: exit 2', async () => {
    expect((await cli(['check', 'nope.yaml'])).stderr).toContain('nope.yaml: cannot read the policy file: file not found');
    expect((await cli(['check'])).code).toBe(2);
  });
});

describe('agentos-policy explain', () => {
  const policies = () => join(examples, 'policies.yaml');

  it('prints the decision and its trace', async () => {
    const r = await cli(['explain', policies(), '--tool', 'slack_notify', '--args', '{"channel":"#ops","text":"x"}', '--untrusted-from', 'logs:docker_logs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('slack_notify → BLOCK');
    expect(r.stdout).toContain('context: untrusted (from docker_logs (step logs))');
    expect(r.stdout).toMatch(/trace:\n +✓ slack_notify +block_when_context_is_untrusted +default policy for slack_notify → block/);
  });

  it('a trusted context allows; a bare tool name is its own step', async () => {
    expect((await cli(['explain', policies(), '--tool', 'slack_notify'])).stdout).toContain('slack_notify → ALLOW');
    const r = await cli(['explain', policies(), '--tool', 'email_send', '--untrusted-from', 'health_check', '--json']);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ verdict: 'block', tool: 'email_send', sources: [{ step: 'health_check', tool: 'health_check' }] });
    expect(d.trace).toBeInstanceOf(Array);
  });

  it('usage errors: no --tool, bad --args', async () => {
    expect((await cli(['explain', policies()])).stderr).toContain('explain needs --tool');
    const bad = await cli(['explain', policies(), '--tool', 'x', '--args', '{nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--args is not valid JSON');
    expect((await cli(['explain', policies(), '--tool', 'x', '--args', '[1]'])).stderr).toContain('--args must be a JSON object');
  });
});

describe('help and version', () => {
  it('--help prints usage and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: agentos-policy <command>');
    expect(r.stdout).toContain('Exit codes: 0 all scenarios pass, 1 a scenario does not match its expect,');
  });

  it('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });
});

describe('the bin', () => {
  // Run the TypeScript bin through tsx (resolved from here: the scenarios' folder is outside the repository).
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', tsxLoader, join(pkgDir, 'src', 'cli.ts'), ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
        resolve({ code: error ? (error as { code?: number }).code ?? null : 0, stdout, stderr }),
      );
    });

  it('sets the process exit code: 0, 1, 2', async () => {
    const [ok, mismatch, usage] = await Promise.all([run(['test', 'pass.scenario.yaml']), run(['test', 'fail.scenario.yaml']), run(['test', 'nope.yaml'])]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^1 passed, 0 failed$/m);
    expect(mismatch.code).toBe(1);
    expect(usage.code).toBe(2);
  });

  it('starts with a node shebang', () => {
    expect(readFileSync(join(pkgDir, 'src', 'cli.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
