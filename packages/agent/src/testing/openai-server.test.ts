import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from './index.js';

let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ models: ['m1', 'm2'] });
  client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'x', maxRetries: 0, timeout: 2_000 });
});
afterEach(() => fake.reset());
afterAll(async () => fake.close());

describe('startFakeOpenAI', () => {
  it('listens on 127.0.0.1 and lists models', async () => {
    expect(fake.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const page = await client.models.list();
    expect(page.data.map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('answers by rule first (with a use limit), then the queue, then the responder', async () => {
    fake.when({ system: /judge/ }, 'judge rule', { times: 1 });
    fake.when({ lastUser: 'weather' }, (r) => ({ text: `rule saw ${r.model}` }));
    fake.enqueue('queued');
    fake.script((r) => ({ text: `responder: ${r.lastUser}` }));
    const ask = async (system: string, content: string) =>
      (await client.chat.completions.create({ model: 'm1', messages: [{ role: 'system', content: system }, { role: 'user', content }] })).choices[0]!.message.content;
    expect(await ask('you are a judge', 'x')).toBe('judge rule');
    expect(await ask('you are a judge', 'y')).toBe('queued'); // rule used up
    expect(await ask('planner', 'weather today')).toBe('rule saw m1');
    expect(await ask('planner', 'hello')).toBe('responder: hello');
    expect(fake.chatRequests()).toHaveLength(4);
  });

  it('says which request had no scripted reply', async () => {
    const err = await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'unplanned' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.InternalServerError);
    expect((err as Error).message).toContain('no scripted reply for request #0');
    expect((err as Error).message).toContain('unplanned');
  });

  it('streams tool calls and usage as SSE chunks ending with [DONE]', async () => {
    fake.enqueue({ toolCalls: [{ name: 'docker_list', arguments: { all: true } }], usage: { prompt_tokens: 4, completion_tokens: 6 } });
    const stream = await client.chat.completions.create({ model: 'm1', messages: [{ role: 'user', content: 'list' }], stream: true, stream_options: { include_usage: true } });
    let name = '';
    let args = '';
    let finish: string | null = null;
    let usage: unknown;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const c = chunk.choices[0];
      if (!c) continue;
      for (const t of c.delta.tool_calls ?? []) {
        name += t.function?.name ?? '';
        args += t.function?.arguments ?? '';
      }
      finish = c.finish_reason ?? finish;
    }
    expect({ name, args: JSON.parse(args), finish }).toEqual({ name: 'docker_list', args: { all: true }, finish: 'tool_calls' });
    expect(usage).toEqual({ prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 });
  });

  it('records the request body for assertions', async () => {
    fake.enqueue({ json: { ok: true } });
    await client.chat.completions.create({
      model: 'm2',
      max_tokens: 32,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'part one' }] }],
      response_format: { type: 'json_object' },
    });
    const r = fake.requests[0]!;
    expect(r).toMatchObject({ model: 'm2', max_tokens: 32, lastUser: 'part one', response_format: { type: 'json_object' }, stream: false, aborted: false });
    expect(r.reply).toEqual({ json: { ok: true } });
  });
});
