/**
 * Command-line arguments of `agentos-docker-mcp` → a validated plan.
 * Pure: no I/O besides what the caller passes in.
 * @module
 */
import { parseArgs } from 'node:util';
import { AgentOSError } from '@agentos/policy';
import type { HostConfig } from '../host/hosts.js';

/** A usage error: bad or missing arguments. The CLI prints it with the usage and exits 2. */
export class CliUsageError extends AgentOSError {
  constructor(message: string, hint?: string) {
    super('CLI_USAGE', message, hint ? { hint } : {});
  }
}

/** What the command line asked for. */
export interface CliPlan {
  action: 'serve' | 'help' | 'version';
  transport: 'stdio' | 'http';
  port: number;
  bind: string;
  /** Bearer token for HTTP (from --token or AGENTOS_MCP_TOKEN). */
  token: string | undefined;
  /** A policy file replacing the recommended policies. */
  policiesFile: string | undefined;
  /** Docker hosts (`--docker name=address`); empty: the local engine. */
  hosts: HostConfig[];
  /** `--memory`: the in-memory demo host instead of Docker. */
  memory: boolean;
  slack: { webhookUrl: string; defaultChannel?: string } | undefined;
  webhook: { allowedHosts: string[] } | undefined;
  email: { smtpUrl: string; from: string; allowedDomains?: string[] } | undefined;
  /** Hosts the health_check HTTP probe may reach (`--probe-allow`); default loopback. */
  probeAllowedHosts: string[] | undefined;
}

/** The usage text. */
export const USAGE = `agentos-docker-mcp — Docker tools behind AgentOS policies, as an MCP server

Usage: agentos-docker-mcp [options]

Transport
  (default)                   stdio (Claude Desktop, IDEs, the MCP Inspector)
  --http                      Streamable HTTP instead
  --port <n>                  HTTP port (default 8808; 0 = any free port)
  --bind <address>            HTTP address to bind (default 127.0.0.1)
  --token <secret>            bearer token clients must send (or AGENTOS_MCP_TOKEN); required with --http

Docker
  --docker <name=address>     a Docker host; repeat for several. address: unix:///path, tcp://host:port,
                              ssh://user@host, env (DOCKER_HOST & co.) or memory. Default: local=env
  --memory                    use the in-memory demo host (no Docker needed; it says so)
  --probe-allow <host>        a host health_check's HTTP probe may reach (repeatable; default loopback)

Policies
  --policies <file.yaml>      replace the recommended policies with this file (YAML or JSON)

Sinks (each is served only when configured)
  --slack-webhook-url <url>   slack_notify (or SLACK_WEBHOOK_URL); --slack-channel <#ch> (or SLACK_CHANNEL)
  --webhook-allow <host>      webhook_post may post to this host (repeatable; or AGENTOS_WEBHOOK_ALLOWED_HOSTS=a,b)
  --smtp-url <url>            email_send via smtp://host:port (or SMTP_URL); --email-from <addr> (or EMAIL_FROM)
  --email-domain <domain>     recipients must be in this domain (repeatable)

  --help, --version
`;

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/**
 * Turn `name=address` into a host configuration.
 * @example
 * ```ts
 * parseDockerHostArg('prod=tcp://10.0.0.5:2375'); // { name: 'prod', host: '10.0.0.5', port: 2375 }
 * parseDockerHostArg('local=env');                // { name: 'local', fromEnv: true }
 * ```
 */
export function parseDockerHostArg(arg: string): HostConfig {
  const i = arg.indexOf('=');
  if (i <= 0) throw new CliUsageError(`--docker ${JSON.stringify(arg)}: expected name=address`, 'e.g. --docker local=unix:///var/run/docker.sock');
  const name = arg.slice(0, i);
  const address = arg.slice(i + 1);
  if (!NAME.test(name)) throw new CliUsageError(`--docker ${JSON.stringify(arg)}: "${name}" is not a valid host name`, 'host names are 1–63 letters, digits, "_", "." or "-"');
  if (address === 'env') return { name, fromEnv: true };
  if (address === 'memory') return { name, kind: 'memory' };
  if (address.startsWith('unix://')) return { name, socketPath: address.slice('unix://'.length) || '/var/run/docker.sock' };
  if (address.startsWith('ssh://')) return { name, sshUrl: address };
  if (address.startsWith('tcp://')) {
    let u: URL;
    try {
      u = new URL(address.replace(/^tcp:/, 'http:'));
    } catch {
      throw new CliUsageError(`--docker ${JSON.stringify(arg)}: "${address}" is not a valid address`);
    }
    return { name, host: u.hostname.replace(/^\[|\]$/g, ''), ...(u.port ? { port: Number(u.port) } : {}) };
  }
  throw new CliUsageError(`--docker ${JSON.stringify(arg)}: unsupported address "${address}"`, 'use unix:///path, tcp://host:port, ssh://user@host, env or memory (for TLS, use env with DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH)');
}

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * Parse the command line (without `node` and the script).
 * @example
 * ```ts
 * const plan = parseCliArgs(['--http', '--port', '9000'], { AGENTOS_MCP_TOKEN: 's3cret' });
 * plan.transport; // 'http'
 * ```
 */
