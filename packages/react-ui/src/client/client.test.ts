/**
 * The browser client against a real AgentOS server (Node's http on
 * 127.0.0.1, a real runtime, a memory Docker host and its monitor). Node has
 * no EventSource, so `subscribe` runs on its fetch-streaming transport here.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerMonitor, createMemoryHost, type ContainerMonitor, type MemoryDockerHost } from '@agentos/docker-tools';
import { startApiServer, type ApiServer } from '../../../core/src/http/fixtures/api-server.js';
import { AgentOsHttpError, createAgentOsClient, type AgentOsEvent, type AgentOsClient, type SubscriptionStatus } from './index.js';

const LOGS = 'db ready\nDB_PASSWORD=hunter2';
const logsToSlack = {
  name: 'Database Health Monitor',
  steps: [
    { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
    { id: 'notify', tool: 'slack_notify', args: { text: 'db: {{ logs.text }}' } },
  ],
};

let host: MemoryDockerHost;
let monitor: ContainerMonitor;
let api: ApiServer;
let client: AgentOsClient;

beforeAll(async () => {
  host = createMemoryHost({ name: 'local', containers: [{ name: 'db', healthcheck: true, logs: LOGS }] });
  monitor = createContainerMonitor(host);
  await monitor.start();
  api = await startApiServer({
    host,
    monitor,
    handler: {
      agent: {
        async *chat(message: string) {
          yield { type: 'plan', steps: ['docker_restart'] };
          yield { type: 'answer', text: `Done: ${message}` };
        },
      },
    },
  });
  client = createAgentOsClient(`${api.api}/`, { token: api.token });
});
afterAll(async () => {
  await api?.close();
  await monitor?.stop();
  await host?.close();
});

/** Collects events and statuses of one subscription. */
function collect(c: AgentOsClient = client, options: { reconnectMs?: number } = {}) {
  const events: AgentOsEvent[] = [];
  const statuses: Array<{ status: SubscriptionStatus; error?: AgentOsHttpError; retryInMs?: number }> = [];
  const stop = c.subscribe((e) => events.push(e), { onStatus: (status, d) => statuses.push({ status, ...d }), reconnectMs: options.reconnectMs ?? 50 });
  const waitFor = async <T extends AgentOsEvent>(pred: (e: AgentOsEvent) => e is T, from = 0, timeoutMs = 5000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.slice(from).find(pred);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`event not seen; got ${events.map((e) => e.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { events, statuses, stop, waitFor };
}

const is =
  <K extends AgentOsEvent['type']>(type: K, extra: (e: Extract<AgentOsEvent, { type: K }>) => boolean = () => true) =>
  (e: AgentOsEvent): e is Extract<AgentOsEvent, { type: K }> =>
    e.type === type && extra(e as Extract<AgentOsEvent, { type: K }>);

async function until(pred: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('calls', () => {
  it('reads info, tools and containers', async () => {
    expect(await client.info()).toEqual({ version: '0.1.0', docker: { kind: 'memory', description: expect.stringContaining('in-memory') }, agent: true, auth: true });
    expect((await client.tools()).map((t) => t.name)).toEqual(expect.arrayContaining(['docker_logs', 'slack_notify']));
    const { containers, docker } = await client.containers();
    expect(docker?.kind).toBe('memory');
    expect(containers).toEqual([expect.objectContaining({ name: 'db', state: 'running', host: 'local' })]);
  });

  it('throws AgentOsHttpError with status, code, message and path', async () => {
    const anonymous = createAgentOsClient(api.api);
    const e401 = await anonymous.info().catch((e: unknown) => e);
    expect(e401).toBeInstanceOf(AgentOsHttpError);
    expect(e401).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });

    const bad = await client.workflows.save({ name: 'Bad', steps: [{ id: 'a', tool: 'docker_logs', args: { container: 'db' } }, { id: 'b', tool: 'docker_nuke' }] }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, code: 'WORKFLOW_INVALID', path: 'steps[1].tool', issues: [{ path: 'steps[1].tool', message: expect.stringContaining('docker_nuke') }] });
    expect((bad as Error).message).toContain('unknown tool "docker_nuke"');

    const missing = await client.runs.get('run_missing').catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND', path: 'id' });
  });

  it('reports an unreachable server as status 0 NETWORK_ERROR', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const e = await createAgentOsClient(`http://127.0.0.1:${port}/api`).info().catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 0, code: 'NETWORK_ERROR', message: expect.stringContaining(`127.0.0.1:${port}`) });
  });

  it('saves, lists, gets, validates, previews and removes workflows', async () => {
    expect(await client.workflows.save(logsToSlack)).toMatchObject({ name: 'Database Health Monitor' });
    expect((await client.workflows.list()).map((w) => w.name)).toContain('Database Health Monitor');
    expect((await client.workflows.get('Database Health Monitor')).steps).toHaveLength(2);
    expect(await client.workflows.validate(logsToSlack)).toEqual({ ok: true });
    expect(await client.workflows.validate({ name: 'x', steps: [] })).toEqual({ ok: false, issues: [{ path: 'steps', message: 'a workflow needs at least one step' }] });
    const preview = await client.workflows.preview(logsToSlack);
    expect(preview.blocked).toEqual(['notify']);
    expect(preview.steps.find((s) => s.id === 'notify')?.reason).toContain('Cannot send untrusted data externally');
    await client.workflows.remove('Database Health Monitor');
    await expect(client.workflows.get('Database Health Monitor')).rejects.toMatchObject({ status: 404 });
  });

  it('runs container actions through the server', async () => {
    expect(await client.containerAction('db', 'restart')).toMatchObject({ status: 'done', message: 'Restarted db' });
    const alert = await client.containerAction('db', 'alert', { host: 'local' });
    expect(alert).toMatchObject({ status: 'blocked', message: 'Alert displayed on screen only: the data comes from docker_logs' });
    expect(alert.output?.text).toContain('Alert for db: db ready');
    expect(api.slack.received).toHaveLength(0);
    await expect(client.containerAction('db', 'fix-suggestion')).rejects.toMatchObject({ status: 501, code: 'NO_LLM' });
  });

  it('approves and rejects waiting steps', async () => {
    const page = (text: string) => ({ workflow: { name: `Page ${text}`, steps: [{ id: 'page', tool: 'page_oncall', args: { to: 'oncall', text } }] } });
    const a = (await client.runs.start(page('yes'))).runId;
    const b = (await client.runs.start(page('no'))).runId;
    let pending = await client.approvals.list();
    for (let i = 0; i < 100 && pending.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      pending = await client.approvals.list();
    }
    expect(pending.map((p) => p.runId).sort()).toEqual([a, b].sort());
    await client.approvals.approve(a, 'page', 'alice');
    await client.approvals.reject(b, 'page', 'bob', 'not tonight');
    await until(() => api.paged.length === 1);
    expect(api.paged).toEqual([{ to: 'oncall', text: 'yes' }]);
    let runB = await client.runs.get(b);
    for (let i = 0; i < 100 && runB.status === 'awaiting_approval'; i++) runB = await client.runs.get(b);
    expect(runB.steps.page).toMatchObject({ status: 'blocked', reason: 'Rejected by bob: not tonight' });
    await expect(client.approvals.approve(a, 'page', 'alice')).rejects.toMatchObject({ status: 409 });
  });

  it('streams agent chat events', async () => {
    const seen = [];
    for await (const e of client.chat('restart db')) seen.push(e);
    expect(seen).toEqual([
      { type: 'plan', steps: ['docker_restart'] },
      { type: 'answer', text: 'Done: restart db' },
    ]);
  });
});

