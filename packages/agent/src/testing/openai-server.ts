/**
 * A scripted, local OpenAI-compatible HTTP server for tests and examples.
 *
 * It is a real `node:http` server on 127.0.0.1 that speaks enough of the
 * OpenAI REST API for the real `openai` client: `POST /v1/chat/completions`
 * (plain JSON, or `stream: true` server-sent events ending in `data: [DONE]`)
 * and `GET /v1/models`. Replies are scripted, and every request is recorded
 * so a test can assert what the model was shown.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A tool call the fake model "makes". `arguments` objects are serialised to JSON. */
export interface FakeToolCall {
  name: string;
  arguments?: unknown;
  /** Defaults to `call_<request>_<n>`. */
  id?: string;
}

/** Token counts reported by the fake model. Defaults are derived from text lengths. */
export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
}

/** Fields every reply may carry. */
export interface FakeReplyCommon {
  /** Wait this long before answering. A client that disconnects meanwhile gets nothing. */
  delayMs?: number;
  /** For streamed replies: wait this long between chunks. */
  chunkDelayMs?: number;
  /** Defaults to `stop` (or `tool_calls`). */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  usage?: FakeUsage;
}

/**
 * One scripted reply:
 * - a string, or `{ text }`: assistant text content;
 * - `{ json }`: content that is `JSON.stringify(json)` (strings are sent as they are);
 * - `{ toolCalls }`: the assistant calls tools (optionally with `text` too);
 * - `{ status, body? }`: an HTTP error (body object or string; default an OpenAI-style error);
 * - `{ malformed }`: this raw string is the whole HTTP body (status 200, JSON content type);
 * - `{ hang: true }`: never answer; the request ends when the client gives up.
 */
export type FakeReply =
  | string
  | (FakeReplyCommon & { text: string })
  | (FakeReplyCommon & { json: unknown })
  | (FakeReplyCommon & { toolCalls: FakeToolCall[]; text?: string })
  | (FakeReplyCommon & { status: number; body?: unknown })
  | (FakeReplyCommon & { malformed: string })
  | (FakeReplyCommon & { hang: true });

/** A request the server received. */
export interface RecordedRequest {
  /** 0-based order of arrival. */
  index: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (`undefined` for GET, the raw text if it was not JSON). */
  body: unknown;
  model: string | undefined;
  messages: FakeChatMessage[];
  response_format: unknown;
  tools: unknown[] | undefined;
  max_tokens: number | undefined;
  max_completion_tokens: number | undefined;
  temperature: number | undefined;
  stream: boolean;
  /** Text of the system message(s), joined by newlines. */
  system: string | undefined;
  /** Text of the last user message. */
  lastUser: string | undefined;
  /** The reply the server chose (undefined for GET /v1/models and unmatched requests). */
  reply: FakeReply | undefined;
  /** True when the client went away before the reply was complete. */
  aborted: boolean;
}

/** A chat message as received (content may be a string or a list of parts). */
export interface FakeChatMessage {
  role: string;
  content?: unknown;
  [key: string]: unknown;
}

/** Decides the reply for a request. Return `undefined` to fall through. */
export type FakeResponder = (request: RecordedRequest) => FakeReply | undefined | Promise<FakeReply | undefined>;

/** Conditions for {@link FakeOpenAI.when}. All given conditions must hold. */
export interface FakeMatch {
  model?: string | RegExp;
  /** Matched against the system message text. */
  system?: string | RegExp;
  /** Matched against the last user message text. */
  lastUser?: string | RegExp;
  /** Matched against every message's text, joined by newlines. */
  anyMessage?: string | RegExp;
  stream?: boolean;
  test?: (request: RecordedRequest) => boolean;
}

/** Options of {@link startFakeOpenAI}. */
export interface FakeOpenAIOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Used when no rule, queued reply or responder answers. Default: an HTTP 500 naming the request. */
  fallback?: FakeReply | FakeResponder;
  /** Model ids listed by `GET /v1/models`. Default `['fake-model']`. */
  models?: string[];
  /** Characters per streamed content chunk. Default 8. */
  streamChunkChars?: number;
}

