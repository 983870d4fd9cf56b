/**
 * Named Docker host configurations → dockerode options. Handles the local
 * socket, `DOCKER_HOST` (`unix://`, `tcp://` with `DOCKER_TLS_VERIFY` /
 * `DOCKER_CERT_PATH`, `ssh://`, `npipe://`), TCP with TLS and SSH.
 *
 * Options are always complete and explicit: docker-modem otherwise merges
 * `DOCKER_HOST` and `DOCKER_CLIENT_TIMEOUT` from the environment into every
 * client, which would silently redirect an explicit socket config or put a
 * client-wide timeout on the events stream.
 * @module
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type Dockerode from 'dockerode';
import { DockerHostConfigError } from './errors.js';

/** A host name as tools use it (`host: "prod-1"`). */
export const HostNameSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'host names are 1–63 letters, digits, "_", "." or "-"')
  .describe('Docker host name');

const common = {
  name: HostNameSchema,
  /** Per-call timeout for ordinary requests (default 30 s). Streams (events) have none. */
  requestTimeoutMs: z.number().int().positive().optional(),
};

/** PEM material for TLS (file contents, not paths). */
export const TlsConfigSchema = z.strictObject({
  ca: z.string().min(1).optional(),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
});

/** A local (or mounted) Unix socket / Windows named pipe. */
export const SocketHostConfigSchema = z.strictObject({ ...common, socketPath: z.string().min(1) });
/** A TCP engine; `https` with `tls` (PEM strings) or `tlsCertPath` (a directory with ca.pem, cert.pem, key.pem). */
export const TcpHostConfigSchema = z.strictObject({
  ...common,
  host: z.string().min(1).regex(/^[A-Za-z0-9.:\-[\]]+$/, 'host must be a hostname or IP address, without scheme or path'),
  port: z.number().int().min(1).max(65535).optional(),
  protocol: z.enum(['http', 'https']).optional(),
  tls: TlsConfigSchema.optional(),
  tlsCertPath: z.string().min(1).optional(),
});
/** An engine reached over SSH (`docker system dial-stdio` on the remote side). */
export const SshHostConfigSchema = z.strictObject({
  ...common,
  sshUrl: z.string().startsWith('ssh://', 'sshUrl must look like ssh://user@host[:port]'),
  /** SSH agent socket (default `$SSH_AUTH_SOCK`). */
  sshAgent: z.string().optional(),
  /** A private key (PEM contents) instead of the agent. */
  privateKey: z.string().optional(),
});
/** Whatever `DOCKER_HOST` (and friends) say, as the docker CLI reads them. */
export const EnvHostConfigSchema = z.strictObject({ ...common, fromEnv: z.literal(true) });
/** The in-memory host (only when chosen explicitly). */
export const MemoryHostConfigSchema = z.strictObject({ name: HostNameSchema, kind: z.literal('memory') });

/**
 * One named host.
 * @example
 * ```ts
 * const hosts: HostConfig[] = [
 *   { name: 'local', socketPath: '/var/run/docker.sock' },
 *   { name: 'prod', host: '10.0.0.5', port: 2376, tlsCertPath: '/etc/agentos/prod-certs' },
 *   { name: 'edge', sshUrl: 'ssh://ops@edge-1' },
 *   { name: 'env', fromEnv: true },
 * ];
 * ```
 */
export const HostConfigSchema = z.union([
  SocketHostConfigSchema,
  TcpHostConfigSchema,
  SshHostConfigSchema,
  EnvHostConfigSchema,
  MemoryHostConfigSchema,
]);
/** One named host configuration. */
export type HostConfig = z.input<typeof HostConfigSchema>;
/** A real-engine host configuration (not the in-memory one). */
export type EngineHostConfig = Exclude<HostConfig, { kind: 'memory' }>;

