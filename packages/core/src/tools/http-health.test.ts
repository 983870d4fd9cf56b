import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, SinkRefusedError, ToolValidationError } from '../errors.js';
import { startWebhookReceiver, type HttpReceiver } from '../testing/receivers.js';
import { runToolUnguarded } from '../testing/run-tool.js';
import { createHttpHealth, type HttpHealthOutput } from './http-health.js';

let service: HttpReceiver;
beforeAll(async () => {
  service = await startWebhookReceiver();
});
afterAll(async () => {
  await service?.close();
});
afterEach(() => {
  service.received.length = 0;
});

const check = (tool: ReturnType<typeof createHttpHealth>, args: unknown, signal?: AbortSignal) =>
  runToolUnguarded(tool, args, signal ? { signal } : {}) as Promise<HttpHealthOutput>;

describe('http_health against a real local service', () => {
  it('reports a healthy endpoint with status and latency, using GET', async () => {
    const out = await check(createHttpHealth(), { url: `${service.origin}/healthz` });
    expect(out).toMatchObject({ url: `${service.origin}/healthz`, ok: true, status: 200 });
    expect(out.latencyMs).toBeGreaterThanOrEqual(0);
    expect(out.latencyMs).toBeLessThan(2000);
    expect(out.error).toBeUndefined();
    expect(service.received[0]).toMatchObject({ method: 'GET', path: '/healthz' });
  });

  it('reports a 503 as not ok, without throwing', async () => {
    service.failNext(503, 'down');
    const out = await check(createHttpHealth(), { url: service.url });
    expect(out).toMatchObject({ ok: false, status: 503, error: 'unhealthy status 503' });
  });

  it('compares with expectStatus', async () => {
    service.failNext(204);
    expect(await check(createHttpHealth(), { url: service.url, expectStatus: 204 })).toMatchObject({ ok: true, status: 204 });
    const out = await check(createHttpHealth(), { url: service.url, expectStatus: 204 });
    expect(out).toMatchObject({ ok: false, status: 200, error: 'expected status 204, got 200' });
  });

  it('reports a redirect as is (not followed)', async () => {
    service.failNext(301, '');
    const out = await check(createHttpHealth(), { url: service.url });
    expect(out).toMatchObject({ ok: true, status: 301 });
    expect(service.received).toHaveLength(1);
  });

  it('reports a refused connection as ok:false with the reason', async () => {
    const gone = await startWebhookReceiver();
    await gone.close();
    const out = await check(createHttpHealth(), { url: gone.url });
    expect(out.ok).toBe(false);
    expect(out.status).toBeNull();
    expect(out.error).toMatch(/connection refused/);
  });

  it('reports a service that never answers as ok:false within the per-call timeout', async () => {
    service.hangNext();
    const started = Date.now();
    const out = await check(createHttpHealth({ timeoutMs: 10_000 }), { url: service.url, timeoutMs: 150 });
    expect(out).toMatchObject({ ok: false, status: null, error: 'no response within 150 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('throws CancelledError when ctx.signal aborts (cancellation is not a health result)', async () => {
    service.hangNext();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 80);
    await expect(check(createHttpHealth(), { url: service.url }, ac.signal)).rejects.toBeInstanceOf(CancelledError);
  });

  it('refuses hosts outside allowedHosts before any request', async () => {
    const tool = createHttpHealth({ allowedHosts: ['status.example.com'] });
    await expect(check(tool, { url: service.url })).rejects.toBeInstanceOf(SinkRefusedError);
    await expect(check(createHttpHealth({ allowedHosts: [] }), { url: service.url })).rejects.toThrow(/configure allowedHosts/);
    expect(service.received).toHaveLength(0);
    expect((await check(createHttpHealth({ allowedHosts: [service.host] }), { url: service.url })).ok).toBe(true);
  });

  it('refuses credentials in the URL', async () => {
    await expect(check(createHttpHealth(), { url: service.url.replace('http://', 'http://u:p@') })).rejects.toThrow(/credentials/);
    expect(service.received).toHaveLength(0);
  });
});

describe('http_health schema and metadata', () => {
  const tool = createHttpHealth();

  it.each([
    [{ url: 'not a url' }, 'url'],
    [{ url: 'ftp://example.com/' }, 'url'],
    [{ url: 'http://example.com/', expectStatus: 42 }, 'expectStatus'],
    [{ url: 'http://example.com/', timeoutMs: 0 }, 'timeoutMs'],
    [{ url: 'http://example.com/', timeoutMs: 60_001 }, 'timeoutMs'],
    [{}, 'url'],
  ])('rejects %j as a validation error', async (args, path) => {
    const err = (await runToolUnguarded(tool, args).catch((e: unknown) => e)) as ToolValidationError;
    expect(err).toBeInstanceOf(ToolValidationError);
    expect(err.issues[0]!.path).toBe(path);
  });

  it('derives JSON Schema', () => {
    const schema = tool.inputJsonSchema as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(['url', 'expectStatus', 'timeoutMs']);
    expect(schema.required).toEqual(['url']);
    expect(Object.keys((tool.outputJsonSchema as { properties: object }).properties)).toEqual(['url', 'ok', 'status', 'latencyMs', 'error']);
  });

  it('is read-only and open-world; only ok/status/latencyMs are trusted', () => {
    expect(tool.annotations).toMatchObject({
      readOnlyHint: true,
      openWorldHint: true,
      trust: { default: 'untrusted', trustedFields: ['ok', 'status', 'latencyMs'] },
    });
  });
});
