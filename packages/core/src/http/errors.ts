/**
 * Errors of the HTTP handler: request errors that carry their status, and
 * the configuration error of {@link createAgentOsHandler}.
 * @module
 */
import { AgentOSError, type AgentOSErrorOptions } from '@agentos/policy';

/** Options of {@link HttpError}. */
export interface HttpErrorOptions extends Omit<AgentOSErrorOptions, 'path'> {
  where?: string;
  issues?: ReadonlyArray<{ path: string; message: string }>;
  headers?: Record<string, string>;
}

/**
 * A request the handler answers with a 4xx/5xx status and
 * `{ error: { code, message, path? } }`.
 * @example
 * ```ts
 * throw new HttpError(404, 'NOT_FOUND', 'no workflow named "nightly"');
 * ```
 */
export class HttpError extends AgentOSError {
  readonly status: number;
  /** Where in the request (`steps[1].tool`, a query or route parameter name); not repeated in `message`. */
  readonly where: string | undefined;
  /** Every problem found (validation), each with its path. */
  readonly issues: ReadonlyArray<{ path: string; message: string }> | undefined;
  /** Extra response headers (e.g. `Allow` for 405). */
  readonly headers: Record<string, string> | undefined;
  constructor(status: number, code: string, message: string, options: HttpErrorOptions = {}) {
    const { issues, headers, where, ...rest } = options;
    super(code, message, rest);
    this.status = status;
    this.where = where;
    this.issues = issues;
    this.headers = headers;
  }
}

/**
 * `createAgentOsHandler` was given options it cannot work with (e.g. no
 * `auth`). Thrown when the handler is created, never per request.
 * @example
 * ```ts
 * try { createAgentOsHandler(runtime, {} as never); }
 * catch (e) { if (e instanceof HttpConfigError) console.error(e.message); }
 * ```
 */
export class HttpConfigError extends AgentOSError {
  constructor(message: string, options: AgentOSErrorOptions = {}) {
    super('HTTP_CONFIG', message, options);
  }
}