/** A resolved real engine: dockerode options plus what to tell people about it. */
export interface ResolvedEngineHost {
  kind: 'docker';
  name: string;
  /** e.g. `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`, `ssh://ops@edge-1:22`. */
  address: string;
  description: string;
  /** TLS, SSH or a local socket. False for plain TCP. */
  secure: boolean;
  /** Things worth telling the operator (e.g. plain TCP without TLS). */
  warnings: string[];
  requestTimeoutMs: number | undefined;
  /** Complete dockerode options (no environment defaults leak in). */
  dockerode: Dockerode.DockerOptions;
}

/** A resolved in-memory host. */
export interface ResolvedMemoryHost {
  kind: 'memory';
  name: string;
}

/** Result of {@link resolveHosts}. */
export type ResolvedHost = ResolvedEngineHost | ResolvedMemoryHost;

/** Environment and file access for resolution (injectable for tests). */
export interface ResolveEnv {
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Default `fs.readFileSync(path, 'utf8')`. */
  readFile?: (path: string) => string;
  /** Default `os.homedir()`. */
  homeDir?: string;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

/** dockerode options with every environment-derived field overridden. */
function explicit(o: Dockerode.DockerOptions): Dockerode.DockerOptions {
  return {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    username: undefined,
    // No client-wide timeout: it would also kill the long-lived events stream.
    timeout: undefined,
    ...o,
  };
}

function readPem(readFile: (p: string) => string, dir: string, file: string, where: string): string {
  const p = join(dir, file);
  try {
    return readFile(p);
  } catch (e) {
    throw new DockerHostConfigError(`${where}: cannot read ${p}: ${e instanceof Error ? e.message : String(e)}`, {
      hint: 'the directory must hold ca.pem, cert.pem and key.pem (as made by docker-machine or the docker TLS guide)',
      cause: e,
    });
  }
}

function socketHost(name: string, socketPath: string, requestTimeoutMs: number | undefined): ResolvedEngineHost {
  const isPipe = socketPath.startsWith('//./pipe/') || socketPath.startsWith('\\\\.\\pipe\\');
  const address = isPipe ? `npipe://${socketPath}` : `unix://${socketPath}`;
  return {
    kind: 'docker', name, address, description: `Docker engine at ${address}`, secure: true, warnings: [], requestTimeoutMs,
    dockerode: explicit({ socketPath }),
  };
}

function tcpHost(
  name: string,
  hostname: string,
  port: number | undefined,
  tls: { ca?: string; cert?: string; key?: string } | undefined,
  requestTimeoutMs: number | undefined,
): ResolvedEngineHost {
  const https = tls !== undefined;
  const p = port ?? (https ? 2376 : 2375);
  const bracketed = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
  const address = `tcp://${bracketed}:${p}`;
  const warnings: string[] = [];
  if (!https) warnings.push(`plain TCP without TLS to ${address}: anyone who can reach it controls the daemon`);
  else if (!tls.ca) warnings.push(`TLS to ${address} without a CA: the server certificate is checked against the system CAs only`);
  return {
    kind: 'docker', name, address,
    description: `Docker engine at ${address}${https ? ' (TLS)' : ' (no TLS)'}`,
    secure: https, warnings, requestTimeoutMs,
    dockerode: explicit({
      host: hostname.replace(/^\[|\]$/g, ''),
      port: p,
      protocol: https ? 'https' : 'http',
      ...(tls?.ca ? { ca: tls.ca } : {}),
      ...(tls?.cert ? { cert: tls.cert } : {}),
      ...(tls?.key ? { key: tls.key } : {}),
    }),
  };
}

function sshHost(name: string, url: string, agent: string | undefined, privateKey: string | undefined, requestTimeoutMs: number | undefined, where: string): ResolvedEngineHost {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DockerHostConfigError(`${where}: "${url}" is not a valid ssh:// URL`, { hint: 'use ssh://user@host[:port]' });
  }
  if (u.protocol !== 'ssh:' || !u.hostname) throw new DockerHostConfigError(`${where}: "${url}" is not a valid ssh:// URL`, { hint: 'use ssh://user@host[:port]' });
  if (u.password) throw new DockerHostConfigError(`${where}: passwords in ssh:// URLs are not accepted`, { hint: 'use an SSH agent or privateKey' });
  if (u.pathname && u.pathname !== '/' && u.pathname !== '') throw new DockerHostConfigError(`${where}: ssh:// URL must not have a path ("${u.pathname}")`);
  const port = u.port ? Number(u.port) : 22;
  const username = decodeURIComponent(u.username) || undefined;
  const address = `ssh://${username ? `${username}@` : ''}${u.hostname}:${port}`;
  return {
    kind: 'docker', name, address, description: `Docker engine at ${address} (over SSH)`, secure: true, warnings: [], requestTimeoutMs,
    dockerode: explicit({
      protocol: 'ssh',
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port,
      ...(username ? { username } : {}),
      sshOptions: { ...(agent ? { agent } : {}), ...(privateKey ? { privateKey } : {}) },
    }),
  };
}

