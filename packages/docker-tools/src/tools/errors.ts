/**
 * Errors of the Docker tools layer (the host layer has its own in
 * `host/errors.ts`).
 * @module
 */
import { AgentOSError, type AgentOSErrorOptions } from '@agentos/policy';

/**
 * A tool named a Docker host that is not configured.
 * @example
 * ```ts
 * throw new UnknownDockerHostError('prod-9', ['local', 'prod-1']);
 * // unknown Docker host "prod-9"; configured hosts: local, prod-1
 * ```
 */
export class UnknownDockerHostError extends AgentOSError {
  /** The name asked for. */
  readonly host: string;
  /** The configured host names. */
  readonly known: readonly string[];
  constructor(host: string, known: readonly string[], options: AgentOSErrorOptions = {}) {
    super('DOCKER_UNKNOWN_HOST', `unknown Docker host "${host}"; configured hosts: ${known.join(', ') || '(none)'}`, {
      path: ['host'],
      hint: 'leave "host" out to use the default host, or pass one of the configured host names',
      ...options,
      details: { host, known: [...known], ...options.details },
    });
    this.host = host;
    this.known = known;
  }
}

/**
 * `health_check`'s HTTP probe was refused before any request was made: the
 * URL's host is not in `httpProbe.allowedHosts`, or it carries credentials.
 * @example
 * ```ts
 * throw new HttpProbeRefusedError('http://10.0.0.7/health', 'host 10.0.0.7 is not in httpProbe.allowedHosts (127.0.0.1, localhost, [::1])');
 * ```
 */
export class HttpProbeRefusedError extends AgentOSError {
  readonly url: string;
  constructor(url: string, reason: string, options: AgentOSErrorOptions = {}) {
    super('DOCKER_HTTP_PROBE_REFUSED', `health_check HTTP probe of ${url} refused: ${reason}`, {
      path: ['http', 'url'],
      hint: 'allow the host with createDockerTools({ httpProbe: { allowedHosts: ["web.internal"] } }) (or ["*"] for any host)',
      ...options,
      details: { url, ...options.details },
    });
    this.url = url;
  }
}
