import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAgentOSError } from '@agentos/policy';
import { CancelledError, TimeoutError } from '@agentos/core';
import { startFakeOpenAI, type FakeOpenAI } from '../testing/index.js';
import {
  createLlm,
  llmFromEnv,
  LlmCancelledError,
  LlmConfigError,
  LlmOutputError,
  LlmRequestError,
  LlmTimeoutError,
  type Llm,
} from './index.js';

let fake: FakeOpenAI;
let llm: Llm;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  llm = createLlm({ baseURL: fake.baseURL, model: 'fake-model', timeoutMs: 2_000, maxRetries: 0 });
});
afterEach(() => fake.reset());
afterAll(async () => fake.close());

const user = (content: string) => [{ role: 'user' as const, content }];
const Answer = z.strictObject({ status: z.enum(['ok', 'degraded']), restarts: z.number().int() });

describe('chat', () => {
  it('returns a plain answer with usage and finish reason, and sends the messages', async () => {
    fake.enqueue({ text: 'hello there', usage: { prompt_tokens: 7, completion_tokens: 2 } });
    const r = await llm.chat({ messages: [{ role: 'system', content: 'be terse' }, ...user('hi')] });
    expect(r).toEqual({ text: 'hello there', toolCalls: [], usage: { promptTokens: 7, completionTokens: 2, totalTokens: 9 }, finishReason: 'stop' });
    const req = fake.chatRequests()[0]!;
    expect(req.model).toBe('fake-model');
    expect(req.system).toBe('be terse');
    expect(req.lastUser).toBe('hi');
    expect(req.stream).toBe(false);
  });

  it('returns tool calls with parsed arguments and sends the tool specs', async () => {
    fake.enqueue({ toolCalls: [{ name: 'docker_restart', arguments: { container: 'db' } }, { name: 'broken', arguments: '{not json' }] });
    const r = await llm.chat({
      messages: user('fix db'),
      tools: [{ name: 'docker_restart', description: 'Restart a container', parameters: { type: 'object', properties: { container: { type: 'string' } }, required: ['container'] } }],
    });
    expect(r.finishReason).toBe('tool_calls');
    expect(r.toolCalls[0]).toMatchObject({ name: 'docker_restart', arguments: { container: 'db' }, rawArguments: '{"container":"db"}' });
    expect(r.toolCalls[0]!.id).toMatch(/^call_/);
    expect(r.toolCalls[1]).toMatchObject({ name: 'broken', arguments: undefined, rawArguments: '{not json' });
    expect(r.toolCalls[1]!.parseError).toBeTruthy();
    expect(fake.requests[0]!.tools).toEqual([
      { type: 'function', function: { name: 'docker_restart', description: 'Restart a container', parameters: { type: 'object', properties: { container: { type: 'string' } }, required: ['container'] } } },
    ]);
  });

  it('replays assistant tool calls and tool results in the conversation', async () => {
    fake.enqueue('done');
    await llm.chat({
      messages: [
        ...user('fix db'),
        { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'docker_restart', rawArguments: '{"container":"db"}' }] },
        { role: 'tool', toolCallId: 'c1', content: '{"restarted":true}' },
      ],
    });
    const msgs = fake.requests[0]!.messages;
    expect(msgs[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'docker_restart', arguments: '{"container":"db"}' } }] });
    expect(msgs[2]).toEqual({ role: 'tool', tool_call_id: 'c1', content: '{"restarted":true}' });
  });

  it('passes the token limit as max_tokens (default and per call)', async () => {
    const limited = createLlm({ baseURL: fake.baseURL, model: 'fake-model', maxTokens: 64, temperature: 0 });
    fake.enqueue('a', 'b');
    await limited.chat({ messages: user('x') });
    await limited.chat({ messages: user('y'), maxTokens: 16 });
    expect(fake.requests.map((r) => r.max_tokens)).toEqual([64, 16]);
    expect(fake.requests[0]!.temperature).toBe(0);
  });

  it('maps HTTP 500 to LlmRequestError with the status, endpoint and model', async () => {
    fake.enqueue({ status: 500, body: { error: { message: 'model crashed' } } });
    const err = await llm.chat({ messages: user('x') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmRequestError);
    const e = err as LlmRequestError;
    expect(e.status).toBe(500);
    expect(e.code).toBe('LLM_REQUEST');
    expect(e.endpoint).toBe(`${fake.baseURL}/chat/completions`);
    expect(e.message).toContain('HTTP 500');
    expect(e.message).toContain('model crashed');
    expect(e.message).toContain('"fake-model"');
    expect(isAgentOSError(e)).toBe(true);
  });

  it('retries 5xx a bounded number of times, then succeeds or fails', async () => {
    const retrying = createLlm({ baseURL: fake.baseURL, model: 'fake-model', maxRetries: 2, retryDelayMs: 5 });
    fake.enqueue({ status: 503 }, { status: 502 }, 'third time lucky');
    await expect(retrying.chat({ messages: user('x') })).resolves.toMatchObject({ text: 'third time lucky' });
    expect(fake.requests).toHaveLength(3);

    fake.reset();
    fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 }, 'never reached');
    await expect(retrying.chat({ messages: user('x') })).rejects.toMatchObject({ status: 500 });
    expect(fake.requests).toHaveLength(3);
    expect(fake.pending()).toBe(1);
  });

  it('does not retry a 400 (the request itself is wrong)', async () => {
    const retrying = createLlm({ baseURL: fake.baseURL, model: 'fake-model', maxRetries: 2, retryDelayMs: 5 });
    fake.enqueue({ status: 400, body: { error: { message: 'bad schema' } } }, 'unused');
    await expect(retrying.chat({ messages: user('x') })).rejects.toMatchObject({ status: 400 });
    expect(fake.requests).toHaveLength(1);
  });

  it('names the server to check when nothing listens there', async () => {
    const closed = await startFakeOpenAI();
    await closed.close();
    const dead = createLlm({ baseURL: closed.baseURL, model: 'm', maxRetries: 0 });
    const err = await dead.chat({ messages: user('x') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmRequestError);
    expect((err as LlmRequestError).status).toBeUndefined();
    expect((err as Error).message).toContain(closed.baseURL);
    expect((err as Error).message).toMatch(/is the server at .* running/);
    expect((err as Error).message).toContain('AGENTOS_LLM_BASE_URL');
  });

  it('reports a body that is not JSON as a request error, not a success', async () => {
    fake.enqueue({ malformed: '<html>proxy error</html>' });
    await expect(llm.chat({ messages: user('x') })).rejects.toBeInstanceOf(LlmRequestError);
  });

  it('times out a slow reply with LlmTimeoutError within the limit plus slack', async () => {
    const quick = createLlm({ baseURL: fake.baseURL, model: 'fake-model', timeoutMs: 300, maxRetries: 2 });
    fake.enqueue({ text: 'too late', delayMs: 5_000 });
    const t0 = Date.now();
    const err = await quick.chat({ messages: user('x') }).catch((e: unknown) => e);
    const took = Date.now() - t0;
    expect(err).toBeInstanceOf(LlmTimeoutError);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toContain('timed out after 300 ms');
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(1_500);
    expect(fake.requests).toHaveLength(1); // timeouts are not retried
    await waitFor(() => fake.requests[0]!.aborted);
  });

  it('cancels through an AbortSignal with LlmCancelledError', async () => {
    fake.enqueue({ hang: true });
    const ac = new AbortController();
    const p = llm.chat({ messages: user('x'), signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmCancelledError);
    expect(err).toBeInstanceOf(CancelledError);
    expect(Date.now() - t0).toBeLessThan(1_000);
    await expect(llm.chat({ messages: user('x'), signal: ac.signal })).rejects.toBeInstanceOf(LlmCancelledError);
  });

  it('sends custom headers and the API key', async () => {
    const withHeaders = createLlm({ baseURL: fake.baseURL, model: 'fake-model', apiKey: 'sk-test', headers: { 'x-tenant': 'acme' } });
    fake.enqueue('ok');
    await withHeaders.chat({ messages: user('x') });
    expect(fake.requests[0]!.headers['x-tenant']).toBe('acme');
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-test');
  });
});

