import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createDockerodeHost } from '../host/dockerode-host.js';
import { describeDocker } from '../testing/docker-gate.js';
import { fixtureDocker, fixtureSocketPath, newRunId, removeTestContainers, startTestContainer } from '../testing/docker-fixtures.js';
import { createContainerMonitor, type ContainerMonitor } from './container-monitor.js';
import type { ContainerMonitorEvents } from './types.js';

type Name = keyof ContainerMonitorEvents;
type Payload<N extends Name> = ContainerMonitorEvents[N][0];

function next<N extends Name>(monitor: ContainerMonitor, name: N, pred: (e: Payload<N>) => boolean = () => true, timeoutMs = 10_000): Promise<Payload<N>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      monitor.off(name, fn as never);
      reject(new Error(`no matching ${name} event within ${timeoutMs} ms`));
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

/**
 * A Unix-socket proxy in front of the real daemon: cutting its connections
 * is what a daemon restart looks like to the client; closing it is a daemon
 * that is gone.
 */
function daemonProxy(target: string) {
  const dir = mkdtempSync(join(tmpdir(), 'agentos-proxy-'));
  const path = join(dir, 'docker.sock');
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return {
    path,
    listen: () => new Promise<void>((r) => server.listen(path, () => r())),
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      for (const s of sockets) s.destroy();
    }),
    dispose: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => (server.listening ? server.close(() => r()) : r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const runId = newRunId('agentos-mon');

describeDocker('container monitor on the real engine', () => {
  const proxy = daemonProxy(fixtureSocketPath());
  let monitor: ContainerMonitor | undefined;
  afterAll(async () => {
    await monitor?.stop();
    await proxy.dispose();
    await removeTestContainers(runId);
  });

  it('sees a container start, turn unhealthy and die; survives a daemon disconnect and re-syncs', async () => {
    await proxy.listen();
    const host = createDockerodeHost({ name: 'proxied', socketPath: proxy.path });
    monitor = createContainerMonitor(host, { list: { labels: { 'agentos.test': runId } }, backoff: () => 100 });
    await monitor.start();
    expect(monitor.snapshot()).toEqual([]);

    const running = next(monitor, 'container:state', (e) => e.to === 'running');
    const healthy = next(monitor, 'container:health', (e) => e.to === 'healthy');
    const c = await startTestContainer({ runId, healthcheck: { test: ['CMD', 'sh', '-c', 'test ! -f /tmp/bad'], intervalMs: 250, retries: 1 } });
    expect(await running).toMatchObject({ host: 'proxied', id: c.id, name: c.name, image: 'agentos-test-busybox:latest', source: 'event' });
    await healthy;

    const t0 = Date.now();
    const unhealthy = next(monitor, 'container:health', (e) => e.to === 'unhealthy');
    const exec = await fixtureDocker().getContainer(c.id).exec({ Cmd: ['touch', '/tmp/bad'] });
    await exec.start({});
    const u = await unhealthy;
    expect(u).toMatchObject({ id: c.id, name: c.name, from: 'healthy', to: 'unhealthy' });
    expect(Math.abs(u.time - t0)).toBeLessThan(10_000); // daemon time, not ours, but close
    expect(monitor.snapshot().find((x) => x.id === c.id)?.health).toBe('unhealthy');

    const died = next(monitor, 'container:die', (e) => e.id === c.id);
    await fixtureDocker().getContainer(c.id).kill();
    expect((await died).exitCode).toBe(137);
    expect(monitor.snapshot().find((x) => x.id === c.id)?.state).toBe('exited');

    // The daemon "restarts": connections drop, the socket comes back.
    const disc = next(monitor, 'disconnected');
    const back = next(monitor, 'reconnected');
    proxy.cut();
    expect((await disc).host).toBe('proxied');
    expect((await back).host).toBe('proxied');

    // The daemon is gone for a while; meanwhile a container starts.
    const gone = next(monitor, 'disconnected', (e) => e.attempt >= 2);
    await proxy.close();
    await gone;
    expect(monitor.hosts()[0]).toMatchObject({ connected: false });
    expect(monitor.hosts()[0]?.lastError).toContain(`daemon unreachable at unix://${proxy.path}`);
    const late = await startTestContainer({ runId });
    const resynced = next(monitor, 'container:state', (e) => e.id === late.id && e.source === 'resync');
    const again = next(monitor, 'reconnected');
    await proxy.listen();
    expect((await again).attempts).toBeGreaterThanOrEqual(2);
    expect(await resynced).toMatchObject({ from: null, to: 'running', name: late.name });
    expect(monitor.snapshot().map((x) => x.id).sort()).toEqual([c.id, late.id].sort());
  });
});
