/**
 * Real HTTP receivers on 127.0.0.1 for tests and examples: a Slack
 * incoming-webhook stand-in and a generic webhook receiver. They record what
 * arrived; tests assert on it.
 * @module
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a receiver recorded it. */
export interface ReceivedRequest {
  method: string;
  /** Path with query string, e.g. `/hooks/a?x=1`. */
  path: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON (empty string for no body). */
  body: unknown;
  /** The body as received. */
  raw: string;
  at: Date;
}

/** A running HTTP receiver. */
export interface HttpReceiver {
  /** URL to send to (for the Slack receiver: a webhook-like path on it). */
  readonly url: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** `127.0.0.1:<port>`, handy for allow lists. */
  readonly host: string;
  /** Every request in arrival order (also those answered with a failure). */
  readonly received: ReceivedRequest[];
  /** Answer the next request with this status and body (queued; one per call). */
  failNext(status: number, body?: string): void;
  /** Never answer the next request (it is still recorded). Queued with {@link failNext}. */
  hangNext(): void;
  /** Stop the server and drop every open connection, including hanging ones. */
  close(): Promise<void>;
}

type Plan = { kind: 'fail'; status: number; body: string } | { kind: 'hang' };

interface ReceiverOptions {
  path: string;
  /** The normal answer to a recorded request. */
  answer: (req: ReceivedRequest) => { status: number; body: string; type: string };
}

const MAX_BODY = 5 * 1024 * 1024;

async function startHttpReceiver(options: ReceiverOptions): Promise<HttpReceiver> {
  const received: ReceivedRequest[] = [];
  const plans: Plan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('payload too large');
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const entry: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: flattenHeaders(req.headers),
        body: parseBody(raw),
        raw,
        at: new Date(),
      };
      received.push(entry);
      const plan = plans.shift();
      if (plan?.kind === 'hang') return;
      if (plan?.kind === 'fail') {
        res.writeHead(plan.status, { 'content-type': 'text/plain; charset=utf-8' }).end(plan.body);
        return;
      }
      const answer = options.answer(entry);
      res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url: `${origin}${options.path}`,
    origin,
    host: `127.0.0.1:${port}`,
    received,
    failNext(status, body = '') {
      if (!Number.isInteger(status) || status < 100 || status > 599) throw new RangeError(`failNext: status must be 100..599, got ${status}`);
      plans.push({ kind: 'fail', status, body });
    },
    hangNext() {
      plans.push({ kind: 'hang' });
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseBody(raw: string): unknown {
  if (raw === '') return '';
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * Start a stand-in for a Slack incoming webhook on 127.0.0.1 (random port).
 * Like Slack, it answers `200 ok`, `400 invalid_payload` for a body that is
 * not JSON and `400 no_text` for a message without text. Use
 * `failNext(status, body)` to simulate Slack errors.
 * @example
 * ```ts
 * const slack = await startSlackReceiver();
 * const tool = createSlackNotify({ webhookUrl: slack.url });
 * // … run a workflow …
 * expect(slack.received[0].body).toMatchObject({ channel: '#ops' });
 * await slack.close();
 * ```
 */
export function startSlackReceiver(): Promise<HttpReceiver> {
  return startHttpReceiver({
    path: '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    answer(req) {
      const text = (status: number, body: string) => ({ status, body, type: 'text/plain; charset=utf-8' });
      if (req.method !== 'POST') return text(405, 'invalid_method');
      if (typeof req.body !== 'object' || req.body === null) return text(400, 'invalid_payload');
      const msg = req.body as { text?: unknown; blocks?: unknown; attachments?: unknown };
      if (!msg.text && !msg.blocks && !msg.attachments) return text(400, 'no_text');
      return text(200, 'ok');
    },
  });
}

/**
 * Start a generic webhook receiver on 127.0.0.1 (random port). It accepts any
 * method on any path, records it and answers `200 {"ok":true}`. `url` is its
 * origin plus `/webhook`; any other path works too.
 * @example
 * ```ts
 * const hook = await startWebhookReceiver();
 * const tool = createWebhookPost({ allowedHosts: [hook.host] });
 * // … run …
 * expect(hook.received[0]).toMatchObject({ method: 'POST', path: '/webhook' });
 * await hook.close();
 * ```
 */
export function startWebhookReceiver(): Promise<HttpReceiver> {
  return startHttpReceiver({
    path: '/webhook',
    answer: () => ({ status: 200, body: '{"ok":true}', type: 'application/json' }),
  });
}
