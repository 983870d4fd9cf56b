/** Triggers: manual, interval schedules, and container events from outside. A triggered run knows what triggered it. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRuntime, defineTool, ToolRegistry, workflow, type RunRecord } from '../index.js';

const restarted: string[] = [];
const docker_restart = defineTool({
  name: 'docker_restart',
  description: 'restart (test double)',
  input: z.object({ container: z.string() }),
  output: z.object({ container: z.string(), restarted: z.boolean() }),
  annotations: { trust: { default: 'trusted' } },
  run: async ({ container }) => {
    restarted.push(container);
    await new Promise((r) => setTimeout(r, 30));
    return { container, restarted: true };
  },
});
const tick = defineTool({
  name: 'tick',
  description: 'counts',
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  annotations: { trust: { default: 'trusted' } },
  run: async () => ({ ok: true }),
});

function runtime() {
  return createRuntime({ registry: new ToolRegistry().register(docker_restart, tick), policies: { docker_restart: 'allow', tick: 'allow' } });
}
const ended = (rt: ReturnType<typeof runtime>) => {
  const runs: RunRecord[] = [];
  rt.on('run:end', (e) => runs.push(e.run));
  return runs;
};

describe('triggers', () => {
  it('a container event runs the matching workflows, which read the trigger', async () => {
    const rt = runtime();
    rt.register(
      workflow('Restart on unhealthy', { trigger: { type: 'event', event: 'unhealthy', container: 'db*' } }).step('restart', (s) =>
        docker_restart({ container: s.trigger.container.name }),
      ),
    );
    rt.register(workflow('On die', { trigger: { type: 'event', event: 'die' } }).step('t', tick({})));
    const handles = rt.dispatch({ event: 'unhealthy', container: { id: 'abc123', name: 'db-1', host: 'local' }, time: 1234 });
    expect(handles).toHaveLength(1);
    const run = await handles[0]!.result;
    expect(run.status).toBe('succeeded');
    expect(run.trigger).toMatchObject({ type: 'event', event: 'unhealthy', container: { name: 'db-1' }, time: 1234 });
    expect(restarted).toContain('db-1');
    // Not matching: other event, other container.
    expect(rt.dispatch({ event: 'unhealthy', container: { id: 'x', name: 'api' } })).toHaveLength(0);
  });

  it('does not start a second run for the same container while one is active', async () => {
    const rt = runtime();
    rt.register(workflow('Restart', { trigger: { type: 'event', event: 'unhealthy' } }).step('restart', (s) => docker_restart({ container: s.trigger.container.name })));
    const first = rt.dispatch({ event: 'unhealthy', container: { id: 'c1', name: 'web' } });
    const again = rt.dispatch({ event: 'unhealthy', container: { id: 'c1', name: 'web' } });
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(0);
    await first[0]!.result;
    expect(rt.dispatch({ event: 'unhealthy', container: { id: 'c1', name: 'web' } })).toHaveLength(1);
  });

  it('interval triggers run on schedule until stopped', async () => {
    const rt = runtime();
    const runs = ended(rt);
    rt.register(workflow('Heartbeat', { trigger: { type: 'interval', everyMs: 1000 } }).step('t', tick({})));
    rt.start();
    await new Promise((r) => setTimeout(r, 2300));
    rt.stop();
    const count = runs.length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(runs[0]!.trigger.type).toBe('interval');
    await new Promise((r) => setTimeout(r, 1200));
    expect(runs.length).toBe(count);
  });

  it('a manual run says it was manual', async () => {
    const run = await runtime().run(workflow('Manual').step('t', tick({}))).result;
    expect(run.trigger.type).toBe('manual');
  });
});