/** A running fake server. Always `close()` it (e.g. in `afterAll`). */
export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>/v1`, what `createLlm({ baseURL })` wants. */
  readonly baseURL: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order of arrival. */
  readonly requests: RecordedRequest[];
  /** Only the chat completion requests. */
  chatRequests(): RecordedRequest[];
  /** Queue replies, answered first-in first-out (after matching rules). */
  enqueue(...replies: FakeReply[]): this;
  /** Set the responder used when no rule or queued reply applies. */
  script(responder: FakeResponder): this;
  /**
   * Answer requests that match with `reply` (checked before the queue, in the
   * order added). `times` limits how often the rule fires (default: always).
   */
  when(match: FakeMatch, reply: FakeReply | FakeResponder, options?: { times?: number }): this;
  /** Queued replies not used yet. */
  pending(): number;
  /** Forget rules, queued replies, the responder and recorded requests. */
  reset(): void;
  /** Stop the server and drop open connections (pending delays are cancelled). */
  close(): Promise<void>;
}

interface Rule {
  match: FakeMatch;
  reply: FakeReply | FakeResponder;
  remaining: number;
}

/**
 * Start a fake OpenAI-compatible server on 127.0.0.1.
 *
 * Reply resolution, per chat request: the first matching {@link FakeOpenAI.when}
 * rule, else the next queued reply, else the responder from
 * {@link FakeOpenAI.script}, else `options.fallback`, else HTTP 500.
 *
 * @example
 * ```ts
 * const fake = await startFakeOpenAI();
 * fake.enqueue('hello', { json: { ok: true } }, { status: 500 });
 * fake.when({ system: /security judge/ }, { json: { verdict: 'SAFE', category: 'none', reason: 'ok' } });
 * const llm = createLlm({ baseURL: fake.baseURL, model: 'fake-model' });
 * await llm.chat({ messages: [{ role: 'user', content: 'hi' }] }); // → text 'hello'
 * expect(fake.requests[0]?.lastUser).toBe('hi');
 * await fake.close();
 * ```
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  let rules: Rule[] = [];
  let responder: FakeResponder | undefined;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const chunkChars = Math.max(1, options.streamChunkChars ?? 8);
  const models = options.models ?? ['fake-model'];

  const sleep = (ms: number, res: ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve(!isGone(res));
      const t = setTimeout(() => {
        timers.delete(t);
        res.off('close', onClose);
        resolve(!isGone(res));
      }, ms);
      const onClose = () => {
        clearTimeout(t);
        timers.delete(t);
        resolve(false);
      };
      timers.add(t);
      res.once('close', onClose);
    });

  async function choose(rec: RecordedRequest): Promise<FakeReply | undefined> {
    for (const rule of rules) {
      if (rule.remaining <= 0 || !matches(rule.match, rec)) continue;
      rule.remaining -= 1;
      const r = typeof rule.reply === 'function' ? await rule.reply(rec) : rule.reply;
      if (r !== undefined) return r;
    }
    if (queue.length > 0) return queue.shift();
    if (responder) {
      const r = await responder(rec);
      if (r !== undefined) return r;
    }
    const fb = options.fallback;
    if (fb !== undefined) return typeof fb === 'function' ? fb(rec) : fb;
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const rec = record(requests.length, req.method ?? 'GET', path, req.headers, body);
    requests.push(rec);
    res.once('close', () => {
      if (!res.writableFinished) rec.aborted = true;
    });

    if (req.method === 'GET' && /^(\/v1)?\/models\/?$/.test(path)) {
      return sendJson(res, 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'agentos-fake' })),
      });
    }
    if (req.method !== 'POST' || !/^(\/v1)?\/chat\/completions\/?$/.test(path)) {
      return sendJson(res, 404, { error: { message: `fake OpenAI server: no route ${req.method} ${path}`, type: 'invalid_request_error', code: 'not_found' } });
    }
    if (typeof body !== 'object' || body === null) {
      return sendJson(res, 400, { error: { message: 'fake OpenAI server: the body is not a JSON object', type: 'invalid_request_error' } });
    }

    const reply = await choose(rec);
    rec.reply = reply;
    if (reply === undefined) {
      return sendJson(res, 500, {
        error: {
          message: `fake OpenAI server: no scripted reply for request #${rec.index} (last user message: ${JSON.stringify((rec.lastUser ?? '').slice(0, 120))})`,
          type: 'server_error',
        },
      });
    }
    const common: FakeReplyCommon = typeof reply === 'string' ? {} : reply;
    if (common.delayMs && !(await sleep(common.delayMs, res))) return;

    if (typeof reply === 'object' && 'hang' in reply) return; // the client's timeout ends it
    if (typeof reply === 'object' && 'status' in reply) {
      const errBody = reply.body ?? { error: { message: `scripted HTTP ${reply.status}`, type: 'server_error', code: null } };
      if (typeof errBody === 'string') return sendText(res, reply.status, errBody, 'text/plain');
      return sendJson(res, reply.status, errBody);
    }
    if (typeof reply === 'object' && 'malformed' in reply) {
      return sendText(res, 200, reply.malformed, 'application/json');
    }

    const text = typeof reply === 'string' ? reply : 'text' in reply && typeof reply.text === 'string' ? reply.text : 'json' in reply ? (typeof reply.json === 'string' ? reply.json : JSON.stringify(reply.json)) : null;
    const toolCalls = typeof reply === 'object' && 'toolCalls' in reply
      ? reply.toolCalls.map((c, i) => ({
          id: c.id ?? `call_${rec.index}_${i}`,
          type: 'function' as const,
          function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}) },
        }))
      : undefined;
    const finish = common.finishReason ?? (toolCalls ? 'tool_calls' : 'stop');
    const usage = usageOf(common.usage, rec, text ?? '');
    const id = `chatcmpl-fake-${rec.index}`;
    const created = Math.floor(Date.now() / 1000);
    const model = rec.model ?? 'fake-model';

    if (!rec.stream) {
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finish, logprobs: null }],
        usage,
      });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    });
    const send = async (data: unknown): Promise<boolean> => {
      if (isGone(res)) return false;
      res.write(`data: ${JSON.stringify(data)}\n\n`);
      if (common.chunkDelayMs) return sleep(common.chunkDelayMs, res);
      return true;
    };
    if (!(await send(chunk({ role: 'assistant', content: '' })))) return;
    if (text) {
      for (let i = 0; i < text.length; i += chunkChars) {
        if (!(await send(chunk({ content: text.slice(i, i + chunkChars) })))) return;
      }
    }
    if (toolCalls) {
      for (const [index, c] of toolCalls.entries()) {
        if (!(await send(chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.function.name, arguments: '' } }] })))) return;
        if (!(await send(chunk({ tool_calls: [{ index, function: { arguments: c.function.arguments } }] })))) return;
      }
    }
    if (!(await send(chunk({}, finish)))) return;
    const streamOptions = (body as { stream_options?: { include_usage?: boolean } }).stream_options;
    if (streamOptions?.include_usage) {
      if (!(await send({ id, object: 'chat.completion.chunk', created, model, choices: [], usage }))) return;
    }
    if (!isGone(res)) res.end('data: [DONE]\n\n');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `fake OpenAI server crashed: ${String(err)}`, type: 'server_error' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const fake: FakeOpenAI = {
    baseURL: `${url}/v1`,
    url,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.method === 'POST' && /chat\/completions/.test(r.path)),
    enqueue(...replies) {
      queue.push(...replies);
      return this;
    },
    script(fn) {
      responder = fn;
      return this;
    },
    when(match, reply, opts) {
      rules.push({ match, reply, remaining: opts?.times ?? Number.POSITIVE_INFINITY });
      return this;
    },
    pending: () => queue.length,
    reset() {
      queue.length = 0;
      rules = [];
      responder = undefined;
      requests.length = 0;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function isGone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body), 'application/json');
}