export function parseCliArgs(argv: readonly string[], env: Record<string, string | undefined>): CliPlan {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        http: { type: 'boolean' },
        port: { type: 'string' },
        bind: { type: 'string' },
        token: { type: 'string' },
        policies: { type: 'string' },
        docker: { type: 'string', multiple: true },
        memory: { type: 'boolean' },
        'probe-allow': { type: 'string', multiple: true },
        'slack-webhook-url': { type: 'string' },
        'slack-channel': { type: 'string' },
        'webhook-allow': { type: 'string', multiple: true },
        'smtp-url': { type: 'string' },
        'email-from': { type: 'string' },
        'email-domain': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (e) {
    throw new CliUsageError(e instanceof Error ? e.message : String(e), 'see --help');
  }
  const str = (k: string) => values[k] as string | undefined;
  const strs = (k: string) => (values[k] as string[] | undefined) ?? [];
  const base: CliPlan = {
    action: values.help ? 'help' : values.version ? 'version' : 'serve',
    transport: values.http ? 'http' : 'stdio',
    port: 8808,
    bind: str('bind') ?? '127.0.0.1',
    token: str('token') ?? (env.AGENTOS_MCP_TOKEN || undefined),
    policiesFile: str('policies'),
    hosts: [],
    memory: values.memory === true,
    slack: undefined,
    webhook: undefined,
    email: undefined,
    probeAllowedHosts: strs('probe-allow').length ? strs('probe-allow') : undefined,
  };
  if (base.action !== 'serve') return base;

  const port = str('port');
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw new CliUsageError(`--port ${JSON.stringify(port)}: expected a port number 0–65535`);
    base.port = Number(port);
  }
  if (base.transport === 'stdio' && (port !== undefined || str('bind') !== undefined || str('token') !== undefined)) {
    throw new CliUsageError('--port, --bind and --token only apply with --http', 'add --http to serve over Streamable HTTP');
  }
  if (base.transport === 'http' && !base.token?.trim()) {
    throw new CliUsageError('--http needs a bearer token: pass --token <secret> or set AGENTOS_MCP_TOKEN', 'generate one, e.g. with: openssl rand -hex 32');
  }
  if (base.memory && strs('docker').length) throw new CliUsageError('--memory and --docker exclude each other', 'use --docker demo=memory to add an in-memory host to real ones');
  base.hosts = strs('docker').map(parseDockerHostArg);

  const slackUrl = str('slack-webhook-url') ?? (env.SLACK_WEBHOOK_URL || undefined);
  const channel = str('slack-channel') ?? (env.SLACK_CHANNEL || undefined);
  if (slackUrl) base.slack = { webhookUrl: slackUrl, ...(channel ? { defaultChannel: channel } : {}) };
  else if (str('slack-channel')) throw new CliUsageError('--slack-channel needs --slack-webhook-url (or SLACK_WEBHOOK_URL)');

  const allowed = strs('webhook-allow').length ? strs('webhook-allow') : list(env.AGENTOS_WEBHOOK_ALLOWED_HOSTS);
  if (allowed.length) base.webhook = { allowedHosts: allowed };

  const smtpUrl = str('smtp-url') ?? (env.SMTP_URL || undefined);
  const from = str('email-from') ?? (env.EMAIL_FROM || undefined);
  if (smtpUrl || str('email-from')) {
    if (!smtpUrl || !from) throw new CliUsageError('email_send needs both --smtp-url (or SMTP_URL) and --email-from (or EMAIL_FROM)');
    const domains = strs('email-domain');
    base.email = { smtpUrl, from, ...(domains.length ? { allowedDomains: domains } : {}) };
  }
  return base;
}
