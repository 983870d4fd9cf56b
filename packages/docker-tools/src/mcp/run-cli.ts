/**
 * `runCli`: the `agentos-docker-mcp` command, callable in-process (tests)
 * as well as from the bin. Diagnostics go to stderr only: on stdio, stdout
 * is the MCP protocol.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { isAgentOSError, type EmailSendConfig, type McpServerHandle } from '@agentos/core';
import { parsePolicies, recommendedPolicies, type PolicySet } from '@agentos/policy';
import type { DockerHost } from '../host/types.js';
import { createDemoMemoryHost } from '../tools/demo-host.js';
import { createDockerTools, type DockerTools } from '../tools/create-docker-tools.js';
import { detectDocker } from '../tools/detect-docker.js';
import { CliUsageError, parseCliArgs, USAGE, type CliPlan } from './cli-args.js';
import { createDockerMcpServer, type DockerMcpServer } from './docker-mcp-server.js';

/** The package version the CLI reports. */
export const CLI_VERSION = '0.1.0';

/** What the CLI reads and writes (defaults: the process's own). */
export interface CliIo {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: { write(text: string): unknown };
  env?: Record<string, string | undefined>;
  /** Reads a policy file (default `fs.readFileSync(path, 'utf8')`). */
  readFile?: (path: string) => string;
}

/** The CLI ended (help, version, or an error): the exit code. */
export interface CliExit {
  kind: 'exit';
  code: number;
}

/** The CLI is serving. */
export interface CliServing {
  kind: 'serving';
  transport: 'stdio' | 'http';
  /** For HTTP: where clients connect. */
  url?: string;
  server: DockerMcpServer;
  handle: McpServerHandle;
  /** Stop serving and release everything. */
  stop(): Promise<void>;
}

/** Result of {@link runCli}. */
export type CliOutcome = CliExit | CliServing;

function smtpFromUrl(raw: string): EmailSendConfig['smtp'] {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CliUsageError(`--smtp-url ${JSON.stringify(raw)} is not a URL`, 'e.g. smtp://mail.example.com:587 or smtps://user:pass@mail.example.com');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new CliUsageError(`--smtp-url must use smtp:// or smtps://, got ${u.protocol}`);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
  };
}

function loadPolicies(plan: CliPlan, readFile: (p: string) => string): { policies: PolicySet; label: string } {
  if (!plan.policiesFile) return { policies: recommendedPolicies, label: 'recommended' };
  let text: string;
  try {
    text = readFile(plan.policiesFile);
  } catch (e) {
    throw new CliUsageError(`--policies: cannot read ${plan.policiesFile}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { policies: parsePolicies(text, plan.policiesFile), label: plan.policiesFile };
}

/**
 * Run `agentos-docker-mcp` with `argv` (without `node` and the script).
 * Resolves with `{ kind: 'exit', code }` when it ends at once (help,
 * version, usage or configuration errors: code 2), or `{ kind: 'serving' }`
 * once the server is up.
 * @example
 * ```ts
 * const out = await runCli(['--http', '--port', '0', '--token', 's3cret', '--memory'], { stderr: process.stderr });
 * if (out.kind === 'serving') { console.log(out.url); await out.stop(); }
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<CliOutcome> {
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const say = (line: string) => stderr.write(`agentos-docker-mcp: ${line}\n`);

  let plan: CliPlan;
  let docker: DockerTools | undefined;
  let server: DockerMcpServer | undefined;
  try {
    plan = parseCliArgs(argv, env);
    if (plan.action === 'help') {
      stdout.write(USAGE);
      return { kind: 'exit', code: 0 };
    }
    if (plan.action === 'version') {
      stdout.write(`${CLI_VERSION}\n`);
      return { kind: 'exit', code: 0 };
    }
    const { policies, label } = loadPolicies(plan, io.readFile ?? ((p) => readFileSync(p, 'utf8')));

    // Docker hosts: the demo host, the ones given, or the local engine.
    let hosts: Array<DockerHost | CliPlan['hosts'][number]>;
    if (plan.memory) hosts = [createDemoMemoryHost()];
    else if (plan.hosts.length) hosts = plan.hosts.map((h) => ('kind' in h && h.kind === 'memory' ? createDemoMemoryHost({ name: h.name }) : h));
    else hosts = [{ name: 'local', fromEnv: true }];
    docker = createDockerTools({ hosts, env: { env }, ...(plan.probeAllowedHosts ? { httpProbe: { allowedHosts: plan.probeAllowedHosts } } : {}) });
    for (const h of docker.hosts) {
      if (h.kind === 'memory') {
        say(`host "${h.name}": ${h.description} — containers are simulated, nothing touches Docker`);
        continue;
      }
      const d = await detectDocker({ host: h, timeoutMs: 2000 });
      say(`host "${h.name}": ${d.available ? d.description : `${d.description}; tools on this host will fail until it is reachable`}`);
      for (const w of (h as { warnings?: readonly string[] }).warnings ?? []) say(`host "${h.name}": warning: ${w}`);
    }

    server = createDockerMcpServer({
      docker,
      policies,
      ...(plan.slack ? { slack: plan.slack } : {}),
      ...(plan.webhook ? { webhook: plan.webhook } : {}),
      ...(plan.email ? { email: { smtp: smtpFromUrl(plan.email.smtpUrl), from: plan.email.from, ...(plan.email.allowedDomains ? { allowedDomains: plan.email.allowedDomains } : {}) } } : {}),
      name: 'agentos-docker',
      version: CLI_VERSION,
      onError: (e) => say(`error: ${e.message}`),
    });
    const handle =
      plan.transport === 'http'
        ? await server.listen({ transport: 'http', port: plan.port, host: plan.bind, token: plan.token as string })
        : await server.listen({ transport: 'stdio', ...(io.stdin ? { stdin: io.stdin } : {}), ...(io.stdout ? { stdout: io.stdout } : {}) });
    const sinks = server.toolNames.filter((n) => !docker!.all.some((t) => t.name === n));
    say(`policies: ${label}; tools: ${server.toolNames.length} (${sinks.length ? `sinks: ${sinks.join(', ')}` : 'no sinks configured'})`);
    if (policies === recommendedPolicies) say('docker_logs outputs need a dual-LLM sanitizer under the recommended policies; without one they are withheld (use --policies to change that)');
    say(plan.transport === 'http' ? `serving Streamable HTTP on ${handle.url} (bearer token required)` : 'serving on stdio');
    const running = server;
    let stopped: Promise<void> | undefined;
    return {
      kind: 'serving',
      transport: plan.transport,
      ...(handle.url ? { url: handle.url } : {}),
      server: running,
      handle,
      stop: () => (stopped ??= running.close()),
    };
  } catch (e) {
    await server?.close().catch(() => undefined);
    if (!server) await docker?.close().catch(() => undefined);
    if (e instanceof CliUsageError) {
      say(e.message);
      stderr.write('\n' + USAGE);
      return { kind: 'exit', code: 2 };
    }
    if (isAgentOSError(e)) {
      say(`${e.code}: ${e.message}`);
      return { kind: 'exit', code: 2 };
    }
    say(`unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return { kind: 'exit', code: 1 };
  }
}
