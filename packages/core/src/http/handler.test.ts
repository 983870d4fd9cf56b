/**
 * The HTTP API over a real server on 127.0.0.1 and a real runtime:
 * authentication, request validation, workflows, runs, violations,
 * approvals, and the JSON 404/405/413 answers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryHost } from '@agentos/docker-tools';
import { createRuntime } from '../runtime/runtime.js';
import { ToolRegistry } from '../registry.js';
import { call, startApiServer, type ApiServer } from './fixtures/api-server.js';
import { createAgentOsHandler } from './handler.js';
import { HttpConfigError } from './errors.js';

const LOGS = 'db starting\nconnecting with DB_PASSWORD=hunter2\nready';
const logsToSlack = {
  name: 'Database Health Monitor',
  steps: [
    { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
    { id: 'notify', tool: 'slack_notify', args: { channel: '#ops', text: 'db logs: {{ logs.text }}' } },
  ],
};

let api: ApiServer;
beforeAll(async () => {
  const host = createMemoryHost({ name: 'local', containers: [{ name: 'db', logs: LOGS }] });
  api = await startApiServer({ host });
});
afterAll(async () => {
  await api?.close();
});

describe('authentication', () => {
  it('answers 401 JSON without a token or with a wrong one, 200 with it', async () => {
    const none = await fetch(`${api.api}/info`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringContaining('Authorization: Bearer') } });
    const wrong = await call(api, 'GET', '/info', undefined, { authorization: 'Bearer nope-nope-nope' });
    expect(wrong.status).toBe(401);
    const ok = await call(api, 'GET', '/info');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ version: '0.1.0', docker: null, agent: false, auth: true });
  });

  it('accepts ?token= only on the event stream', async () => {
    const info = await fetch(`${api.api}/info?token=${api.token}`);
    expect(info.status).toBe(401); // EventSource needs it; other endpoints take the header only
    const events = await fetch(`${api.api}/events?token=${api.token}`);
    expect(events.status).toBe(200);
    await events.body?.cancel();
    const wrong = await fetch(`${api.api}/events?token=wrong-token-value`);
    expect(wrong.status).toBe(401);
  });

  it('refuses to create a handler without an auth choice, explaining the choices', () => {
    const runtime = createRuntime({ registry: new ToolRegistry(), policies: {} });
    expect(() => createAgentOsHandler(runtime, {} as never)).toThrow(HttpConfigError);
    expect(() => createAgentOsHandler(runtime, {} as never)).toThrow(/auth: \{ token: .*auth: \{ check: .*auth: 'none'/s);
    expect(() => createAgentOsHandler(runtime, { auth: { token: 'short' } })).toThrow(/at least 8 characters/);
  });

  describe('check callback and none', () => {
    const servers: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => s.close()));
    });
    async function serve(auth: Parameters<typeof createAgentOsHandler>[1]['auth']) {
      const runtime = createRuntime({ registry: new ToolRegistry(), policies: {} });
      const handler = createAgentOsHandler(runtime, { auth, onError: () => {} });
      const server = http.createServer((req, res) => handler(req, res));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.push({ close: () => new Promise<void>((r) => server.close(() => r())) });
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    }

    it('lets the check decide, and a throwing check never lets a request through', async () => {
      const url = await serve({ check: (req) => req.headers['x-operator'] === 'alice' });
      expect((await fetch(`${url}/info`, { headers: { 'x-operator': 'alice' } })).status).toBe(200);
      expect((await fetch(`${url}/info`, { headers: { 'x-operator': 'mallory' } })).status).toBe(401);
      const throwing = await serve({
        check: () => {
          throw new Error('session store down');
        },
      });
      const res = await fetch(`${throwing}/info`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: 'AUTH_CHECK_FAILED', message: 'the authentication check failed' } });
    });

    it("'none' serves without a token and says so in /info", async () => {
      const url = await serve('none');
      const res = await fetch(`${url}/info`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ auth: false });
    });
  });
});

describe('routing and errors', () => {
  it('answers unknown paths under the base path with 404 JSON, wrong methods with 405 and Allow', async () => {
    const missing = await call(api, 'GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('/nope') });
    const wrongMethod = await call(api, 'DELETE', '/runs');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect(wrongMethod.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers paths outside the base path with 404, or passes them to next()', async () => {
    const outside = await fetch(`${api.origin}/index.html`);
    expect(outside.status).toBe(404);
    const runtime = createRuntime({ registry: new ToolRegistry(), policies: {} });
    const handler = createAgentOsHandler(runtime, { auth: 'none', basePath: '/agentos/' });
    const server = http.createServer((req, res) => handler(req, res, () => res.writeHead(200, { 'content-type': 'text/plain' }).end('static')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await (await fetch(`${origin}/index.html`)).text()).toBe('static');
      expect(await (await fetch(`${origin}/agentos/info`)).json()).toMatchObject({ version: '0.1.0' });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('has CORS off by default, and answers allowed origins when configured', async () => {
    const plain = await fetch(`${api.api}/info`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${api.token}` } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${api.api}/info`, { method: 'OPTIONS' })).status).toBe(405);

    const runtime = createRuntime({ registry: new ToolRegistry(), policies: {} });
    const handler = createAgentOsHandler(runtime, { auth: { token: 'cors-token-123' }, cors: { origins: ['https://ops.example'] } });
    const server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/info`;
      const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://ops.example', 'access-control-request-method': 'GET' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://ops.example');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
      const other = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
      expect(other.status).toBe(403);
      const denied = await fetch(url, { headers: { origin: 'https://ops.example' } });
      expect(denied.status).toBe(401);
      expect(denied.headers.get('access-control-allow-origin')).toBe('https://ops.example');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('answers bad JSON with 400 and a body over 1 MiB with 413', async () => {
    const bad = await call(api, 'POST', '/workflows/validate', '{"workflow": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_JSON');
    const big = await call(api, 'POST', '/workflows/validate', { workflow: { name: 'x'.repeat(1024 * 1024 + 10) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 413 for a chunked body that grows past 1 MiB', async () => {
    const { port } = api.server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/runs', method: 'POST', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('validates bodies and queries with zod and names the path', async () => {
    const approve = await call(api, 'POST', '/approvals/run_x/step/approve', { by: '' });
    expect(approve.status).toBe(400);
    expect(approve.body.error).toMatchObject({ code: 'VALIDATION', path: 'by' });
    const extra = await call(api, 'POST', '/approvals/run_x/step/reject', { by: 'alice', mood: 'grumpy' });
    expect(extra.body.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('unknown key "mood"') });
    const limit = await call(api, 'GET', '/runs?limit=zero');
    expect(limit.status).toBe(400);
    expect(limit.body.error).toMatchObject({ code: 'VALIDATION', path: 'limit' });
    const container = await call(api, 'POST', '/containers/db;rm -rf/actions/restart', {});
    expect(container.status).toBe(400);
    expect(container.body.error).toMatchObject({ code: 'VALIDATION', path: 'name', message: expect.stringMatching(/container name/) });
    const longName = await call(api, 'GET', `/workflows/${'w'.repeat(121)}`);
    expect(longName.body.error).toMatchObject({ code: 'VALIDATION', path: 'name' });
    const action = await call(api, 'POST', '/containers/db/actions/explode', {});
    expect(action.status).toBe(404);
    expect(action.body.error).toMatchObject({ code: 'UNKNOWN_ACTION', path: 'action' });
  });

  it('never leaks a stack trace', async () => {
    const res = await call(api, 'POST', '/runs', { workflow: { name: 'x', steps: [{ id: 'a', tool: 'nope' }] } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at /);
  });
});

describe('tools and workflows', () => {
  it('lists the registered tools with their JSON Schemas', async () => {
    const { body } = await call(api, 'GET', '/tools');
    const names = body.tools.map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(['docker_logs', 'docker_restart', 'slack_notify']));
    expect(body.tools.find((t: { name: string }) => t.name === 'slack_notify')).toMatchObject({ inputSchema: { type: 'object' }, source: { kind: 'local' } });
  });

  it('saves, lists, loads and deletes workflows; a bad one is a 400 with its path', async () => {
    const saved = await call(api, 'PUT', `/workflows/${encodeURIComponent(logsToSlack.name)}`, logsToSlack);
    expect(saved.status).toBe(200);
    expect(saved.body.workflow).toMatchObject({ name: 'Database Health Monitor', steps: [{ id: 'logs' }, { id: 'notify' }] });
    expect((await call(api, 'GET', '/workflows')).body.workflows.map((w: { name: string }) => w.name)).toContain('Database Health Monitor');
    expect((await call(api, 'GET', '/workflows/Database%20Health%20Monitor')).body.workflow.steps).toHaveLength(2);

    const unknownTool = await call(api, 'PUT', '/workflows/Broken', { name: 'Broken', steps: [{ id: 'a', tool: 'docker_logs', args: { container: 'db' } }, { id: 'b', tool: 'docker_nuke' }] });
    expect(unknownTool.status).toBe(400);
    expect(unknownTool.body.error).toMatchObject({ code: 'WORKFLOW_INVALID', path: 'steps[1].tool' });
    const mismatch = await call(api, 'PUT', '/workflows/Other', logsToSlack);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.path).toBe('name');

    expect((await call(api, 'DELETE', '/workflows/Database%20Health%20Monitor')).body).toEqual({ deleted: true });
    expect((await call(api, 'GET', '/workflows/Database%20Health%20Monitor')).status).toBe(404);
    expect((await call(api, 'DELETE', '/workflows/Database%20Health%20Monitor')).status).toBe(404);
  });

  it('validates a workflow (200 either way) with the issues and their paths', async () => {
    expect((await call(api, 'POST', '/workflows/validate', { workflow: logsToSlack })).body).toEqual({ ok: true });
    const bad = await call(api, 'POST', '/workflows/validate', {
      workflow: { name: 'Bad', steps: [{ id: 'notify', tool: 'slack_notify', args: { text: '{{ logs.text }}' } }] },
    });
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual({ ok: false, issues: [{ path: 'steps[0].args.text', message: expect.stringContaining('unknown step "logs"') }] });
  });

  it('previews docker_logs → slack_notify: the notify step is blocked, with the reason', async () => {
    const { status, body } = await call(api, 'POST', '/workflows/preview', { workflow: logsToSlack });
    expect(status).toBe(200);
    expect(body.blocked).toEqual(['notify']);
    expect(body.steps[1]).toMatchObject({ id: 'notify', tool: 'slack_notify', verdict: 'block', sources: ['logs'] });
    expect(body.steps[1].reason).toContain('Cannot send untrusted data externally');
    expect(body.steps[0]).toMatchObject({ id: 'logs', verdict: 'allow', output: 'untrusted' });
  });
});

describe('runs, violations and approvals', () => {
  it('runs a workflow (202), then lists it and shows the blocked step and the ⛔ line', async () => {
    const before = api.slack.received.length;
    const started = await call(api, 'POST', '/runs', { workflow: logsToSlack });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    const run = await api.runtime.getRun(runId);
    expect(run?.workflow).toBe('Database Health Monitor');
    // Wait for the end through the API.
    let record;
    for (let i = 0; i < 100; i++) {
      record = (await call(api, 'GET', `/runs/${runId}`)).body.run;
      if (record.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(record.status).toBe('succeeded_with_violations');
    expect(record.steps.notify).toMatchObject({ status: 'blocked' });
    expect(api.slack.received.length).toBe(before);

    expect((await call(api, 'GET', '/runs?limit=5')).body.runs.map((r: { id: string }) => r.id)).toContain(runId);
    expect((await call(api, 'GET', '/runs/run_missing')).status).toBe(404);

    const v = await call(api, 'GET', '/violations?workflow=Database%20Health%20Monitor&tool=slack_notify&limit=10');
    expect(v.status).toBe(200);
    expect(v.body.violations[0]).toMatchObject({ tool: 'slack_notify', run: runId, sources: [{ step: 'logs', tool: 'docker_logs' }] });
    expect(v.body.lines[0]).toMatch(/^⛔ just now · Workflow: "Database Health Monitor" · Tool: slack_notify · Reason: Blocked — untrusted data context.* · Source: docker_logs$/);
    expect(JSON.stringify(v.body)).not.toContain('hunter2');
  });

  it('runs a saved workflow by name, and 404s an unknown name', async () => {
    await call(api, 'PUT', '/workflows/Status', { name: 'Status', steps: [{ id: 'list', tool: 'docker_list', args: {} }] });
    const started = await call(api, 'POST', '/runs', { name: 'Status' });
    expect(started.status).toBe(202);
    const run = await api.runtime.getRun(started.body.runId);
    expect(run?.workflow).toBe('Status');
    expect((await call(api, 'POST', '/runs', { name: 'Nope' })).status).toBe(404);
  });

  it('lists pending approvals; approve resumes the run, reject blocks the step', async () => {
    const page = (text: string) => ({ name: `Page ${text}`, steps: [{ id: 'page', tool: 'page_oncall', args: { to: 'oncall', text } }] });
    const a = (await call(api, 'POST', '/runs', { workflow: page('approve me') })).body.runId as string;
    const b = (await call(api, 'POST', '/runs', { workflow: page('reject me') })).body.runId as string;
    const waitPending = async () => {
      for (let i = 0; i < 100; i++) {
        const { body } = await call(api, 'GET', '/approvals');
        if (body.approvals.length >= 2) return body.approvals;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('approvals did not appear');
    };
    const approvals = await waitPending();
    expect(approvals.map((p: { runId: string }) => p.runId).sort()).toEqual([a, b].sort());
    expect(approvals.find((p: { runId: string }) => p.runId === a)).toMatchObject({ stepId: 'page', tool: 'page_oncall', args: { to: 'oncall', text: 'approve me' } });

    expect((await call(api, 'POST', `/approvals/${a}/page/approve`, { by: 'alice' })).body).toEqual({ ok: true });
    expect((await call(api, 'POST', `/approvals/${b}/page/reject`, { by: 'bob', reason: 'not now' })).body).toEqual({ ok: true });
    const ra = await api.runtime.getRun(a);
    const doneA = ra?.status === 'succeeded' ? ra : await waitRun(a);
    expect(doneA.steps.page).toMatchObject({ status: 'succeeded', approvedBy: 'alice' });
    expect(api.paged).toEqual([{ to: 'oncall', text: 'approve me' }]);
    const doneB = await waitRun(b);
    expect(doneB.steps.page).toMatchObject({ status: 'blocked', reason: 'Rejected by bob: not now' });

    const again = await call(api, 'POST', `/approvals/${a}/page/approve`, { by: 'alice' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOT_AWAITING_APPROVAL');
    expect((await call(api, 'POST', '/approvals/run_nope/page/approve', { by: 'alice' })).status).toBe(404);
  });
});

async function waitRun(id: string) {
  for (let i = 0; i < 200; i++) {
    const run = await api.runtime.getRun(id);
    if (run && !['running', 'awaiting_approval'].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`run ${id} did not end`);
}
