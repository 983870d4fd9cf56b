import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHost, type MemoryDockerHost } from '../host/memory-host.js';
import { createContainerMonitor, type ContainerMonitor } from './container-monitor.js';
import { onContainerEvent } from './trigger.js';
import type { ContainerMonitorEvents } from './types.js';

type Name = keyof ContainerMonitorEvents;
type Payload<N extends Name> = ContainerMonitorEvents[N][0];

/** Record every monitor event in order. */
function record(monitor: ContainerMonitor) {
  const log: Array<{ type: Name; e: unknown }> = [];
  const names: Name[] = ['snapshot', 'container:state', 'container:health', 'container:die', 'container:oom', 'container:restart', 'disconnected', 'reconnected', 'error'];
  for (const n of names) monitor.on(n, ((e: unknown) => log.push({ type: n, e })) as never);
  return {
    log,
    of<N extends Name>(n: N): Array<Payload<N>> {
      return log.filter((l) => l.type === n).map((l) => l.e as Payload<N>);
    },
  };
}

/** Resolve on the next `name` event matching `pred`. */
function next<N extends Name>(monitor: ContainerMonitor, name: N, pred: (e: Payload<N>) => boolean = () => true, timeoutMs = 5000): Promise<Payload<N>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      monitor.off(name, fn as never);
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const fn = (e: Payload<N>) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      monitor.off(name, fn as never);
      resolve(e);
    };
    monitor.on(name, fn as never);
  });
}

const tick = () => new Promise((r) => setTimeout(r, 5));

let monitors: ContainerMonitor[] = [];
afterEach(async () => {
  await Promise.all(monitors.map((m) => m.stop()));
  monitors = [];
});
function watch(hosts: Parameters<typeof createContainerMonitor>[0], options?: Parameters<typeof createContainerMonitor>[1]) {
  const m = createContainerMonitor(hosts, options);
  monitors.push(m);
  return m;
}

