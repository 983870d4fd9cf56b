import { describe, expect, it } from 'vitest';
import { CONTRACT_EXECS, CONTRACT_HEALTHCHECK, CONTRACT_PROGRAMS, runDockerHostContract, type DockerHostHarness } from './contract.test-suite.js';
import { ContainerNotRunningError, DaemonUnreachableError, ImageNotFoundError } from './errors.js';
import { createMemoryHost, type MemoryDockerHost } from './memory-host.js';
import type { DockerEvent } from './types.js';

const IMAGE = 'agentos-test-busybox:latest';
const sameCmd = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The memory host answering the contract's programs and execs the way busybox does. */
function memoryHarness(): DockerHostHarness {
  const labels = { 'agentos.test': 'memory-contract' };
  let n = 0;
  const host: MemoryDockerHost = createMemoryHost({
    name: 'mem',
    onExec: ({ cmd, env, container, host: self }) => {
      if (sameCmd(cmd, CONTRACT_EXECS.outErr.cmd)) return { exitCode: 3, stdout: 'out\n', stderr: 'err\n' };
      if (sameCmd(cmd, CONTRACT_EXECS.env.cmd)) return { exitCode: 0, stdout: `${env.GREETING ?? ''}\n` };
      if (sameCmd(cmd, CONTRACT_EXECS.makeUnhealthy.cmd)) {
        // The file stays in the container, so the fault survives restarts.
        if ((container.health as string) !== 'none') self.setHealth(container.name, 'unhealthy', '', { persist: true });
        return { exitCode: 0 };
      }
      return undefined;
    },
  });
  return {
    host,
    image: IMAGE,
    labels,
    settleMs: 2000,
    async start(program, options = {}) {
      const p = CONTRACT_PROGRAMS[program];
      const s = host.addContainer({
        name: `mem-${program}-${++n}`,
        image: IMAGE,
        cmd: [...p.cmd],
        labels,
        tty: options.tty === true,
        ...(options.healthcheck ? { healthcheck: { test: CONTRACT_HEALTHCHECK, intervalMs: 250, retries: 1 } } : {}),
        logs: p.output.map((o) => ({ ...o })),
      });
      return { id: s.id, name: s.name };
    },
    unreachableHost() {
      const down = createMemoryHost({ name: 'nowhere' });
      down.setReachable(false);
      return down;
    },
    async cleanup() {
      await host.close();
    },
  };
}

runDockerHostContract('in-memory host', async () => memoryHarness());

