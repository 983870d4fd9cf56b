/**
 * One HTTP exchange for the sink tools: a deadline, the caller's AbortSignal,
 * no redirects, and errors that say what failed and where.
 * @module
 */
import { CancelledError, TimeoutError, ToolExecutionError } from '../errors.js';

/** The `fetch` function a tool uses (injectable for proxies or custom agents). */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** User-Agent sent by the built-in HTTP tools. */
export const USER_AGENT = 'agentos-core (+https://github.com/agentos)';

/** How much of a response body is kept for error messages. */
export const EXCERPT_CHARS = 300;

/** Options of {@link requestWithin}. */
export interface RequestWithinOptions {
  tool: string;
  /** The URL as it may appear in messages (no secrets). */
  display: string;
  fetch: FetchLike;
  url: URL;
  init: RequestInit;
  timeoutMs: number;
  signal: AbortSignal;
}

/** A response whose body can still be read under the same deadline. */
export interface TimedResponse {
  response: Response;
  /** Milliseconds from sending the request to receiving the response headers. */
  latencyMs: number;
  /** Read at most `max` characters of the body (then stop), under the deadline. */
  excerpt(max?: number): Promise<string>;
  /** Discard the body (frees the connection). */
  discard(): Promise<void>;
}

/**
 * Send one request. Throws {@link CancelledError} when `signal` aborts,
 * {@link TimeoutError} when `timeoutMs` passes, and {@link ToolExecutionError}
 * when the connection fails (refused, DNS, TLS, reset). Redirects are not
 * followed (`redirect: 'manual'`): a 3xx is returned as is.
 * @example
 * ```ts
 * const r = await requestWithin({ tool: 'x', display: 'https://h/', fetch, url, init: { method: 'GET' }, timeoutMs: 5000, signal });
 * ```
 */
export async function requestWithin(opts: RequestWithinOptions): Promise<TimedResponse> {
  const { tool, display, timeoutMs, signal } = opts;
  const method = opts.init.method ?? 'GET';
  const what = `${tool}: ${method} ${display}`;
  if (signal.aborted) throw new CancelledError(what, { cause: signal.reason });
  const deadline = AbortSignal.timeout(timeoutMs);
  const both = AbortSignal.any([signal, deadline]);
  const classify = (err: unknown): Error => {
    if (signal.aborted) return new CancelledError(what, { cause: signal.reason });
    if (deadline.aborted) {
      return new TimeoutError(what, timeoutMs, {
        hint: 'the receiver did not answer in time; check that it is reachable and healthy, or raise timeoutMs',
        details: { url: display, timeoutMs },
      });
    }
    const { text, hint } = describeNetworkError(err);
    return new ToolExecutionError(tool, `${method} ${display}: ${text}`, { hint, cause: err, details: { url: display } });
  };

  const started = performance.now();
  let response: Response;
  try {
    response = await opts.fetch(opts.url, { ...opts.init, redirect: 'manual', signal: both });
  } catch (err) {
    throw classify(err);
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  return {
    response,
    latencyMs,
    async excerpt(max = EXCERPT_CHARS) {
      try {
        return await readExcerpt(response, max);
      } catch (err) {
        throw classify(err);
      }
    },
    async discard() {
      try {
        await response.body?.cancel();
      } catch {
        // The body stream was already closed or errored; nothing is left to free.
      }
    },
  };
}

/** Read up to `max` characters of a response body, then cancel the rest. */
async function readExcerpt(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length <= max) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    text += decoder.decode();
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Turn a `fetch` failure into a short description and a hint.
 * @example
 * ```ts
 * describeNetworkError(err); // { text: 'connection refused (connect ECONNREFUSED 127.0.0.1:9)', hint: '…' }
 * ```
 */
export function describeNetworkError(err: unknown): { text: string; hint: string } {
  const cause = (err as { cause?: unknown })?.cause ?? err;
  const code = String((cause as { code?: unknown })?.code ?? '');
  const detail = cause instanceof Error ? cause.message : String(cause);
  const known: Record<string, [string, string]> = {
    ECONNREFUSED: ['connection refused', 'check that the receiver is running and that the host and port are right'],
    ENOTFOUND: ['host name not found', 'check the host name (DNS lookup failed)'],
    EAI_AGAIN: ['host name lookup failed', 'check DNS and the host name'],
    ECONNRESET: ['connection reset by the receiver', 'the receiver closed the connection; check its logs'],
    UND_ERR_SOCKET: ['connection closed by the receiver', 'the receiver closed the connection; check its logs'],
    EHOSTUNREACH: ['host unreachable', 'check the network route to the host'],
    ENETUNREACH: ['network unreachable', 'check the network route to the host'],
    ETIMEDOUT: ['connection timed out', 'check that the host is reachable'],
  };
  const entry = known[code];
  if (entry) return { text: `${entry[0]} (${detail})`, hint: entry[1] };
  if (/CERT|SSL|TLS/i.test(code) || /certificate|ssl|tls/i.test(detail)) {
    return { text: `TLS problem (${detail})`, hint: 'check the server certificate and that the URL scheme (http/https) is right' };
  }
  return { text: `request failed (${detail})`, hint: 'check the URL and that the receiver is reachable' };
}

/** A URL for messages: scheme, host and path, without credentials or query. */
export function displayUrl(url: URL, options: { path?: boolean } = {}): string {
  return options.path === false ? `${url.origin}/…` : `${url.origin}${url.pathname}`;
}