describe('stream', () => {
  it('yields text deltas and the final text, requesting stream: true', async () => {
    fake.enqueue({ text: 'The containers are healthy.', usage: { prompt_tokens: 3, completion_tokens: 5 } });
    const s = llm.stream({ messages: user('status?') });
    const deltas: string[] = [];
    for await (const d of s) deltas.push(d);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('The containers are healthy.');
    const final = await s.final();
    expect(final).toEqual({ text: 'The containers are healthy.', usage: { promptTokens: 3, completionTokens: 5, totalTokens: 8 }, finishReason: 'stop' });
    expect(fake.requests[0]!.stream).toBe(true);
  });

  it('final() drains a stream nobody iterated; a second iteration is refused', async () => {
    fake.enqueue('just the text');
    const s = llm.stream({ messages: user('x') });
    await expect(s.final()).resolves.toMatchObject({ text: 'just the text' });
    expect(() => s[Symbol.asyncIterator]()).toThrow(/can be read once/);
  });

  it('maps an HTTP error on a stream to LlmRequestError', async () => {
    fake.enqueue({ status: 500 });
    const s = llm.stream({ messages: user('x') });
    await expect(s.final()).rejects.toMatchObject({ status: 500 });
  });

  it('times out a stream that stalls mid-way', async () => {
    const quick = createLlm({ baseURL: fake.baseURL, model: 'fake-model', timeoutMs: 300, maxRetries: 0 });
    fake.enqueue({ text: 'slow slow slow slow slow', chunkDelayMs: 200 });
    const s = quick.stream({ messages: user('x') });
    const got: string[] = [];
    const err = await (async () => {
      for await (const d of s) got.push(d);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmTimeoutError);
    expect(got.join('').length).toBeGreaterThan(0);
    expect(got.join('')).not.toBe('slow slow slow slow slow');
    await expect(s.final()).rejects.toBeInstanceOf(LlmTimeoutError);
  });

  it('stops the request when the reader breaks early', async () => {
    fake.enqueue({ text: 'a'.repeat(200), chunkDelayMs: 20 });
    const s = llm.stream({ messages: user('x') });
    for await (const _ of s) break;
    await expect(s.final()).rejects.toBeInstanceOf(LlmCancelledError);
    await waitFor(() => fake.requests[0]!.aborted);
  });
});

describe('structured', () => {
  it('returns a valid value on the first try and asks for a strict JSON schema', async () => {
    fake.enqueue({ json: { status: 'ok', restarts: 2 } });
    const r = await llm.structured({ messages: user('summarise'), schema: Answer, schemaName: 'health_summary' });
    expect(r.value).toEqual({ status: 'ok', restarts: 2 });
    expect(r.attempts).toBe(1);
    expect(fake.requests[0]!.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'health_summary',
        strict: true,
        schema: {
          type: 'object',
          properties: { status: { type: 'string', enum: ['ok', 'degraded'] }, restarts: { type: 'integer', minimum: expect.any(Number), maximum: expect.any(Number) } },
          required: ['status', 'restarts'],
          additionalProperties: false,
        },
      },
    });
  });

  it('falls back to strict: false when the schema cannot be strict', async () => {
    fake.enqueue({ json: { name: 'x' } });
    const loose = z.object({ name: z.string(), note: z.string().optional() });
    await expect(llm.structured({ messages: user('x'), schema: loose, schemaName: 'loose' })).resolves.toMatchObject({ value: { name: 'x' } });
    const rf = fake.requests[0]!.response_format as { json_schema: { strict: boolean; schema: { additionalProperties: unknown } } };
    expect(rf.json_schema.strict).toBe(false);
  });

  it('tolerates ```json fences around the answer', async () => {
    fake.enqueue('Here you go:\n```json\n{"status":"degraded","restarts":0}\n```');
    await expect(llm.structured({ messages: user('x'), schema: Answer, schemaName: 'a' })).resolves.toMatchObject({ value: { status: 'degraded', restarts: 0 }, attempts: 1 });
  });

  it('retries a malformed reply and feeds the validation error back to the model', async () => {
    fake.enqueue({ json: { status: 'on fire', restarts: 'two' } }, { json: { status: 'ok', restarts: 2 } });
    const r = await llm.structured({ messages: user('summarise'), schema: Answer, schemaName: 'health_summary' });
    expect(r).toMatchObject({ value: { status: 'ok', restarts: 2 }, attempts: 2 });
    expect(r.usage.totalTokens).toBeGreaterThan(0);
    const second = fake.requests[1]!;
    expect(second.messages).toHaveLength(3);
    expect(second.messages[1]).toMatchObject({ role: 'assistant', content: '{"status":"on fire","restarts":"two"}' });
    expect(second.lastUser).toContain('not a valid "health_summary" answer');
    expect(second.lastUser).toContain('at status:');
    expect(second.lastUser).toContain('at restarts:');
  });

  it('gives up after maxAttempts with LlmOutputError carrying the issue paths and raw excerpt', async () => {
    fake.enqueue('not json at all', { json: { status: 'ok' } }, { json: { status: 'ok' } }, 'unused');
    const err = await llm.structured({ messages: user('x'), schema: Answer, schemaName: 'health_summary', maxAttempts: 3 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmOutputError);
    const e = err as LlmOutputError;
    expect(e.attempts).toBe(3);
    expect(e.issues.map((i) => i.path)).toEqual(['restarts']);
    expect(e.rawExcerpt).toBe('{"status":"ok"}');
    expect(e.message).toContain('3 attempts');
    expect(e.message).toContain('"health_summary"');
    expect(fake.requests).toHaveLength(3);
    expect(fake.pending()).toBe(1);
  });

  it('reports JSON that does not parse at path (root)', async () => {
    fake.enqueue('{"status": "ok", ');
    const err = await llm.structured({ messages: user('x'), schema: Answer, schemaName: 'a', maxAttempts: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmOutputError);
    expect((err as LlmOutputError).issues[0]).toMatchObject({ path: '(root)', message: expect.stringContaining('not valid JSON') });
  });

  it('rejects a schema name the API would refuse, before any request', async () => {
    await expect(llm.structured({ messages: user('x'), schema: Answer, schemaName: 'has spaces' })).rejects.toBeInstanceOf(LlmConfigError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('configuration', () => {
  it('createLlm refuses a missing model', () => {
    expect(() => createLlm({ model: ' ' })).toThrow(LlmConfigError);
  });

  it('llmFromEnv reads AGENTOS_LLM_* and lists what to set when missing', async () => {
    const env = { AGENTOS_LLM_BASE_URL: fake.baseURL, AGENTOS_LLM_MODEL: 'env-model', AGENTOS_LLM_TIMEOUT_MS: '1000' };
    const fromEnv = llmFromEnv('AGENTOS_LLM', {}, env);
    expect(fromEnv.model).toBe('env-model');
    expect(fromEnv.endpoint).toBe(`${fake.baseURL}/chat/completions`);
    fake.enqueue('from env');
    await expect(fromEnv.chat({ messages: user('x') })).resolves.toMatchObject({ text: 'from env' });
    expect(fake.requests[0]!.model).toBe('env-model');

    let err: unknown;
    try {
      llmFromEnv('AGENTOS_LLM', {}, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LlmConfigError);
    expect((err as LlmConfigError).missing).toEqual(['AGENTOS_LLM_MODEL', 'AGENTOS_LLM_BASE_URL']);
    expect((err as Error).message).toContain('AGENTOS_LLM_MODEL');
    expect(() => llmFromEnv('AGENTOS_LLM', {}, { AGENTOS_LLM_MODEL: 'm', AGENTOS_LLM_TIMEOUT_MS: 'soon' })).toThrow(/AGENTOS_LLM_TIMEOUT_MS/);
  });
});

async function waitFor(cond: () => boolean, ms = 1_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
