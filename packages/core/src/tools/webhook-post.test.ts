import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, SinkRefusedError, TimeoutError, ToolExecutionError, ToolValidationError } from '../errors.js';
import { startWebhookReceiver, type HttpReceiver } from '../testing/receivers.js';
import { runToolUnguarded } from '../testing/run-tool.js';
import { ToolConfigError } from './config.js';
import { createWebhookPost, type WebhookPostOutput } from './webhook-post.js';

let hook: HttpReceiver;
beforeAll(async () => {
  hook = await startWebhookReceiver();
});
afterAll(async () => {
  await hook?.close();
});
afterEach(() => {
  hook.received.length = 0;
});

describe('webhook_post against a real local receiver', () => {
  it('posts the JSON body with call and configured headers', async () => {
    const tool = createWebhookPost({ allowedHosts: [hook.host], headers: { Authorization: 'Bearer cfg-token' } });
    const body = { service: 'web', state: 'restarted', count: 2, tags: ['a', null], nested: { ok: true } };
    const out = (await runToolUnguarded(tool, { url: `${hook.origin}/incidents?src=agentos`, body, headers: { 'X-Request-Id': 'r-1' } })) as WebhookPostOutput;
    expect(out).toEqual({ delivered: true, status: 200, url: `${hook.origin}/incidents?src=agentos` });
    expect(hook.received).toHaveLength(1);
    const got = hook.received[0]!;
    expect(got).toMatchObject({ method: 'POST', path: '/incidents?src=agentos', body });
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    expect(got.headers['x-request-id']).toBe('r-1');
    expect(got.headers.authorization).toBe('Bearer cfg-token');
  });

  it('posts a bare JSON value (string, array)', async () => {
    const tool = createWebhookPost({ allowedHosts: ['127.0.0.1'] });
    await runToolUnguarded(tool, { url: hook.url, body: 'plain' });
    await runToolUnguarded(tool, { url: hook.url, body: [1, 2] });
    expect(hook.received.map((r) => r.raw)).toEqual(['"plain"', '[1,2]']);
  });

  it('refuses a host that is not allowed, before any traffic', async () => {
    const other = await startWebhookReceiver();
    try {
      const tool = createWebhookPost({ allowedHosts: [hook.host] });
      const err = (await runToolUnguarded(tool, { url: other.url, body: { secret: 1 } }).catch((e: unknown) => e)) as SinkRefusedError;
      expect(err).toBeInstanceOf(SinkRefusedError);
      expect(err.code).toBe('SINK_REFUSED');
      expect(err.message).toContain(other.host);
      expect(err.message).toContain('not in allowedHosts');
      expect(other.received).toHaveLength(0);
      expect(hook.received).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('with empty allowedHosts refuses everything and says to configure allowedHosts', async () => {
    const tool = createWebhookPost({ allowedHosts: [] });
    await expect(runToolUnguarded(tool, { url: hook.url, body: {} })).rejects.toThrow(/configure allowedHosts/);
    expect(hook.received).toHaveLength(0);
  });

  it('matches host:port exactly: another port of an allowed host is refused', async () => {
    const tool = createWebhookPost({ allowedHosts: ['127.0.0.1:1'] });
    await expect(runToolUnguarded(tool, { url: hook.url, body: {} })).rejects.toBeInstanceOf(SinkRefusedError);
    expect(hook.received).toHaveLength(0);
  });

  it.each([
    ['ftp://127.0.0.1/x', /scheme "ftp" is not allowed/],
    ['file:///etc/passwd', /scheme "file" is not allowed/],
    ['javascript:alert(1)', /scheme "javascript" is not allowed/],
  ])('refuses %s', async (url, message) => {
    const tool = createWebhookPost({ allowedHosts: ['127.0.0.1'] });
    await expect(runToolUnguarded(tool, { url, body: {} })).rejects.toThrow(message);
  });

  it('refuses credentials in the URL', async () => {
    const tool = createWebhookPost({ allowedHosts: [hook.host] });
    const url = hook.url.replace('http://', 'http://user:pw@');
    const err = (await runToolUnguarded(tool, { url, body: {} }).catch((e: unknown) => e)) as SinkRefusedError;
    expect(err).toBeInstanceOf(SinkRefusedError);
    expect(err.message).toMatch(/credentials in the URL/);
    expect(hook.received).toHaveLength(0);
  });

  it('refuses a call header that would override a configured one', async () => {
    const tool = createWebhookPost({ allowedHosts: [hook.host], headers: { authorization: 'Bearer cfg' } });
    await expect(runToolUnguarded(tool, { url: hook.url, body: {}, headers: { Authorization: 'Bearer evil' } })).rejects.toThrow(
      /cannot be overridden/,
    );
    expect(hook.received).toHaveLength(0);
  });

  it('turns a 500 answer into ToolExecutionError with the status', async () => {
    const tool = createWebhookPost({ allowedHosts: [hook.host] });
    hook.failNext(500, 'database unavailable');
    const err = (await runToolUnguarded(tool, { url: hook.url, body: {} }).catch((e: unknown) => e)) as ToolExecutionError;
    expect(err).toBeInstanceOf(ToolExecutionError);
    expect(err.message).toMatch(/answered 500: database unavailable/);
    expect(err.details).toMatchObject({ status: 500 });
  });

  it('does not follow redirects', async () => {
    const tool = createWebhookPost({ allowedHosts: [hook.host] });
    hook.failNext(302, '');
    const err = (await runToolUnguarded(tool, { url: hook.url, body: {} }).catch((e: unknown) => e)) as ToolExecutionError;
    expect(err).toBeInstanceOf(ToolExecutionError);
    expect(err.details).toMatchObject({ status: 302 });
    expect(hook.received).toHaveLength(1);
  });

  it('times out against a receiver that never answers', async () => {
    const tool = createWebhookPost({ allowedHosts: [hook.host], timeoutMs: 150 });
    hook.hangNext();
    const started = Date.now();
    await expect(runToolUnguarded(tool, { url: hook.url, body: {} })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when ctx.signal aborts', async () => {
    const tool = createWebhookPost({ allowedHosts: [hook.host] });
    hook.hangNext();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 80);
    await expect(runToolUnguarded(tool, { url: hook.url, body: {} }, { signal: ac.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('webhook_post schema, configuration and metadata', () => {
  const tool = createWebhookPost({ allowedHosts: ['hooks.example.com', '*.example.org', 'api.example.net:8443'] });

  it.each([
    [{ url: 'not a url', body: {} }, 'url'],
    [{ url: 'https://hooks.example.com/' }, 'body'],
    [{ url: 'https://hooks.example.com/', body: { d: new Date() } }, 'body'],
    [{ url: 'https://hooks.example.com/', body: {}, headers: { 'bad name': 'x' } }, 'headers.bad name'],
    [{ url: 'https://hooks.example.com/', body: {}, headers: { 'X-A': 'a\r\nInjected: 1' } }, 'headers.X-A'],
    [{ url: 'https://hooks.example.com/', body: {}, headers: { Host: 'evil' } }, 'headers.Host'],
    [{ url: 'https://hooks.example.com/', body: {}, more: 1 }, ''],
  ])('rejects %j', async (args, path) => {
    const err = (await runToolUnguarded(tool, args).catch((e: unknown) => e)) as ToolValidationError;
    expect(err).toBeInstanceOf(ToolValidationError);
    expect(err.issues.map((i) => i.path)).toContain(path);
  });

  it('rejects allow-list entries that are not hosts', () => {
    expect(() => createWebhookPost({ allowedHosts: ['https://hooks.example.com'] })).toThrow(ToolConfigError);
    expect(() => createWebhookPost({ allowedHosts: ['hooks.example.com/path'] })).toThrow(/not a host entry/);
    expect(() => createWebhookPost({ allowedHosts: ['a.*.example.com'] })).toThrow(/not a host entry/);
    expect(() => createWebhookPost({ allowedHosts: ['*'] })).toThrow(/not a host entry/);
    expect(() => createWebhookPost({ allowedHosts: ['host:99999'] })).toThrow(/invalid port/);
    expect(() => createWebhookPost({ allowedHosts: ['[::1]:8080', 'localhost'] })).not.toThrow();
    expect(() => createWebhookPost({ allowedHosts: [], headers: { 'Content-Length': '1' } })).toThrow(/managed by the HTTP client/);
  });

  it('derives JSON Schema and is an open-world sink', () => {
    const schema = tool.inputJsonSchema as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(['url', 'body', 'headers']);
    expect(schema.required).toEqual(['url', 'body']);
    expect(tool.annotations).toMatchObject({ openWorldHint: true, readOnlyHint: false, destructiveHint: false });
    expect(tool.description).toContain('hooks.example.com');
  });
});