describe('container monitor on the in-memory host', () => {
  let t = Date.parse('2030-05-01T10:00:00Z');
  const clock = () => t;
  const makeHost = (name = 'mem'): MemoryDockerHost =>
    createMemoryHost({ name, now: clock, containers: [{ name: 'db', image: 'postgres:16', healthcheck: true }, { name: 'web', image: 'nginx:1', restartPolicy: 'always' }] });

  it('starts with a snapshot of every container', async () => {
    const m = watch(makeHost());
    const rec = record(m);
    await m.start();
    expect(rec.of('snapshot')).toHaveLength(1);
    expect(rec.of('snapshot')[0]).toMatchObject({ host: 'mem', reason: 'start' });
    expect(m.snapshot().map((c) => [c.name, c.state, c.health]).sort()).toEqual([['db', 'running', 'healthy'], ['web', 'running', 'none']]);
    expect(m.hosts()).toEqual([{ host: 'mem', kind: 'memory', address: 'memory://mem', connected: true, lastError: null }]);
  });

  it('reports healthy → unhealthy and back, with identity and daemon time', async () => {
    const host = makeHost();
    const m = watch(host, { now: () => 42 });
    await m.start();
    const down = next(m, 'container:health');
    t += 1000;
    host.setHealth('db', 'unhealthy', 'connection refused');
    const e = await down;
    expect(e).toMatchObject({ host: 'mem', name: 'db', image: 'postgres:16', from: 'healthy', to: 'unhealthy', time: t, receivedAt: 42, source: 'event' });
    expect(e.id).toMatch(/^[a-f0-9]{64}$/);
    expect(m.snapshot().find((c) => c.name === 'db')?.health).toBe('unhealthy');
    const up = next(m, 'container:health');
    host.setHealth('db', 'healthy');
    expect(await up).toMatchObject({ from: 'unhealthy', to: 'healthy' });
  });

  it('reports die with the exit code, OOM, and policy vs manual restarts', async () => {
    const host = makeHost();
    const m = watch(host);
    const rec = record(m);
    await m.start();
    host.oom('db');
    await next(m, 'container:die', (e) => e.name === 'db');
    expect(rec.of('container:oom').map((e) => e.name)).toEqual(['db']);
    expect(rec.of('container:die').find((e) => e.name === 'db')?.exitCode).toBe(137);
    expect(rec.of('container:state').filter((e) => e.name === 'db').map((e) => `${e.from}→${e.to}`)).toEqual(['running→exited']);

    host.crash('web', 1);
    const policy = await next(m, 'container:restart', (e) => e.name === 'web');
    expect(policy).toMatchObject({ kind: 'policy', restartCount: 1 });

    await host.restart('db');
    const manual = await next(m, 'container:restart', (e) => e.name === 'db');
    expect(manual).toMatchObject({ kind: 'manual', restartCount: 1 });
    await tick();
    expect(m.snapshot().find((c) => c.name === 'db')).toMatchObject({ state: 'running', restartCount: 1 });
  });

  it('follows containers created and removed after start', async () => {
    const host = makeHost();
    const m = watch(host);
    await m.start();
    const created = next(m, 'container:state', (e) => e.name === 'cache');
    host.addContainer({ name: 'cache', image: 'redis:7' });
    expect(await created).toMatchObject({ from: null, name: 'cache' });
    await next(m, 'container:state', (e) => e.name === 'cache' && e.to === 'running');
    expect(m.snapshot().map((c) => c.name)).toContain('cache');
    const removed = next(m, 'container:state', (e) => e.name === 'cache' && e.to === 'removed');
    await host.remove('cache', { force: true });
    expect(await removed).toMatchObject({ from: 'exited' });
    expect(m.snapshot().map((c) => c.name)).not.toContain('cache');
  });

  it('reports a disconnect, reconnects with backoff, re-syncs and reports what changed meanwhile', async () => {
    const host = makeHost();
    const delays: number[] = [];
    const m = watch(host, { backoff: (attempt) => (delays.push(attempt), 20) });
    const rec = record(m);
    await m.start();

    host.setReachable(false); // the daemon goes away: the stream fails, and so do the retries
    const disc = await next(m, 'disconnected');
    expect(disc).toMatchObject({ host: 'mem', attempt: 1, retryInMs: 20 });
    expect(disc.error.message).toContain('daemon unreachable at memory://mem');
    await next(m, 'disconnected', (e) => e.attempt === 3);
    expect(m.hosts()[0]?.connected).toBe(false);

    host.setHealth('db', 'unhealthy', 'disk full'); // happens while nobody is listening
    host.setReachable(true);
    const back = await next(m, 'reconnected');
    expect(back.host).toBe('mem');
    expect(back.attempts).toBeGreaterThanOrEqual(3);
    expect(delays.slice(0, 3)).toEqual([0, 1, 2]);
    expect(rec.of('snapshot').map((s) => s.reason)).toEqual(['start', 'resync']);
    const missed = rec.of('container:health').find((e) => e.source === 'resync');
    expect(missed).toMatchObject({ name: 'db', from: 'healthy', to: 'unhealthy' });
    expect(m.hosts()[0]?.connected).toBe(true);

    // Live events flow again after the reconnect.
    const live = next(m, 'container:health');
    host.setHealth('db', 'healthy');
    expect(await live).toMatchObject({ source: 'event', to: 'healthy' });
  });

  it('treats a failed event stream alone (daemon restart) as a disconnect too', async () => {
    const host = makeHost();
    const m = watch(host, { backoff: () => 5 });
    await m.start();
    const disc = next(m, 'disconnected');
    const back = next(m, 'reconnected');
    host.failEventStreams();
    await disc;
    expect((await back).attempts).toBe(1);
  });

  it('watches several hosts from one monitor', async () => {
    const a = makeHost('a');
    const b = makeHost('b');
    const m = watch([a, b]);
    await m.start();
    expect(m.snapshot().map((c) => `${c.host}/${c.name}`).sort()).toEqual(['a/db', 'a/web', 'b/db', 'b/web']);
    const e = next(m, 'container:health');
    b.setHealth('db', 'unhealthy');
    expect(await e).toMatchObject({ host: 'b', name: 'db' });
    expect(() => createContainerMonitor([a, makeHost('a')])).toThrow(/duplicate host name "a"/);
  });

  it('a host that is down at start does not block the others', async () => {
    const up = makeHost('up');
    const down = makeHost('down');
    down.setReachable(false);
    const m = watch([up, down], { backoff: () => 50 });
    const rec = record(m);
    await m.start();
    expect(m.snapshot().every((c) => c.host === 'up')).toBe(true);
    expect(rec.of('disconnected')[0]?.host).toBe('down');
  });

  it('can be limited to containers with given labels', async () => {
    const host = createMemoryHost({ containers: [{ name: 'mine', labels: { team: 'ops' } }, { name: 'other' }] });
    const m = watch(host, { list: { labels: { team: 'ops' } } });
    const rec = record(m);
    await m.start();
    expect(m.snapshot().map((c) => c.name)).toEqual(['mine']);
    host.crash('other');
    host.crash('mine', 2);
    await next(m, 'container:die');
    await tick();
    expect(rec.of('container:die').map((e) => e.name)).toEqual(['mine']);
  });

  it('stop() ends the streams and no events follow', async () => {
    const host = makeHost();
    const m = watch(host);
    const rec = record(m);
    await m.start();
    await m.stop();
    expect(m.running).toBe(false);
    host.setHealth('db', 'unhealthy');
    await tick();
    expect(rec.of('container:health')).toEqual([]);
  });
});