describe('in-memory host specifics', () => {
  it('never pretends to be a real engine', () => {
    const host = createMemoryHost();
    expect(host.kind).toBe('memory');
    expect(host.description).toBe('in-memory Docker host (no daemon)');
    expect(host.address).toBe('memory://memory');
  });

  it('scripted crash and OOM emit die / oom events with the exit code, and restart policies restart', async () => {
    let t = 1_700_000_000_000;
    const host = createMemoryHost({ now: () => t, containers: [{ name: 'api', restartPolicy: 'on-failure' }, { name: 'worker' }] });
    const stream = await host.events();
    const seen: DockerEvent[] = [];
    const reader = (async () => {
      for await (const e of stream) seen.push(e);
    })();
    t += 5000;
    host.crash('api', 2);
    host.oom('worker');
    stream.close();
    await reader;
    expect(seen.map((e) => `${e.name}:${e.rawAction}${e.exitCode !== undefined ? `(${e.exitCode})` : ''}`)).toEqual([
      'api:die(2)', 'api:start', 'worker:oom', 'worker:die(137)',
    ]);
    expect(seen[0]?.time).toBe(t);
    expect(await host.status('api')).toMatchObject({ state: 'running', restartCount: 1 });
    expect(await host.status('worker')).toMatchObject({ state: 'exited', exitCode: 137, oomKilled: true, restartCount: 0 });
  });

  it('uses the injected clock for times and uptime', async () => {
    let t = Date.parse('2030-01-01T00:00:00Z');
    const host = createMemoryHost({ now: () => t, containers: [{ name: 'web' }] });
    t += 90_000;
    const s = await host.status('web');
    expect(s.startedAt).toBe('2030-01-01T00:00:00.000Z');
    expect(s.uptimeSeconds).toBe(90);
  });

  it('scripted logs: appendLogs per stream, since filter', async () => {
    let t = 1000;
    const host = createMemoryHost({ now: () => t, containers: [{ name: 'web', logs: 'boot\n' }] });
    t = 5000;
    host.appendLogs('web', 'oops', 'stderr');
    const logs = await host.logs('web', { since: 4000 });
    expect(logs).toMatchObject({ text: 'oops\n', stdout: '', stderr: 'oops\n' });
  });

  it('setHealth records the probe output (made safe) and emits the transition once', async () => {
    const host = createMemoryHost({ containers: [{ name: 'db', healthcheck: true }] });
    const stream = await host.events();
    host.setHealth('db', 'unhealthy', 'conn refused \x1b[31m');
    host.setHealth('db', 'unhealthy', 'still refused');
    host.setHealth('db', 'healthy');
    stream.close();
    const actions: string[] = [];
    for await (const e of stream) actions.push(e.rawAction);
    expect(actions).toEqual(['health_status: unhealthy', 'health_status: healthy']);
    const log = await host.healthLog('db');
    expect(log.probes.map((p) => p.output)).toEqual(['conn refused ␛[31m', 'still refused', '']);
  });

  it('a restart clears a scripted fault unless it persists', async () => {
    const host = createMemoryHost({ containers: [{ name: 'db', healthcheck: true }] });
    host.setHealth('db', 'unhealthy', 'boom');
    const r = await host.restart('db');
    expect(r.container.health).toBe('starting');
    await new Promise((res) => setTimeout(res, 10));
    expect((await host.status('db')).health).toBe('healthy');
    host.setHealth('db', 'unhealthy', 'boom', { persist: true });
    await host.restart('db');
    await new Promise((res) => setTimeout(res, 10));
    expect((await host.status('db')).health).toBe('unhealthy');
  });

  it('unscripted exec returns 127 and says so; handlers can be per container', async () => {
    const host = createMemoryHost({ containers: [{ name: 'web' }] });
    const r = await host.exec('web', ['uptime']);
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toContain('not scripted');
    const off = host.onExec(({ cmd }) => (cmd[0] === 'uptime' ? { stdout: 'up 3 days\n' } : undefined), 'web');
    expect((await host.exec('web', ['uptime'])).stdout).toBe('up 3 days\n');
    off();
    expect((await host.exec('web', ['uptime'])).exitCode).toBe(127);
  });

  it('exec into a stopped container and crash of a stopped one are typed errors', async () => {
    const host = createMemoryHost({ containers: [{ name: 'web', state: 'exited', exitCode: 1 }] });
    await expect(host.exec('web', ['true'])).rejects.toBeInstanceOf(ContainerNotRunningError);
    expect(() => host.crash('web')).toThrow(ContainerNotRunningError);
  });

  it('run honours a known-images list (it never "pulls")', async () => {
    const host = createMemoryHost({ images: ['busybox:latest'] });
    await expect(host.run({ image: 'redis:7' })).rejects.toBeInstanceOf(ImageNotFoundError);
    expect((await host.run({ image: 'busybox:latest', name: 'b1' })).name).toBe('b1');
  });

  it('failEventStreams fails open streams; setReachable(false) fails every call until it is back', async () => {
    const host = createMemoryHost({ containers: [{ name: 'web' }] });
    const stream = await host.events();
    const it1 = stream[Symbol.asyncIterator]();
    const pending = it1.next();
    host.failEventStreams();
    await expect(pending).rejects.toBeInstanceOf(DaemonUnreachableError);
    host.setReachable(false);
    await expect(host.status('web')).rejects.toThrow(/daemon unreachable at memory:\/\/memory/);
    host.setReachable(true);
    expect((await host.status('web')).state).toBe('running');
  });

  it('scripted stats come back through the same CPU/memory computation', async () => {
    const host = createMemoryHost({ containers: [{ name: 'web', stats: { cpuPercent: 42.5, memoryBytes: 1000, memoryLimitBytes: 4000, pids: 7 } }] });
    expect(await host.stats('web')).toMatchObject({ cpuPercent: 42.5, memoryBytes: 1000, memoryLimitBytes: 4000, memoryPercent: 25, pids: 7, running: true });
  });
});
