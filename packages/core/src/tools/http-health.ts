/**
 * `http_health`: GET a URL and report status and latency.
 * @module
 */
import { z } from 'zod';
import { defineTool, type Tool } from '../tool.js';
import { CancelledError, SinkRefusedError, TimeoutError, ToolExecutionError, ToolValidationError } from '../errors.js';
import { compileHostAllowList, type HostAllowList } from './allow-list.js';
import { checkTimeout } from './config.js';
import { describeNetworkError, displayUrl, requestWithin, USER_AGENT, type FetchLike } from './http-request.js';

const TOOL = 'http_health';

/** Input of `http_health`. */
export const HttpHealthInputSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'an absolute http(s) URL' }).describe('http(s) URL to check'),
  expectStatus: z.number().int().min(100).max(599).optional().describe('status that counts as healthy (default: any 2xx or 3xx)'),
  timeoutMs: z.number().int().min(1).max(60_000).optional().describe('deadline for this check in ms'),
});
/** Input of `http_health`. */
export type HttpHealthInput = z.infer<typeof HttpHealthInputSchema>;

/** Output of `http_health`. */
export const HttpHealthOutputSchema = z.strictObject({
  url: z.string(),
  ok: z.boolean(),
  /** HTTP status, or null when no response arrived. */
  status: z.number().int().nullable(),
  /** Time to the response headers (or to the failure), in ms. */
  latencyMs: z.number().nonnegative(),
  /** Why the check is not ok. */
  error: z.string().optional(),
});
/** Output of `http_health`. */
export type HttpHealthOutput = z.infer<typeof HttpHealthOutputSchema>;

/** Configuration of {@link createHttpHealth}. */
export interface HttpHealthConfig {
  /** Hosts that may be checked (same syntax as webhook_post). Not set: any host. Empty: none. */
  allowedHosts?: string[];
  /** Default deadline of a check, in ms. Default 5000. */
  timeoutMs?: number;
  /** `fetch` to use (default: the global one). */
  fetch?: FetchLike;
}

/** The `http_health` tool type. */
export type HttpHealthTool = Tool<'http_health', typeof HttpHealthInputSchema, typeof HttpHealthOutputSchema>;

/**
 * Create the `http_health` tool. An unreachable or slow service is a result
 * with `ok: false` and an `error` text, not a thrown error; a URL outside
 * `allowedHosts` is refused ({@link SinkRefusedError}); cancellation throws.
 * Redirects are not followed: a 3xx is reported as is. Only the status line
 * is read: the body is discarded, so the output carries no service content.
 * @example
 * ```ts
 * const health = createHttpHealth({ allowedHosts: ['*.internal'] });
 * const step = health({ url: 'http://web.internal/healthz', expectStatus: 200 });
 * ```
 */
export function createHttpHealth(config: HttpHealthConfig = {}): HttpHealthTool {
  const allowList: HostAllowList | undefined =
    config.allowedHosts === undefined ? undefined : compileHostAllowList(TOOL, 'allowedHosts', config.allowedHosts);
  const defaultTimeout = checkTimeout(TOOL, 'timeoutMs', config.timeoutMs, 5_000);
  const fetchImpl: FetchLike = config.fetch ?? ((input, init) => globalThis.fetch(input, init));

  return defineTool({
    name: TOOL,
    description: 'Check an HTTP endpoint: GET the URL and report whether it is healthy, its status code and latency.',
    input: HttpHealthInputSchema,
    output: HttpHealthOutputSchema,
    annotations: {
      title: 'HTTP health check',
      readOnlyHint: true,
      openWorldHint: true,
      destructiveHint: false,
      idempotentHint: true,
      trust: { default: 'untrusted', trustedFields: ['ok', 'status', 'latencyMs'] },
    },
    async run(args, ctx): Promise<HttpHealthOutput> {
      const url = checkTarget(args.url, allowList);
      const timeoutMs = args.timeoutMs ?? defaultTimeout;
      const started = performance.now();
      const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
      let res;
      try {
        res = await requestWithin({
          tool: TOOL,
          display: displayUrl(url),
          fetch: fetchImpl,
          url,
          timeoutMs,
          signal: ctx.signal,
          init: { method: 'GET', headers: { 'user-agent': USER_AGENT, accept: '*/*' } },
        });
      } catch (err) {
        if (err instanceof CancelledError) throw err;
        if (err instanceof TimeoutError) {
          return { url: url.href, ok: false, status: null, latencyMs: elapsed(), error: `no response within ${timeoutMs} ms` };
        }
        if (err instanceof ToolExecutionError) {
          return { url: url.href, ok: false, status: null, latencyMs: elapsed(), error: describeNetworkError(err.cause).text };
        }
        throw err;
      }
      await res.discard();
      const status = res.response.status;
      const ok = args.expectStatus !== undefined ? status === args.expectStatus : status >= 200 && status < 400;
      const out: HttpHealthOutput = { url: url.href, ok, status, latencyMs: res.latencyMs };
      if (!ok) out.error = args.expectStatus !== undefined ? `expected status ${args.expectStatus}, got ${status}` : `unhealthy status ${status}`;
      return out;
    },
  });
}

function checkTarget(raw: string, allowList: HostAllowList | undefined): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ToolValidationError(TOOL, 'input', [{ path: 'url', message: 'an absolute http(s) URL' }]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolValidationError(TOOL, 'input', [{ path: 'url', message: 'an absolute http(s) URL' }]);
  }
  if (url.username || url.password) {
    throw new SinkRefusedError(TOOL, 'credentials in the URL are not allowed', { path: ['url'], hint: 'remove user:password@ from the URL' });
  }
  if (allowList && !allowList.allows(url)) {
    throw new SinkRefusedError(
      TOOL,
      allowList.entries.length === 0 ? `no hosts are allowed, so ${url.host} is refused` : `host ${url.host} is not in allowedHosts (${allowList.entries.join(', ')})`,
      {
        path: ['url'],
        hint: allowList.entries.length === 0 ? 'configure allowedHosts in createHttpHealth({ allowedHosts }), or leave it unset to allow any host' : 'if this host is intended, add it to allowedHosts',
        details: { host: url.host, allowedHosts: [...allowList.entries] },
      },
    );
  }
  return url;
}