function sendText(res: ServerResponse, status: number, text: string, type: string): void {
  if (isGone(res)) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The text of a message's content (a string, or the text parts of a list). */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === 'object' && p !== null && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : ''))
      .join('');
  }
  return '';
}

function record(index: number, method: string, path: string, headers: IncomingMessage['headers'], body: unknown): RecordedRequest {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const messages = Array.isArray(b.messages) ? (b.messages as FakeChatMessage[]) : [];
  const systems = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => messageText(m.content));
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    index,
    method,
    path,
    headers: { ...headers },
    body,
    model: typeof b.model === 'string' ? b.model : undefined,
    messages,
    response_format: b.response_format,
    tools: Array.isArray(b.tools) ? b.tools : undefined,
    max_tokens: num(b.max_tokens),
    max_completion_tokens: num(b.max_completion_tokens),
    temperature: num(b.temperature),
    stream: b.stream === true,
    system: systems.length > 0 ? systems.join('\n') : undefined,
    lastUser: lastUser ? messageText(lastUser.content) : undefined,
    reply: undefined,
    aborted: false,
  };
}

function test(pattern: string | RegExp | undefined, value: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  return typeof pattern === 'string' ? value.includes(pattern) : pattern.test(value);
}

function matches(m: FakeMatch, r: RecordedRequest): boolean {
  return (
    test(m.model, r.model) &&
    test(m.system, r.system) &&
    test(m.lastUser, r.lastUser) &&
    test(m.anyMessage, r.messages.map((x) => messageText(x.content)).join('\n')) &&
    (m.stream === undefined || m.stream === r.stream) &&
    (m.test === undefined || m.test(r))
  );
}

function usageOf(given: FakeUsage | undefined, rec: RecordedRequest, text: string) {
  const prompt = given?.prompt_tokens ?? Math.ceil(rec.messages.map((m) => messageText(m.content)).join(' ').length / 4);
  const completion = given?.completion_tokens ?? Math.ceil(text.length / 4);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: given?.total_tokens ?? prompt + completion };
}
