/**
 * `webhook_post`: POST JSON to a webhook on an allowed host.
 * @module
 */
import { z } from 'zod';
import { defineTool, type Tool } from '../tool.js';
import { SinkRefusedError, ToolExecutionError } from '../errors.js';
import { compileHostAllowList } from './allow-list.js';
import { checkHeaders, checkTimeout, HEADER_NAME, HEADER_VALUE, RESERVED_HEADERS } from './config.js';
import { displayUrl, requestWithin, USER_AGENT, type FetchLike } from './http-request.js';

const TOOL = 'webhook_post';

/** Extra request headers a call may set. */
export const WebhookHeadersSchema = z
  .record(
    z.string().regex(HEADER_NAME, 'an HTTP header name'),
    z.string().max(8192).regex(HEADER_VALUE, 'a header value without line breaks'),
  )
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        ctx.addIssue({ code: 'custom', path: [name], message: `header "${name}" is managed by the HTTP client and cannot be set` });
      }
    }
  });

/** Input of `webhook_post`. */
export const WebhookPostInputSchema = z.strictObject({
  url: z.url().describe('http(s) URL of the webhook; its host must be on the allow list'),
  body: z.json().describe('JSON body to post'),
  headers: WebhookHeadersSchema.optional().describe('extra request headers'),
});
/** Input of `webhook_post`. */
export type WebhookPostInput = z.infer<typeof WebhookPostInputSchema>;

/** Output of `webhook_post`. */
export const WebhookPostOutputSchema = z.strictObject({
  delivered: z.literal(true),
  status: z.number().int(),
  url: z.string(),
});
/** Output of `webhook_post`. */
export type WebhookPostOutput = z.infer<typeof WebhookPostOutputSchema>;

/** Configuration of {@link createWebhookPost}. */
export interface WebhookPostConfig {
  /**
   * Hosts the tool may post to: `host` (any port), `host:port` (that port
   * only) or `*.example.com` (any subdomain). Empty allows nothing.
   */
  allowedHosts: string[];
  /** Headers sent with every request (e.g. an Authorization for the receiver). Calls cannot override them. */
  headers?: Record<string, string>;
  /** Deadline for the whole request, in ms. Default 10000. */
  timeoutMs?: number;
  /** `fetch` to use (default: the global one). */
  fetch?: FetchLike;
}

/** The `webhook_post` tool type. */
export type WebhookPostTool = Tool<'webhook_post', typeof WebhookPostInputSchema, typeof WebhookPostOutputSchema>;

/**
 * Create the `webhook_post` tool. Before any network traffic it refuses
 * ({@link SinkRefusedError}) URLs whose host is not in `allowedHosts`,
 * schemes other than http(s), and URLs with credentials. Redirects are not
 * followed. A non-2xx answer is a {@link ToolExecutionError} with the status.
 * @example
 * ```ts
 * const webhook = createWebhookPost({ allowedHosts: ['hooks.example.com'] });
 * const step = webhook({ url: 'https://hooks.example.com/incident', body: { service: 'web', state: 'restarted' } });
 * ```
 */
export function createWebhookPost(config: WebhookPostConfig): WebhookPostTool {
  const allowList = compileHostAllowList(TOOL, 'allowedHosts', config?.allowedHosts);
  const fixedHeaders = checkHeaders(TOOL, 'headers', config.headers);
  const timeoutMs = checkTimeout(TOOL, 'timeoutMs', config.timeoutMs, 10_000);
  const fetchImpl: FetchLike = config.fetch ?? ((input, init) => globalThis.fetch(input, init));

  return defineTool({
    name: TOOL,
    description: `POST a JSON body to a webhook URL. Only these hosts are allowed: ${
      allowList.entries.length ? allowList.entries.join(', ') : '(none configured)'
    }.`,
    input: WebhookPostInputSchema,
    output: WebhookPostOutputSchema,
    annotations: {
      title: 'Webhook POST',
      openWorldHint: true,
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      trust: { default: 'trusted' },
    },
    async run(args, ctx): Promise<WebhookPostOutput> {
      const url = checkDestination(args.url, allowList);
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT };
      for (const [name, value] of Object.entries(args.headers ?? {})) {
        const lower = name.toLowerCase();
        if (lower in fixedHeaders) {
          throw new SinkRefusedError(TOOL, `header "${name}" is set by the tool configuration and cannot be overridden by a call`, {
            path: ['headers', name],
            hint: 'remove it from the call arguments',
          });
        }
        headers[lower] = value;
      }
      Object.assign(headers, fixedHeaders);
      const display = displayUrl(url);
      const res = await requestWithin({
        tool: TOOL,
        display,
        fetch: fetchImpl,
        url,
        timeoutMs,
        signal: ctx.signal,
        init: { method: 'POST', headers, body: JSON.stringify(args.body) },
      });
      const status = res.response.status;
      if (status < 200 || status > 299) {
        const excerpt = await res.excerpt();
        const location = res.response.headers.get('location');
        const redirect = status >= 300 && status < 400;
        throw new ToolExecutionError(TOOL, `POST ${display} answered ${status}${excerpt ? `: ${excerpt}` : ''}`, {
          hint: redirect
            ? `the receiver redirects${location ? ` to ${safeLocation(location, url)}` : ''}; webhook_post does not follow redirects, configure the final URL`
            : status >= 500
              ? 'the receiver had an internal error; check its logs or try again later'
              : 'the receiver rejected the request; check the URL, headers and body it expects',
          details: { status, body: excerpt, url: display },
        });
      }
      await res.discard();
      return { delivered: true, status, url: url.href };
    },
  });
}

/** Parse the URL and check scheme, credentials and host, before any traffic. */
function checkDestination(raw: string, allowList: ReturnType<typeof compileHostAllowList>): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SinkRefusedError(TOOL, 'url is not a valid absolute URL', { path: ['url'], hint: 'give an http(s) URL like https://hooks.example.com/path' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SinkRefusedError(TOOL, `scheme "${url.protocol.replace(/:$/, '')}" is not allowed; only http and https`, { path: ['url'] });
  }
  if (url.username || url.password) {
    throw new SinkRefusedError(TOOL, 'credentials in the URL are not allowed', {
      path: ['url'],
      hint: 'configure an Authorization header in createWebhookPost({ headers }) instead',
    });
  }
  if (allowList.entries.length === 0) {
    throw new SinkRefusedError(TOOL, `no hosts are allowed, so ${url.host} is refused`, {
      path: ['url'],
      hint: "configure allowedHosts, e.g. createWebhookPost({ allowedHosts: ['hooks.example.com'] })",
      details: { host: url.host, allowedHosts: [] },
    });
  }
  if (!allowList.allows(url)) {
    throw new SinkRefusedError(TOOL, `host ${url.host} is not in allowedHosts (${allowList.entries.join(', ')})`, {
      path: ['url'],
      hint: 'if this destination is intended, add it to allowedHosts',
      details: { host: url.host, allowedHosts: [...allowList.entries] },
    });
  }
  return url;
}

function safeLocation(location: string, base: URL): string {
  try {
    return displayUrl(new URL(location, base));
  } catch {
    return 'an invalid location';
  }
}
