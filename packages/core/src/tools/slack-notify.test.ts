import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, TimeoutError, ToolExecutionError, ToolValidationError } from '../errors.js';
import { startSlackReceiver, type HttpReceiver } from '../testing/receivers.js';
import { runToolUnguarded } from '../testing/run-tool.js';
import { ToolConfigError } from './config.js';
import { createSlackNotify, SEVERITY_COLORS, type SlackNotifyOutput } from './slack-notify.js';

let slack: HttpReceiver;
beforeAll(async () => {
  slack = await startSlackReceiver();
});
afterAll(async () => {
  await slack?.close();
});
afterEach(() => {
  slack.received.length = 0;
});

type SlackBody = { channel: string; text: string; attachments: Array<{ color: string; fields: Array<{ title: string; value: string }> }> };

describe('slack_notify against a real local receiver', () => {
  it('posts channel, text and a severity colour, and reports delivery', async () => {
    const tool = createSlackNotify({ webhookUrl: slack.url });
    const out = (await runToolUnguarded(tool, { channel: '#ops', text: 'web restarted', severity: 'critical' })) as SlackNotifyOutput;
    expect(out).toEqual({ delivered: true, channel: '#ops', status: 200 });
    expect(slack.received).toHaveLength(1);
    const got = slack.received[0]!;
    expect(got.method).toBe('POST');
    expect(got.path).toBe(new URL(slack.url).pathname);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    const body = got.body as SlackBody;
    expect(body.channel).toBe('#ops');
    expect(body.text).toBe('web restarted');
    expect(body.attachments[0]!.color).toBe(SEVERITY_COLORS.critical);
    expect(body.attachments[0]!.fields).toContainEqual(expect.objectContaining({ title: 'Severity', value: 'critical' }));
  });

  it('defaults to severity info and to the configured channel', async () => {
    const tool = createSlackNotify({ webhookUrl: slack.url, defaultChannel: '#alerts' });
    const out = (await runToolUnguarded(tool, { text: 'hello' })) as SlackNotifyOutput;
    expect(out.channel).toBe('#alerts');
    const body = slack.received[0]!.body as SlackBody;
    expect(body.channel).toBe('#alerts');
    expect(body.attachments[0]!.color).toBe(SEVERITY_COLORS.info);
  });

  it('sends unicode and markdown text unchanged', async () => {
    const tool = createSlackNotify({ webhookUrl: slack.url });
    const text = '*db* is down — ünïcödé ✅\nsecond line';
    await runToolUnguarded(tool, { channel: '@oncall', text });
    expect((slack.received[0]!.body as SlackBody).text).toBe(text);
  });

  it('turns a 500 answer into ToolExecutionError with status and body, without leaking the webhook path', async () => {
    const tool = createSlackNotify({ webhookUrl: slack.url });
    slack.failNext(500, 'internal_error: upstream broke');
    const err = await runToolUnguarded(tool, { channel: '#ops', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolExecutionError);
    const e = err as ToolExecutionError;
    expect(e.code).toBe('TOOL_FAILED');
    expect(e.message).toContain('500');
    expect(e.message).toContain('internal_error: upstream broke');
    expect(e.details).toMatchObject({ status: 500, body: 'internal_error: upstream broke' });
    expect(e.message).not.toContain('/services/');
    expect(JSON.stringify(e.toJSON())).not.toContain('XXXXXXXX');
  });

  it('explains Slack errors such as no_service and invalid_payload', async () => {
    const tool = createSlackNotify({ webhookUrl: slack.url });
    slack.failNext(404, 'no_service');
    const e = (await runToolUnguarded(tool, { channel: '#ops', text: 'x' }).catch((x: unknown) => x)) as ToolExecutionError;
    expect(e.hint).toMatch(/webhook URL is wrong or was revoked/);
  });

  it('times out against a receiver that never answers', async () => {
    const tool = createSlackNotify({ webhookUrl: slack.url, timeoutMs: 200 });
    slack.hangNext();
    const started = Date.now();
    const err = await runToolUnguarded(tool, { channel: '#ops', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).message).toMatch(/timed out after 200 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(slack.received).toHaveLength(1);
  });

  it('stops when the step is cancelled through ctx.signal', async () => {
    const tool = createSlackNotify({ webhookUrl: slack.url, timeoutMs: 10_000 });
    slack.hangNext();
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('user cancelled')), 100);
    const started = Date.now();
    const err = await runToolUnguarded(tool, { channel: '#ops', text: 'x' }, { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const tool = createSlackNotify({ webhookUrl: slack.url });
    const ac = new AbortController();
    ac.abort();
    await expect(runToolUnguarded(tool, { channel: '#ops', text: 'x' }, { signal: ac.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(slack.received).toHaveLength(0);
  });

  it('reports a refused connection as ToolExecutionError', async () => {
    const gone = await startSlackReceiver();
    await gone.close();
    const tool = createSlackNotify({ webhookUrl: gone.url });
    const err = (await runToolUnguarded(tool, { channel: '#ops', text: 'x' }).catch((e: unknown) => e)) as ToolExecutionError;
    expect(err).toBeInstanceOf(ToolExecutionError);
    expect(err.message).toMatch(/connection refused/);
  });
});

describe('slack_notify input schema and metadata', () => {
  const tool = createSlackNotify({ webhookUrl: 'https://hooks.slack.com/services/T/B/secret' });

  it.each([
    [{ channel: '#ops', text: '' }, 'text'],
    [{ channel: '#ops', text: 'x'.repeat(40_001) }, 'text'],
    [{ channel: '#ops', text: 'x', severity: 'fatal' }, 'severity'],
    [{ channel: 'not a channel!', text: 'x' }, 'channel'],
    [{ channel: '#ops', text: 'x', extra: 1 }, ''],
    [{ text: 'x' }, 'channel'],
  ])('rejects %j', async (args, path) => {
    const err = (await runToolUnguarded(tool, args).catch((e: unknown) => e)) as ToolValidationError;
    expect(err).toBeInstanceOf(ToolValidationError);
    expect(err.issues[0]!.path).toBe(path);
  });

  it('accepts 40000 characters', () => {
    expect(tool.input.safeParse({ channel: '#ops', text: 'x'.repeat(40_000) }).success).toBe(true);
  });

  it('derives JSON Schema; channel is required unless a default channel is configured', () => {
    const schema = tool.inputJsonSchema as { properties: Record<string, { enum?: string[] }>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(['channel', 'text', 'severity']);
    expect(schema.properties.severity!.enum).toEqual(['info', 'warning', 'critical']);
    expect(schema.required).toEqual(expect.arrayContaining(['channel', 'text']));
    const withDefault = createSlackNotify({ webhookUrl: 'https://hooks.slack.com/x', defaultChannel: '#ops' });
    expect((withDefault.inputJsonSchema as { required: string[] }).required).toEqual(['text']);
    expect(tool.outputJsonSchema).toMatchObject({ properties: { delivered: {}, channel: {}, status: {} } });
  });

  it('is an open-world, non-destructive tool with trusted output', () => {
    expect(tool.name).toBe('slack_notify');
    expect(tool.annotations).toMatchObject({ openWorldHint: true, readOnlyHint: false, destructiveHint: false, trust: { default: 'trusted' } });
  });

  it('rejects bad configuration when created', () => {
    expect(() => createSlackNotify({ webhookUrl: 'not a url' })).toThrow(ToolConfigError);
    expect(() => createSlackNotify({ webhookUrl: 'ftp://hooks.slack.com/x' })).toThrow(/http or https/);
    expect(() => createSlackNotify({ webhookUrl: 'https://hooks.slack.com/x', defaultChannel: 'no spaces allowed' })).toThrow(/defaultChannel/);
    expect(() => createSlackNotify({ webhookUrl: 'https://hooks.slack.com/x', timeoutMs: 0 })).toThrow(/timeoutMs/);
  });

  it('makes a step without running anything', () => {
    expect(tool({ channel: '#ops', text: 'hi' })).toEqual({ kind: 'tool-call', tool: 'slack_notify', args: { channel: '#ops', text: 'hi' } });
  });
});