/**
 * Resolve what `DOCKER_HOST`, `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH` say,
 * as the docker CLI reads them: unset → the local socket; `tcp://` → plain
 * TCP unless `DOCKER_TLS_VERIFY` is non-empty (then TLS with the PEMs in
 * `DOCKER_CERT_PATH`, default `~/.docker`); `ssh://` → SSH via `$SSH_AUTH_SOCK`.
 * @example
 * ```ts
 * resolveEnvHost('env', { env: { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' } }).address;
 * // 'tcp://10.0.0.5:2376'
 * ```
 */
export function resolveEnvHost(name: string, opts: ResolveEnv & { requestTimeoutMs?: number } = {}): ResolvedEngineHost {
  const env = opts.env ?? process.env;
  const readFile = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const value = (env.DOCKER_HOST ?? '').trim();
  const where = `DOCKER_HOST=${JSON.stringify(value)}`;
  if (value === '') return socketHost(name, DEFAULT_SOCKET, opts.requestTimeoutMs);
  if (value.startsWith('unix://')) return socketHost(name, value.slice('unix://'.length) || DEFAULT_SOCKET, opts.requestTimeoutMs);
  if (value.startsWith('npipe://')) return socketHost(name, value.slice('npipe://'.length) || '//./pipe/docker_engine', opts.requestTimeoutMs);
  if (value.startsWith('ssh://')) return sshHost(name, value, env.SSH_AUTH_SOCK, undefined, opts.requestTimeoutMs, where);
  if (value.startsWith('tcp://') || value.startsWith('http://') || value.startsWith('https://')) {
    let u: URL;
    try {
      u = new URL(value.replace(/^tcp:/, 'http:'));
    } catch {
      throw new DockerHostConfigError(`${where} is not a valid address`, { hint: 'use unix:///path, tcp://host:port or ssh://user@host' });
    }
    if (!u.hostname) throw new DockerHostConfigError(`${where} has no host name`, { hint: 'use tcp://host:port' });
    if (u.pathname && u.pathname !== '/') throw new DockerHostConfigError(`${where}: a path prefix is not supported`);
    const verify = (env.DOCKER_TLS_VERIFY ?? '') !== '' || value.startsWith('https://');
    let tls: { ca?: string; cert?: string; key?: string } | undefined;
    if (verify) {
      const dir = env.DOCKER_CERT_PATH || join(opts.homeDir ?? homedir(), '.docker');
      const w = `${where} with DOCKER_TLS_VERIFY`;
      tls = { ca: readPem(readFile, dir, 'ca.pem', w), cert: readPem(readFile, dir, 'cert.pem', w), key: readPem(readFile, dir, 'key.pem', w) };
    }
    return tcpHost(name, u.hostname, u.port ? Number(u.port) : undefined, tls, opts.requestTimeoutMs);
  }
  throw new DockerHostConfigError(`${where} has an unsupported scheme`, { hint: 'use unix://, tcp://, ssh:// or npipe://' });
}

