/**
 * The error every client call throws for a failed request.
 * @module
 */

/**
 * A request to the AgentOS API failed: the server answered with an error
 * (`status` ≥ 400, with its `code`, `message` and `path`), or the server
 * could not be reached (`status` 0, `code` `NETWORK_ERROR`).
 * @example
 * ```ts
 * try { await client.workflows.save(wf); }
 * catch (e) { if (e instanceof AgentOsHttpError && e.status === 400) showAt(e.path, e.message); }
 * ```
 */
export class AgentOsHttpError extends Error {
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number;
  /** Stable error code from the server (`VALIDATION`, `UNAUTHORIZED`, `WORKFLOW_INVALID`, …). */
  readonly code: string;
  /** Where in the request: a body path such as `steps[1].tool`, or a parameter name. */
  readonly path: string | undefined;
  /** Every problem found, for validation errors. */
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  constructor(status: number, code: string, message: string, options: { path?: string; issues?: ReadonlyArray<{ path: string; message: string }>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentOsHttpError';
    this.status = status;
    this.code = code;
    this.path = options.path;
    this.issues = options.issues ?? [];
  }
}

/** Build the error for a non-2xx response (JSON `{ error }` when the server sent one). */
export async function errorFromResponse(res: Response): Promise<AgentOsHttpError> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    // the body could not be read: the status still says what happened
  }
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; path?: unknown; issues?: unknown } };
    const e = body?.error;
    if (e && typeof e.code === 'string' && typeof e.message === 'string') {
      return new AgentOsHttpError(res.status, e.code, e.message, {
        ...(typeof e.path === 'string' ? { path: e.path } : {}),
        ...(Array.isArray(e.issues) ? { issues: e.issues as Array<{ path: string; message: string }> } : {}),
      });
    }
  } catch {
    // not JSON: fall through to a generic error
  }
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new AgentOsHttpError(res.status, `HTTP_${res.status}`, `${res.status} ${res.statusText || 'error'}${excerpt ? `: ${excerpt}` : ''}`);
}

/** The error for a request that got no answer. */
export function networkError(url: string, cause: unknown): AgentOsHttpError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new AgentOsHttpError(0, 'NETWORK_ERROR', `cannot reach the AgentOS server at ${url}: ${why}`, { cause });
}
