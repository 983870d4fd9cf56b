import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackReceiver, type HttpReceiver } from '@agentos/core/testing';
import { createMemoryHost } from '@agentos/docker-tools/testing';
import { startMonitorApp, type MonitorApp } from './server.js';

const TOKEN = 'server-test-token-123';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startMonitorApp (in-memory host)', () => {
  let dist: string;
  let slack: HttpReceiver;
  const apps: MonitorApp[] = [];
  const start = async (extra: Partial<Parameters<typeof startMonitorApp>[0]> = {}) => {
    const app = await startMonitorApp({
      port: 0,
      token: TOKEN,
      slackWebhookUrl: slack.url,
      docker: [createMemoryHost({ name: 'demo', containers: [{ name: 'db', healthcheck: true, logs: 'DB_PASSWORD=hunter2\n' }] })],
      staticDir: dist,
      ...extra,
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'monitor-dist-'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
    slack = await startSlackReceiver();
  });
  afterAll(async () => {
    await Promise.allSettled(apps.map((a) => a.close()));
    await slack.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('binds to 127.0.0.1, requires the token on the API, and reports the in-memory host', async () => {
    const app = await start();
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(app.docker.kind).toBe('memory');
    expect((await get(`${app.url}/api/info`)).status).toBe(401);
    const info = await get(`${app.url}/api/info`, { authorization: `Bearer ${TOKEN}` });
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({ docker: { kind: 'memory' }, agent: false, auth: true });
  });

  it('hands the token to the page only on loopback, and refuses foreign Host names (DNS rebinding)', async () => {
    const app = await start();
    expect(app.tokenInPage).toBe(true);
    const page = await get(`${app.url}/`);
    expect(page.body).toContain(`<meta name="agentos-token" content="${TOKEN}">`);
    const port = new URL(app.url).port;
    const rebound = await get(`${app.url}/`, { host: `evil.example:${port}` });
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain(TOKEN);
    expect((await get(`${app.url}/`, { host: `localhost:${port}` })).status).toBe(200);

    const asking = await start({ tokenInPage: false });
    expect((await get(`${asking.url}/`)).body).not.toContain(TOKEN);
  });

  it('refuses to put the token in the page of an app bound to all interfaces', async () => {
    await expect(start({ host: '0.0.0.0', tokenInPage: true })).rejects.toThrow(/tokenInPage needs a loopback address/);
  });

  it('keeps docker_logs data away from Slack: the alert action is blocked and nothing is posted', async () => {
    const app = await start();
    const res = await fetch(`${app.url}/api/containers/db/actions/alert`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const result = (await res.json()) as { status: string; message: string };
    expect(result).toMatchObject({ status: 'blocked', message: 'Alert displayed on screen only: the data comes from docker_logs' });
    expect(slack.received).toEqual([]);
  });
});
