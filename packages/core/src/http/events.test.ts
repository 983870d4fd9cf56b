/**
 * `GET /events` over a real server: hello, the container snapshot and live
 * updates from a memory-host monitor, runtime events of a real run, the
 * ping comment, and listener cleanup when clients go away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerMonitor, createMemoryHost, type ContainerMonitor, type MemoryDockerHost } from '@agentos/docker-tools';
import { call, openEvents, startApiServer, type ApiServer } from './fixtures/api-server.js';

let host: MemoryDockerHost;
let monitor: ContainerMonitor;
let api: ApiServer;

beforeAll(async () => {
  host = createMemoryHost({
    name: 'local',
    containers: [
      { name: 'db', healthcheck: true, logs: 'db ready\nDB_PASSWORD=hunter2', labels: { team: 'data' } },
      { name: 'web', image: 'memory/web:1' },
    ],
  });
  monitor = createContainerMonitor(host, { backoff: () => 20 });
  await monitor.start();
  api = await startApiServer({ host, monitor, handler: { pingMs: 100 } });
});
afterAll(async () => {
  await api?.close();
  await monitor?.stop();
  await host?.close();
});

const auth = () => ({ authorization: `Bearer ${api.token}` });

/** Listener counts of everything the stream subscribes to. */
function listenerCounts() {
  const runtimeEvents = ['run:start', 'step:start', 'step:end', 'step:blocked', 'step:approval', 'run:paused', 'run:end', 'violation'] as const;
  const monitorEvents = ['snapshot', 'container:state', 'container:health', 'container:die', 'container:oom', 'container:restart', 'disconnected', 'reconnected'] as const;
  return {
    runtime: runtimeEvents.reduce((n, e) => n + api.runtime.listenerCount(e), 0),
    monitor: monitorEvents.reduce((n, e) => n + monitor.listenerCount(e), 0),
  };
}

