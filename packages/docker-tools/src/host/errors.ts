/**
 * Typed Docker errors. Every error says what failed, on which host, and what
 * to do about it; {@link toDockerError} maps dockerode / docker-modem errors
 * onto them.
 * @module
 */
import { AgentOSError, type AgentOSErrorOptions } from '@agentos/policy';
import { CancelledError, TimeoutError } from '@agentos/core';

/** Where an error happened: the host's name and address, and the container if any. */
export interface DockerErrorContext {
  /** The host's configured name, e.g. `"local"`. */
  host?: string;
  /** The daemon address, e.g. `"unix:///var/run/docker.sock"`. */
  address?: string;
  /** The container reference the call was about. */
  container?: string;
  /** What was being done, e.g. `"logs"`. */
  operation?: string;
}

const onHost = (ctx: DockerErrorContext): string => (ctx.host ? ` on host "${ctx.host}"` : '');

/**
 * A container reference is not a valid Docker name or id. Raised before
 * anything reaches the daemon.
 * @example
 * ```ts
 * throw new InvalidContainerRefError('../etc', 'must match [a-zA-Z0-9][a-zA-Z0-9_.-]+ or a 12–64 digit hex id');
 * ```
 */
export class InvalidContainerRefError extends AgentOSError {
  /** The rejected value, as given. */
  readonly value: unknown;
  constructor(value: unknown, reason: string, options: AgentOSErrorOptions = {}) {
    super('DOCKER_INVALID_CONTAINER_REF', `invalid container reference ${JSON.stringify(typeof value === 'string' ? value.slice(0, 200) : value ?? null)}: ${reason}`, {
      hint: 'use a container name (letters, digits, "_", ".", "-") or a 12–64 character hex id',
      ...options,
    });
    this.value = value;
  }
}

/**
 * No container with that name or id exists on the host.
 * @example
 * ```ts
 * if (err instanceof ContainerNotFoundError) console.log(err.container, err.host);
 * ```
 */
export class ContainerNotFoundError extends AgentOSError {
  readonly container: string;
  readonly host: string | undefined;
  constructor(container: string, ctx: DockerErrorContext = {}, options: AgentOSErrorOptions = {}) {
    super('DOCKER_CONTAINER_NOT_FOUND', `no such container "${container}"${onHost(ctx)}`, {
      hint: 'check the name with docker_list; names are case-sensitive',
      ...options,
      details: { container, host: ctx.host, ...options.details },
    });
    this.container = container;
    this.host = ctx.host;
  }
}

/**
 * The image is not present on the host. AgentOS never pulls images.
 * @example
 * ```ts
 * new ImageNotFoundError('redis:7', { host: 'local' }).message; // 'no such image "redis:7" on host "local" (…)'
 * ```
 */
export class ImageNotFoundError extends AgentOSError {
  readonly image: string;
  constructor(image: string, ctx: DockerErrorContext = {}, options: AgentOSErrorOptions = {}) {
    super('DOCKER_IMAGE_NOT_FOUND', `no such image "${image}"${onHost(ctx)}`, {
      hint: 'AgentOS never pulls images: pull or build it on the host first',
      ...options,
      details: { image, host: ctx.host, ...options.details },
    });
    this.image = image;
  }
}

/**
 * The container exists but is not running (e.g. `exec` into a stopped container).
 * @example
 * ```ts
 * new ContainerNotRunningError('web', { host: 'local', operation: 'exec' });
 * ```
 */
export class ContainerNotRunningError extends AgentOSError {
  readonly container: string;
  constructor(container: string, ctx: DockerErrorContext = {}, options: AgentOSErrorOptions = {}) {
    super('DOCKER_CONTAINER_NOT_RUNNING', `container "${container}"${onHost(ctx)} is not running${ctx.operation ? ` (${ctx.operation} needs a running container)` : ''}`, {
      hint: 'start it first (docker_start), or check its state with docker_status',
      ...options,
      details: { container, host: ctx.host, ...options.details },
    });
    this.container = container;
  }
}

/**
 * The Docker daemon could not be reached at its address.
 * @example
 * ```ts
 * new DaemonUnreachableError('unix:///var/run/docker.sock').message;
 * // 'daemon unreachable at unix:///var/run/docker.sock (…)'
 * ```
 */
