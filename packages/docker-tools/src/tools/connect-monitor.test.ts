/**
 * Monitor → runbooks on the in-memory host: a container turning unhealthy
 * starts the registered workflow, with the event as its trigger.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, ToolRegistry, workflow, type RunHandle, type Runtime } from '@agentos/core';
import { recommendedPolicies } from '@agentos/policy';
import { createMemoryHost } from '../host/memory-host.js';
import { createContainerMonitor, type ContainerMonitor } from '../monitor/container-monitor.js';
import { connectMonitorToRuntime } from './connect-monitor.js';
import { createDockerTools } from './create-docker-tools.js';

let monitor: ContainerMonitor | undefined;
let runtime: Runtime | undefined;
afterEach(async () => {
  await monitor?.stop();
  await runtime?.close();
  monitor = runtime = undefined;
});

async function setup() {
  const host = createMemoryHost({
    name: 'edge',
    containers: [
      { name: 'db', healthcheck: { test: ['CMD', 'pg_isready'], retries: 1 } },
      { name: 'web', healthcheck: true },
    ],
  });
  const docker = createDockerTools({ hosts: [host] });
  runtime = createRuntime({ registry: new ToolRegistry().register(...docker.all), policies: recommendedPolicies });
  runtime.register(
    workflow('Database Health Monitor', { trigger: { type: 'event', event: 'unhealthy', container: 'db' } })
      .step('health', docker.health_check({ container: 'db' }))
      .step('restart', docker.docker_restart({ container: 'db' }), { when: (s) => s.health.status.equals('unhealthy') }),
  );
  monitor = createContainerMonitor(host);
  const started: Array<{ runs: RunHandle[]; event: unknown }> = [];
  return { host, runtime, monitor, started };
}

describe('connectMonitorToRuntime', () => {
  it('"when db becomes unhealthy, run Database Health Monitor": the run restarts db and knows its trigger', async () => {
    const { host, runtime: rt, monitor: m, started } = await setup();
    const off = connectMonitorToRuntime(m, rt, { onRuns: (runs, event) => started.push({ runs, event }) });
    await m.start();

    host.setHealth('web', 'unhealthy', 'nginx down'); // no workflow for web
    host.setHealth('db', 'unhealthy', 'pg_isready: no response');
    const unhealthy = () => started.filter((s) => (s.event as { event: string }).event === 'unhealthy');
    await expect.poll(() => unhealthy().length).toBe(2);
    expect(unhealthy()[0]).toMatchObject({ runs: [], event: { container: { name: 'web' } } });
    const [run, ...more] = unhealthy()[1]!.runs;
    expect(more).toEqual([]);
    const record = await run!.result;
    expect(record.workflow).toBe('Database Health Monitor');
    expect(record.trigger).toMatchObject({ type: 'event', event: 'unhealthy', container: { name: 'db', host: 'edge' } });
    // The event's details travel with the trigger (core keeps them under `data`).
    const details = (record.trigger as { data?: Record<string, unknown> }).data ?? record.trigger;
    expect(details).toMatchObject({ from: 'healthy', to: 'unhealthy', source: 'event' });
    expect(record.steps.restart).toMatchObject({ status: 'succeeded', output: { container: 'db', restartCount: 1 } });
    expect((await host.status('db')).restartCount).toBe(1);
    // The restart's own events (stop, start, restart, healthy) were forwarded too, but start no workflow.
    await expect.poll(() => started.some((s) => (s.event as { event: string }).event === 'restart')).toBe(true);
    expect(started.filter((s) => s.runs.length > 0)).toHaveLength(1);

    off();
    const before = started.length;
    host.setHealth('db', 'unhealthy', 'again');
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toHaveLength(before);
  });

  it('forwards only the chosen events, and the payload of die carries the exit code', async () => {
    const { host, runtime: rt, monitor: m } = await setup();
    const dispatched: unknown[] = [];
    const spy = { dispatch: (e: Parameters<Runtime['dispatch']>[0]) => (dispatched.push(e), rt.dispatch(e)) };
    connectMonitorToRuntime(m, spy, { events: ['die'] });
    await m.start();
    host.setHealth('db', 'unhealthy', 'x');
    host.crash('web', 7);
    await expect.poll(() => dispatched.length).toBe(1);
    expect(dispatched[0]).toMatchObject({ event: 'die', container: { name: 'web', host: 'edge' }, exitCode: 7 });
    expect(typeof (dispatched[0] as { time: number }).time).toBe('number');
  });

  it('rejects an event workflows cannot be triggered by', async () => {
    const { runtime: rt, monitor: m } = await setup();
    expect(() => connectMonitorToRuntime(m, rt, { events: ['removed' as never] })).toThrow(/unknown event "removed"/);
  });

  it('an error in dispatch reaches the monitor\'s error event instead of being lost', async () => {
    const { host, monitor: m } = await setup();
    const errors: string[] = [];
    m.on('error', (e) => errors.push(e.error.message));
    connectMonitorToRuntime(m, { dispatch: () => { throw new Error('dispatch exploded'); } }, { events: ['unhealthy'] });
    await m.start();
    host.setHealth('db', 'unhealthy', 'x');
    await expect.poll(() => errors).toEqual(['dispatch exploded']);
  });
});