async function until(pred: () => boolean, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('GET /events', () => {
  it('sends hello, then the container snapshot and the monitor status, with SSE headers', async () => {
    const events = await openEvents(`${api.api}/events`, auth());
    try {
      expect(events.status).toBe(200);
      expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(events.headers.get('cache-control')).toBe('no-cache');
      expect(events.headers.get('x-accel-buffering')).toBe('no');
      await events.waitFor((m) => m.event === 'monitor:status');
      expect(events.messages.map((m) => m.event).slice(0, 3)).toEqual(['hello', 'containers:snapshot', 'monitor:status']);
      expect(events.messages[0]!.data.time).toEqual(expect.any(Number));
      const snapshot = events.messages[1]!.data.containers;
      expect(snapshot.map((c: { name: string }) => c.name).sort()).toEqual(['db', 'web']);
      expect(snapshot.find((c: { name: string }) => c.name === 'db')).toMatchObject({
        state: 'running',
        health: 'healthy',
        host: 'local',
        restartCount: 0,
        labels: { team: 'data' },
        uptimeSeconds: expect.any(Number),
      });
      expect(events.messages[2]!.data).toEqual({ connected: true });
    } finally {
      await events.close();
    }
  });

  it('sends live container updates from the monitor', async () => {
    const events = await openEvents(`${api.api}/events`, auth());
    try {
      await events.waitFor((m) => m.event === 'containers:snapshot');
      host.setHealth('db', 'unhealthy', 'connection refused');
      const health = await events.waitFor((m) => m.event === 'container:update' && m.data.change === 'health');
      expect(health.data).toMatchObject({ change: 'health', from: 'healthy', to: 'unhealthy', container: { name: 'db', health: 'unhealthy', host: 'local' }, time: expect.any(Number) });
      host.crash('web', 3);
      const die = await events.waitFor((m) => m.event === 'container:update' && m.data.change === 'die');
      expect(die.data).toMatchObject({ container: { name: 'web', state: 'exited' }, exitCode: 3 });
      // The REST view agrees.
      const { body } = await call(api, 'GET', '/containers');
      expect(body.docker).toEqual({ kind: 'memory', description: 'local: in-memory Docker host (no daemon)' });
      expect(body.containers.find((c: { name: string }) => c.name === 'db').health).toBe('unhealthy');
      expect(body.containers.find((c: { name: string }) => c.name === 'web').state).toBe('exited');
    } finally {
      await events.close();
      await host.start('web');
      host.setHealth('db', 'healthy');
    }
  });

  it('reports the monitor losing and regaining the daemon, then re-sends the snapshot', async () => {
    const events = await openEvents(`${api.api}/events`, auth());
    try {
      await events.waitFor((m) => m.event === 'containers:snapshot');
      const before = events.messages.length;
      host.failEventStreams();
      const down = await events.waitFor((m) => m.event === 'monitor:status' && m.data.connected === false);
      expect(down.data).toMatchObject({ host: 'local', reason: expect.stringMatching(/.+/) });
      await events.waitFor((m) => m.event === 'monitor:status' && m.data.connected === true && m.data.host === 'local');
      const later = events.messages.slice(before);
      expect(later.some((m) => m.event === 'containers:snapshot')).toBe(true);
    } finally {
      await events.close();
    }
  });

  it('streams a run: run:start … step:blocked, the violation with its ⛔ line, run:end', async () => {
    const events = await openEvents(`${api.api}/events?token=${api.token}`);
    try {
      await events.waitFor((m) => m.event === 'hello');
      const { body } = await call(api, 'POST', '/runs', {
        workflow: {
          name: 'Database Health Monitor',
          steps: [
            { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
            { id: 'notify', tool: 'slack_notify', args: { text: 'db: {{ logs.text }}' } },
          ],
        },
      });
      const end = await events.waitFor((m) => m.event === 'run:end' && m.data.run.id === body.runId);
      expect(end.data.run.status).toBe('succeeded_with_violations');
      const mine = events.messages.filter((m) => (m.data.run?.id ?? m.data.runId ?? m.data.violation?.run) === body.runId);
      const names = mine.map((m) => m.event);
      expect(names[0]).toBe('run:start');
      expect(names.at(-1)).toBe('run:end');
      expect(names).toEqual(expect.arrayContaining(['step:start', 'step:end', 'step:blocked', 'violation']));
      const blocked = mine.find((m) => m.event === 'step:blocked')!;
      expect(blocked.data).toMatchObject({ stepId: 'notify', tool: 'slack_notify', workflow: 'Database Health Monitor', reason: expect.stringContaining('untrusted') });
      const violation = mine.find((m) => m.event === 'violation')!;
      expect(violation.data.violation).toMatchObject({ tool: 'slack_notify', sources: [{ step: 'logs', tool: 'docker_logs' }] });
      expect(violation.data.line).toMatch(/^⛔ just now · Workflow: "Database Health Monitor" · Tool: slack_notify · Reason: Blocked — untrusted data context.* · Source: docker_logs$/);
      expect(api.slack.received).toHaveLength(0);
    } finally {
      await events.close();
    }
  });

  it('sends a ": ping" comment on the configured interval', async () => {
    const events = await openEvents(`${api.api}/events`, auth());
    try {
      await until(() => events.comments.includes('ping'), 2000);
    } finally {
      await events.close();
    }
  });

  it('removes every listener when clients disconnect (no leaks)', async () => {
    // Clients of the earlier tests are gone too (the server notices a moment after they close).
    await until(() => listenerCounts().runtime === 0 && listenerCounts().monitor === 0);
    const baseline = listenerCounts();
    const clients = await Promise.all([1, 2, 3].map(() => openEvents(`${api.api}/events`, auth())));
    await Promise.all(clients.map((c) => c.waitFor((m) => m.event === 'hello')));
    const connected = listenerCounts();
    expect(connected.runtime).toBe(baseline.runtime + 3 * 8);
    expect(connected.monitor).toBe(baseline.monitor + 3 * 8);
    await Promise.all(clients.map((c) => c.close()));
    await until(() => {
      const now = listenerCounts();
      return now.runtime === baseline.runtime && now.monitor === baseline.monitor;
    });
    expect(listenerCounts()).toEqual(baseline);
  });
});