export class DaemonUnreachableError extends AgentOSError {
  readonly address: string;
  readonly host: string | undefined;
  constructor(address: string, ctx: DockerErrorContext = {}, options: AgentOSErrorOptions = {}) {
    super('DOCKER_DAEMON_UNREACHABLE', `daemon unreachable at ${address}${ctx.host ? ` (host "${ctx.host}")` : ''}`, {
      hint: 'is the Docker engine running, and is the address right? (check DOCKER_HOST or the host config)',
      ...options,
      details: { address, host: ctx.host, ...options.details },
    });
    this.address = address;
    this.host = ctx.host;
  }
}

/**
 * Permission denied: on the Docker socket (EACCES), or by the daemon (401/403,
 * e.g. an authorization plugin or failed SSH authentication).
 * @example
 * ```ts
 * new DockerPermissionError('unix:///var/run/docker.sock');
 * ```
 */
export class DockerPermissionError extends AgentOSError {
  readonly address: string;
  constructor(address: string, ctx: DockerErrorContext = {}, options: AgentOSErrorOptions = {}) {
    super('DOCKER_PERMISSION_DENIED', `permission denied on the Docker daemon at ${address}${ctx.host ? ` (host "${ctx.host}")` : ''}`, {
      hint: address.startsWith('unix://')
        ? 'the user running AgentOS cannot open the socket: add it to the "docker" group or fix the socket permissions'
        : 'check the TLS client certificate, SSH credentials or the daemon authorization plugin',
      ...options,
      details: { address, host: ctx.host, ...options.details },
    });
    this.address = address;
  }
}

/** One reason a request was refused, with the `allow` flag that would permit it. */
export interface Refusal {
  /** What was asked for, e.g. `"privileged mode"`. */
  what: string;
  /** The `allow` flag that permits it, e.g. `"privileged"`. */
  allowFlag: string;
}

/**
 * AgentOS refused a dangerous request (privileged mode, host mounts, host PID
 * or host network) before it reached the daemon.
 * @example
 * ```ts
 * new DockerRequestRefusedError('run', [{ what: 'privileged mode', allowFlag: 'privileged' }]);
 * ```
 */
export class DockerRequestRefusedError extends AgentOSError {
  readonly refusals: ReadonlyArray<Refusal>;
  constructor(operation: string, refusals: ReadonlyArray<Refusal>, options: AgentOSErrorOptions = {}) {
    super('DOCKER_REQUEST_REFUSED', `${operation} refused: ${refusals.map((r) => r.what).join(', ')}`, {
      hint: `set ${refusals.map((r) => `allow.${r.allowFlag}`).join(', ')} to true only if you really mean it`,
      ...options,
      details: { refusals: refusals.map((r) => ({ ...r })), ...options.details },
    });
    this.refusals = refusals;
  }
}

/**
 * Any other Docker failure, with the HTTP status code when there is one.
 * @example
 * ```ts
 * new DockerError('remove', 'You cannot remove a running container', { statusCode: 409, host: 'local' });
 * ```
 */
export class DockerError extends AgentOSError {
  readonly statusCode: number | undefined;
  constructor(operation: string, message: string, ctx: DockerErrorContext & { statusCode?: number } = {}, options: AgentOSErrorOptions = {}) {
    const code = ctx.statusCode === 409 ? 'DOCKER_CONFLICT' : 'DOCKER_ERROR';
    super(code, `docker ${operation}${ctx.container ? ` "${ctx.container}"` : ''}${onHost(ctx)} failed${ctx.statusCode ? ` (HTTP ${ctx.statusCode})` : ''}: ${message}`, {
      ...options,
      details: { statusCode: ctx.statusCode, host: ctx.host, container: ctx.container, ...options.details },
    });
    this.statusCode = ctx.statusCode;
  }
}

/**
 * A `run` spec is malformed (unknown key, bad image reference, bad env name…).
 * @example
 * ```ts
 * new InvalidRunSpecError([{ path: 'env.1BAD', message: 'invalid environment variable name' }]);
 * ```
 */
export class InvalidRunSpecError extends AgentOSError {
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  constructor(issues: ReadonlyArray<{ path: string; message: string }>, options: AgentOSErrorOptions = {}) {
    const first = issues[0];
    super('DOCKER_INVALID_RUN_SPEC', `invalid run spec${first ? ` at ${first.path || '(root)'}: ${first.message}` : ''}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`, {
      hint: 'see RunSpecSchema for the accepted fields',
      ...options,
      details: { issues: issues.map((i) => ({ ...i })), ...options.details },
    });
    this.issues = issues;
  }
}