describe('onContainerEvent', () => {
  const setup = async () => {
    const host = createMemoryHost({
      containers: [{ name: 'db-1', healthcheck: true }, { name: 'db-2', healthcheck: true }, { name: 'web', healthcheck: true }],
    });
    const m = watch(host);
    await m.start();
    return { host, m };
  };

  it('fires for matching containers (glob) and the chosen event only', async () => {
    const { host, m } = await setup();
    const seen: string[] = [];
    onContainerEvent(m, { event: 'unhealthy', container: 'db-*', handler: (e) => void seen.push(`${e.name}:${e.from}→${e.to}`) });
    host.setHealth('web', 'unhealthy');
    host.setHealth('db-2', 'unhealthy');
    host.setHealth('db-2', 'healthy');
    await tick();
    expect(seen).toEqual(['db-2:healthy→unhealthy']);
  });

  it('matches an exact name or id prefix, and a host', async () => {
    const { host, m } = await setup();
    const id = (await host.status('web')).id;
    const byId: string[] = [];
    const byHost: string[] = [];
    onContainerEvent(m, { event: 'die', container: id.slice(0, 12), handler: (e) => void byId.push(e.name) });
    onContainerEvent(m, { event: 'die', host: 'elsewhere', handler: (e) => void byHost.push(e.name) });
    host.crash('db-1');
    host.crash('web', 3);
    await tick();
    expect(byId).toEqual(['web']);
    expect(byHost).toEqual([]);
  });

  it('returns an unsubscribe function', async () => {
    const { host, m } = await setup();
    let calls = 0;
    const off = onContainerEvent(m, { event: 'health', handler: () => void calls++ });
    host.setHealth('web', 'unhealthy');
    await tick();
    off();
    off();
    host.setHealth('web', 'healthy');
    await tick();
    expect(calls).toBe(1);
  });

  it('reports handler failures (sync and async) on the monitor error event', async () => {
    const { host, m } = await setup();
    const errors: string[] = [];
    m.on('error', (e) => void errors.push(e.error.message));
    onContainerEvent(m, { event: 'unhealthy', container: 'web', handler: () => { throw new Error('sync boom'); } });
    onContainerEvent(m, { event: 'unhealthy', container: 'web', handler: async () => { throw new Error('async boom'); } });
    host.setHealth('web', 'unhealthy');
    await tick();
    expect(errors.sort()).toEqual(['async boom', 'sync boom']);
  });

  it('rejects an unknown trigger event', async () => {
    const { m } = await setup();
    expect(() => onContainerEvent(m, { event: 'exploded' as never, handler: () => {} })).toThrow(/unknown container trigger event "exploded"/);
  });
});

describe('snapshot uptime', () => {
  it('advances with time for running containers (not frozen at the last inspect)', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const host = createMemoryHost({ now: () => clock, containers: [{ name: 'db' }] });
    const monitor = createContainerMonitor(host, { now: () => clock });
    await monitor.start();
    const first = monitor.snapshot().find((c) => c.name === 'db')!.uptimeSeconds!;
    clock += 90_000;
    const later = monitor.snapshot().find((c) => c.name === 'db')!.uptimeSeconds!;
    expect(later - first).toBe(90);
    await monitor.stop();
    await host.close();
  });
});