describe('subscribe (fetch streaming, as in Node)', () => {
  it('uses fetch streaming here: Node 20 has no EventSource', () => {
    expect((globalThis as { EventSource?: unknown }).EventSource).toBeUndefined();
  });

  it('delivers hello, the snapshot and a run with its ⛔ violation line; reports connected', async () => {
    const sub = collect();
    try {
      await sub.waitFor(is('hello'));
      expect(sub.statuses.map((s) => s.status)).toEqual(['connecting', 'connected']);
      const snapshot = await sub.waitFor(is('containers:snapshot'));
      expect(snapshot.data.containers[0]).toMatchObject({ name: 'db' });

      const { runId } = await client.runs.start({ workflow: logsToSlack });
      const end = await sub.waitFor(is('run:end', (e) => e.data.run.id === runId));
      expect(end.data.run.status).toBe('succeeded_with_violations');
      const blocked = await sub.waitFor(is('step:blocked', (e) => e.data.runId === runId));
      expect(blocked.data).toMatchObject({ stepId: 'notify', tool: 'slack_notify' });
      const violation = await sub.waitFor(is('violation', (e) => e.data.violation.run === runId));
      expect(violation.data.line).toMatch(/^⛔ just now · Workflow: "Database Health Monitor" · Tool: slack_notify · .* · Source: docker_logs$/);
      const types = sub.events.filter((e) => ('runId' in e.data ? e.data.runId : 'run' in e.data ? e.data.run.id : undefined) === runId).map((e) => e.type);
      expect(types[0]).toBe('run:start');
      expect(types.at(-1)).toBe('run:end');

      const { violations, lines } = await client.violations({ workflow: 'Database Health Monitor', tool: 'slack_notify', limit: 5 });
      expect(violations[0]?.run).toBe(runId);
      expect(lines[0]).toBe(violation.data.line);
    } finally {
      sub.stop();
    }
  });

  it('delivers live container updates', async () => {
    const sub = collect();
    try {
      await sub.waitFor(is('containers:snapshot'));
      host.setHealth('db', 'unhealthy', 'refused');
      const update = await sub.waitFor(is('container:update', (e) => e.data.change === 'health'));
      expect(update.data).toMatchObject({ from: 'healthy', to: 'unhealthy', container: { name: 'db', health: 'unhealthy' } });
    } finally {
      sub.stop();
      host.setHealth('db', 'healthy');
    }
  });

  it('reconnects by itself after the connection drops, reporting disconnected then connected', async () => {
    const sub = collect();
    try {
      await sub.waitFor(is('hello'));
      const hellos = () => sub.events.filter((e) => e.type === 'hello').length;
      api.server.closeAllConnections();
      await until(() => hellos() === 2);
      const seq = sub.statuses.map((s) => s.status);
      expect(seq).toEqual(['connecting', 'connected', 'disconnected', 'connecting', 'connected']);
      expect(sub.statuses[2]!.retryInMs).toBe(50);
    } finally {
      sub.stop();
    }
  });

  it('reports a refused subscription (wrong token) with the server error and keeps retrying', async () => {
    const sub = collect(createAgentOsClient(api.api, { token: 'wrong-token-value' }), { reconnectMs: 20 });
    try {
      await until(() => sub.statuses.filter((s) => s.status === 'disconnected').length >= 2);
      const down = sub.statuses.find((s) => s.status === 'disconnected')!;
      expect(down.error).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
      const delays = sub.statuses.filter((s) => s.status === 'disconnected').map((s) => s.retryInMs);
      expect(delays.slice(0, 2)).toEqual([20, 40]);
      expect(sub.events).toEqual([]);
    } finally {
      sub.stop();
    }
  });

  it('stops delivering after unsubscribe, and the server drops its listeners', async () => {
    const sub = collect();
    await sub.waitFor(is('hello'));
    expect(api.runtime.listenerCount('run:end')).toBeGreaterThan(0);
    sub.stop();
    const count = sub.events.length;
    const statuses = sub.statuses.length;
    await until(() => api.runtime.listenerCount('run:end') === 0);
    await client.runs.start({ workflow: logsToSlack });
    await new Promise((r) => setTimeout(r, 100));
    expect(sub.events.length).toBe(count);
    expect(sub.statuses.length).toBe(statuses);
  });
});
