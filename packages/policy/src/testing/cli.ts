/**
 * `agentos-policy`: test scenario files, check a policy file, explain a
 * decision. The logic lives in {@link runCli} so it can be tested in-process;
 * the bin (`src/cli.ts`) only calls it.
 * @module
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isAgentOSError } from '../errors.js';
import { createPolicyEngine, type Decision } from '../engine.js';
import { TRUSTED, untrusted, type Label, type Source } from '../labels.js';
import type { PolicySet } from '../policy-set.js';
import { displayPath, findScenarioFiles, loadPolicyFile } from './files.js';
import { formatFileResult, formatSummary, makeStyle, type Style } from './report.js';
import { runScenarioFile, type ScenarioFileResult } from './run.js';
import { packageVersion } from './version.js';

/** Where the CLI writes. `isTTY` turns colour on (unless `NO_COLOR` is set). */
export interface CliOutput {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** The CLI's surroundings; every field defaults to the real process. */
export interface CliIO {
  stdout?: CliOutput;
  stderr?: CliOutput;
  /** Directory relative paths are resolved against. */
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/** Exit codes: 0 all pass, 1 any mismatch, 2 a usage or load error. */
export const EXIT = { ok: 0, mismatch: 1, usage: 2 } as const;

const USAGE = `Usage: agentos-policy <command> [options]

Commands:
  test <file|dir…>         Run scenario files (*.scenario.yaml, .yml, .json) and
                           compare every step with its expect.
      --json               Print the results as JSON.
  check <policies.yaml>    Validate a policy file and print a summary.
  explain <policies.yaml>  Print the decision for one call, with its trace.
      --tool <name>        The tool (required).
      --args '<json>'      Its arguments as a JSON object (default {}).
      --untrusted-from <step:tool>
                           Untrusted data from this step flows into the call
                           (repeatable; a bare name means step = tool).
      --json               Print the decision as JSON.

Options:
  -h, --help               Show this help.
  -v, --version            Show the version.

Exit codes: 0 all scenarios pass, 1 a scenario does not match its expect,
2 a usage or load error (missing file, bad YAML, invalid policy).
`;

class UsageError extends Error {}

/**
 * Run the CLI. Returns the exit code instead of exiting, so tests can call it.
 * @param argv the arguments after the program name (`process.argv.slice(2)`).
 * @example
 * ```ts
 * const code = await runCli(['test', 'policies/'], { stdout: process.stdout, stderr: process.stderr });
 * process.exitCode = code;
 * ```
 */
export async function runCli(argv: ReadonlyArray<string>, io: CliIO = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const cwd = io.cwd ?? process.cwd();
  const env = io.env ?? process.env;
  const color = stdout.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
  const style = makeStyle(color);
  const errStyle = makeStyle(stderr.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === ''));
  const out = (s: string) => void stdout.write(`${s}\n`);
  const err = (s: string) => void stderr.write(`${s}\n`);

  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        json: { type: 'boolean' },
        tool: { type: 'string' },
        args: { type: 'string' },
        'untrusted-from': { type: 'string', multiple: true },
      },
    });
  } catch (e) {
    err(`agentos-policy: ${(e as Error).message}`);
    err('Run agentos-policy --help for usage.');
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    out(packageVersion());
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    out(USAGE);
    return EXIT.ok;
  }
  try {
    switch (command) {
      case 'test':
        return runTest(rest, { json: values.json === true, color, cwd, out, err, style, errStyle });
      case 'check':
        return runCheck(rest, { cwd, out, style });
      case 'explain':
        return runExplain(rest, { cwd, out, style, json: values.json === true, tool: values.tool, args: values.args, untrustedFrom: values['untrusted-from'] ?? [] });
      case undefined:
        throw new UsageError('missing command');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`agentos-policy: ${e.message}`);
      err('Run agentos-policy --help for usage.');
      return EXIT.usage;
    }
    if (isAgentOSError(e)) {
      err(`${errStyle.red('error')} ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
}

interface TestContext {
  json: boolean;
  color: boolean;
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
  style: Style;
  errStyle: Style;
}

function runTest(paths: string[], ctx: TestContext): number {
  if (paths.length === 0) throw new UsageError('test needs at least one scenario file or directory');
  let files: string[];
  try {
    files = findScenarioFiles(paths, ctx.cwd);
  } catch (e) {
    if (!ctx.json || !isAgentOSError(e)) throw e;
    ctx.out(JSON.stringify({ passed: 0, failed: 0, exitCode: EXIT.usage, files: [], errors: [{ file: null, error: e.message, code: e.code }] }, null, 2));
    return EXIT.usage;
  }
  const results: ScenarioFileResult[] = [];
  const loadErrors: Array<{ file: string | null; error: string; code: string }> = [];
  for (const file of files) {
    try {
      const result = runScenarioFile(file, { cwd: ctx.cwd });
      results.push(result);
      if (!ctx.json) ctx.out(formatFileResult(result, { color: ctx.color }));
    } catch (e) {
      if (!isAgentOSError(e)) throw e;
      loadErrors.push({ file: displayPath(file, ctx.cwd), error: e.message, code: e.code });
      if (!ctx.json) ctx.err(`${ctx.errStyle.red('✗')} ${e.message}`);
    }
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const exitCode = loadErrors.length ? EXIT.usage : failed ? EXIT.mismatch : EXIT.ok;
  if (ctx.json) {
    ctx.out(
      JSON.stringify(
        {
          passed,
          failed,
          exitCode,
          files: results.map((r) => ({
            path: r.path,
            passed: r.passed,
            failed: r.failed,
            scenarios: r.scenarios.map((s) => ({
              name: s.name,
              mode: s.mode,
              passed: s.passed,
              mismatches: s.mismatches,
              steps: s.steps.map((st) => ({ id: st.id, tool: st.tool, verdict: st.verdict, output: st.output, reason: st.reason, sources: st.sources })),
            })),
          })),
          errors: loadErrors,
        },
        null,
        2,
      ),
    );
    return exitCode;
  }
  ctx.out('');
  if (loadErrors.length) ctx.err(`${loadErrors.length} file(s) could not be loaded`);
  const summary = formatSummary(passed, failed);
  ctx.out(failed || loadErrors.length ? ctx.style.red(summary) : ctx.style.green(summary));
  return exitCode;
}

function loadPolicies(args: string[], command: string, cwd: string): { set: PolicySet; shown: string } {
  if (args.length !== 1) throw new UsageError(`${command} needs exactly one policy file`);
  const path = args[0]!;
  const shown = displayPath(path, cwd);
  return { set: loadPolicyFile(resolve(cwd, path), { displayPath: shown }), shown };
}

function runCheck(args: string[], ctx: { cwd: string; out: (s: string) => void; style: Style }): number {
  const { set, shown } = loadPolicies(args, 'check', ctx.cwd);
  const tools = new Map<string, { run: string[]; output: string[] }>();
  const entry = (tool: string) => {
    let e = tools.get(tool);
    if (!e) tools.set(tool, (e = { run: [], output: [] }));
    return e;
  };
  const cond = (c: ReadonlyArray<{ source: { key: string; operator: string; value: unknown } }>) =>
    c.length ? ` if ${c.map((x) => `${x.source.key} ${x.source.operator} ${JSON.stringify(x.source.value)}`).join(' and ')}` : '';
  for (const p of set.invocation) entry(p.tool).run.push(`${p.action}${cond(p.conditions)}`);
  for (const p of set.trustedData) {
    const fields = p.fields ? ` [${p.fields.map((f) => f.path).join(', ')}]` : '';
    entry(p.tool).output.push(`${p.action}${fields}${cond(p.conditions)}`);
  }
  const defaultRun = set.defaults.invocation ?? 'block_when_context_is_untrusted';
  const defaultTrust = set.defaults.trust ?? 'untrusted';
  ctx.out(
    `${ctx.style.green('✓')} ${shown} is valid: ${set.invocation.length} invocation polic${set.invocation.length === 1 ? 'y' : 'ies'}, ${set.trustedData.length} trusted data polic${set.trustedData.length === 1 ? 'y' : 'ies'}, ${tools.size} tool${tools.size === 1 ? '' : 's'}`,
  );
  const width = Math.max(4, ...[...tools.keys()].map((t) => t.length));
  for (const [tool, e] of [...tools].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const run = e.run.length ? e.run.join('; ') : ctx.style.dim(`(engine default: ${defaultRun})`);
    const output = e.output.length ? e.output.join('; ') : ctx.style.dim(`(default: ${defaultTrust})`);
    ctx.out(`  ${tool.padEnd(width)}  run: ${run}  ${ctx.style.dim('·')}  output: ${output}`);
  }
  ctx.out(`Tools not named above: run ${defaultRun}; output ${defaultTrust}.`);
  return EXIT.ok;
}

function parseSource(text: string): Source {
  const i = text.indexOf(':');
  if (i === -1) return { step: text, tool: text };
  const step = text.slice(0, i);
  const tool = text.slice(i + 1);
  if (!step || !tool) throw new UsageError(`--untrusted-from "${text}": expected step:tool or a tool name`);
  return { step, tool };
}

function runExplain(
  args: string[],
  ctx: { cwd: string; out: (s: string) => void; style: Style; json: boolean; tool: string | undefined; args: string | undefined; untrustedFrom: string[] },
): number {
  const { set } = loadPolicies(args, 'explain', ctx.cwd);
  if (!ctx.tool) throw new UsageError('explain needs --tool <name>');
  let callArgs: unknown = {};
  if (ctx.args !== undefined) {
    try {
      callArgs = JSON.parse(ctx.args);
    } catch (e) {
      throw new UsageError(`--args is not valid JSON: ${(e as Error).message}`);
    }
    if (callArgs === null || typeof callArgs !== 'object' || Array.isArray(callArgs)) throw new UsageError('--args must be a JSON object, e.g. \'{"channel":"#ops"}\'');
  }
  const context: Label = ctx.untrustedFrom.length ? untrusted(...ctx.untrustedFrom.map(parseSource)) : TRUSTED;
  const decision = createPolicyEngine(set).decide({ tool: ctx.tool, args: callArgs, context });
  if (ctx.json) {
    ctx.out(JSON.stringify(decision, null, 2));
    return EXIT.ok;
  }
  ctx.out(formatDecision(decision, ctx.style));
  return EXIT.ok;
}

/** A decision as people read it, with its trace. */
export function formatDecision(d: Decision, style: Style = makeStyle(false)): string {
  const verdict = d.verdict === 'allow' ? style.green('ALLOW') : d.verdict === 'block' ? style.red('BLOCK') : style.bold('REQUIRE APPROVAL');
  const sources = d.sources.map((s) => (s.step === s.tool ? s.tool : `${s.tool} (step ${s.step})`)).join(', ');
  const lines = [
    `${style.bold(d.tool)} → ${verdict}`,
    `  policy:  ${d.policy.id} (${d.policy.kind}, ${d.policy.action})`,
    `  reason:  ${d.reason}`,
    `  context: ${d.context}${sources ? ` (from ${sources})` : ''}`,
    '  trace:',
    ...d.trace.map((t) => `    ${t.matched ? style.green('✓') : style.dim('·')} ${t.policy}  ${t.action}  ${style.dim(t.note)}`),
  ];
  return lines.join('\n');
}