/**
 * A host configuration (or `DOCKER_HOST`) is invalid.
 * @example
 * ```ts
 * throw new DockerHostConfigError('hosts[1]: duplicate host name "prod"');
 * ```
 */
export class DockerHostConfigError extends AgentOSError {
  constructor(message: string, options: AgentOSErrorOptions = {}) {
    super('DOCKER_HOST_CONFIG', message, options);
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ENOTSOCK', 'ENOTCONN', 'ECONNABORTED']);

/**
 * The daemon's own message, without docker-modem's "(HTTP code 404) no such container - " prefix.
 * @example
 * ```ts
 * daemonMessage(err); // 'No such container: web'
 * ```
 */
export function daemonMessage(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as { json?: unknown; message?: unknown };
  const json = e.json;
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message.trim();
  }
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString('utf8').trim().slice(0, 500);
  const msg = typeof e.message === 'string' ? e.message : String(err);
  return msg.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}

/**
 * Map any error from dockerode / docker-modem (or the network) to a typed
 * AgentOS error. AgentOS errors pass through unchanged.
 *
 * - HTTP 404 "No such container" → {@link ContainerNotFoundError}; "No such image" → {@link ImageNotFoundError}
 * - HTTP 409 "is not running" → {@link ContainerNotRunningError}
 * - ECONNREFUSED, ENOENT, … → {@link DaemonUnreachableError}
 * - EACCES / EPERM, HTTP 401/403, SSH auth failure → {@link DockerPermissionError}
 * - an aborted request → core `CancelledError` (or `TimeoutError` when `ctx.timeoutMs` says why)
 * - anything else → {@link DockerError} with the status code
 *
 * @example
 * ```ts
 * try { await container.inspect(); }
 * catch (e) { throw toDockerError(e, { host: 'local', address: 'unix:///var/run/docker.sock', container: 'web', operation: 'inspect' }); }
 * ```
 */
export function toDockerError(err: unknown, ctx: DockerErrorContext & { timedOutAfterMs?: number } = {}): AgentOSError {
  if (err instanceof AgentOSError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    statusCode?: unknown; code?: unknown; name?: unknown; level?: unknown; message?: unknown; errno?: unknown;
  };
  const operation = ctx.operation ?? 'request';
  const address = ctx.address ?? 'the configured address';
  const what = `docker ${operation}${ctx.container ? ` "${ctx.container}"` : ''}${onHost(ctx)}`;

  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') {
    return ctx.timedOutAfterMs !== undefined ? new TimeoutError(what, ctx.timedOutAfterMs, { cause: err }) : new CancelledError(what, { cause: err });
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined) {
    const msg = daemonMessage(err);
    if (status === 404 && /no such image/i.test(msg)) {
      const image = /no such image:\s*(\S+)/i.exec(msg)?.[1] ?? 'unknown';
      return new ImageNotFoundError(image, ctx, { cause: err });
    }
    if (status === 404 && /no such container/i.test(msg) && ctx.container) return new ContainerNotFoundError(ctx.container, ctx, { cause: err });
    if (status === 404 && ctx.container && /no such/i.test(msg) === false) return new ContainerNotFoundError(ctx.container, ctx, { cause: err });
    if (status === 409 && /is not running|is paused|is restarting/i.test(msg) && ctx.container) {
      return new ContainerNotRunningError(ctx.container, ctx, { cause: err, details: { daemon: msg } });
    }
    if (status === 401 || status === 403) return new DockerPermissionError(address, ctx, { cause: err, details: { statusCode: status, daemon: msg } });
    return new DockerError(operation, msg, { ...ctx, statusCode: status }, { cause: err });
  }
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === 'EACCES' || code === 'EPERM') return new DockerPermissionError(address, ctx, { cause: err });
  if (e.level === 'client-authentication') return new DockerPermissionError(address, ctx, { cause: err, hint: 'SSH authentication failed: check the SSH agent or key' });
  if (code && UNREACHABLE_CODES.has(code)) return new DaemonUnreachableError(address, ctx, { cause: err, details: { errno: code } });
  if (e.level === 'client-socket' || e.level === 'client-timeout') return new DaemonUnreachableError(address, ctx, { cause: err });
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (/socket hang up|connect ECONNREFUSED|connection refused/i.test(message)) return new DaemonUnreachableError(address, ctx, { cause: err });
  return new DockerError(operation, message, ctx, { cause: err });
}