/**
 * Resolve one host configuration (validated with {@link HostConfigSchema}).
 * @example
 * ```ts
 * resolveHost({ name: 'local', socketPath: '/var/run/docker.sock' }).dockerode; // { socketPath: '/var/run/docker.sock', … }
 * ```
 */
export function resolveHost(config: HostConfig, opts: ResolveEnv = {}, where = 'host config'): ResolvedHost {
  const parsed = HostConfigSchema.safeParse(config);
  if (!parsed.success) {
    const named = typeof config === 'object' && config !== null && typeof (config as { name?: unknown }).name === 'string' ? ` "${(config as { name: string }).name}"` : '';
    throw new DockerHostConfigError(`${where}${named} is invalid: give exactly one of socketPath, host (+port/tls), sshUrl, fromEnv: true or kind: "memory"`, {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) },
    });
  }
  const c = parsed.data;
  if ('kind' in c) return { kind: 'memory', name: c.name };
  if ('socketPath' in c) return socketHost(c.name, c.socketPath, c.requestTimeoutMs);
  if ('fromEnv' in c) return resolveEnvHost(c.name, { ...opts, ...(c.requestTimeoutMs ? { requestTimeoutMs: c.requestTimeoutMs } : {}) });
  if ('sshUrl' in c) return sshHost(c.name, c.sshUrl, c.sshAgent ?? (opts.env ?? process.env).SSH_AUTH_SOCK, c.privateKey, c.requestTimeoutMs, `${where} "${c.name}"`);
  // TCP
  let tls: { ca?: string; cert?: string; key?: string } | undefined;
  if (c.tls && c.tlsCertPath) throw new DockerHostConfigError(`${where} "${c.name}": give tls or tlsCertPath, not both`);
  if (c.tlsCertPath) {
    const readFile = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
    const w = `${where} "${c.name}" tlsCertPath`;
    tls = { ca: readPem(readFile, c.tlsCertPath, 'ca.pem', w), cert: readPem(readFile, c.tlsCertPath, 'cert.pem', w), key: readPem(readFile, c.tlsCertPath, 'key.pem', w) };
  } else if (c.tls) {
    if ((c.tls.cert === undefined) !== (c.tls.key === undefined)) throw new DockerHostConfigError(`${where} "${c.name}": tls.cert and tls.key go together`);
    tls = { ...c.tls };
  } else if (c.protocol === 'https') {
    tls = {};
  }
  if (c.protocol === 'http' && tls) throw new DockerHostConfigError(`${where} "${c.name}": protocol "http" with TLS material`, { hint: 'use protocol "https" or drop tls' });
  return tcpHost(c.name, c.host, c.port, tls, c.requestTimeoutMs);
}

/**
 * Resolve a list of named host configurations. Names must be unique.
 * @example
 * ```ts
 * const [local, prod] = resolveHosts([{ name: 'local', fromEnv: true }, { name: 'prod', sshUrl: 'ssh://ops@prod-1' }]);
 * ```
 */
export function resolveHosts(configs: HostConfig | ReadonlyArray<HostConfig>, opts: ResolveEnv = {}): ResolvedHost[] {
  const list = Array.isArray(configs) ? (configs as ReadonlyArray<HostConfig>) : [configs as HostConfig];
  if (list.length === 0) throw new DockerHostConfigError('no Docker hosts configured', { hint: 'give at least one host, e.g. { name: "local", fromEnv: true }' });
  const seen = new Set<string>();
  return list.map((c, i) => {
    const r = resolveHost(c, opts, `hosts[${i}]`);
    if (seen.has(r.name)) throw new DockerHostConfigError(`hosts[${i}]: duplicate host name "${r.name}"`, { hint: 'every host needs its own name' });
    seen.add(r.name);
    return r;
  });
}
