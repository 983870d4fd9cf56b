/** Execution semantics: parallel branches, conditions and skips, retries, timeouts, cancellation. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ToolRegistry, createRuntime, workflow, type RunRecord } from '../index.js';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

function tools() {
  const calls: string[] = [];
  const aborted: string[] = [];
  let flaky = 0;
  const wait = defineTool({
    name: 'wait',
    description: 'Wait some milliseconds, then echo',
    input: z.object({ ms: z.number(), tag: z.string() }),
    output: z.object({ tag: z.string(), at: z.number() }),
    annotations: { trust: { default: 'trusted' } },
    run: async ({ ms, tag }, ctx) => {
      calls.push(tag);
      try {
        await sleep(ms, ctx.signal);
      } catch (e) {
        aborted.push(tag);
        throw e;
      }
      return { tag, at: Date.now() };
    },
  });
  const status = defineTool({
    name: 'status',
    description: 'Report a status',
    input: z.object({ value: z.string() }),
    output: z.object({ status: z.string() }),
    annotations: { trust: { default: 'trusted' } },
    run: async ({ value }) => ({ status: value }),
  });
  const flakyTool = defineTool({
    name: 'flaky',
    description: 'Fails twice, then works',
    input: z.object({}),
    output: z.object({ ok: z.boolean(), tries: z.number() }),
    annotations: { trust: { default: 'trusted' } },
    run: async () => {
      flaky++;
      if (flaky < 3) throw new Error(`transient failure ${flaky}`);
      return { ok: true, tries: flaky };
    },
  });
  const registry = new ToolRegistry().register(wait, status, flakyTool);
  const runtime = createRuntime({ registry, policies: { wait: 'allow', status: 'allow', flaky: 'allow' } });
  return { runtime, calls, aborted, wait, status, flaky: flakyTool };
}

describe('execution', () => {
  it('runs independent branches in parallel and joins them', async () => {
    const { runtime, wait } = tools();
    const wf = workflow('parallel')
      .step('a', wait({ ms: 300, tag: 'a' }))
      .step('b', wait({ ms: 300, tag: 'b' }))
      .step('c', (s) => wait({ ms: 1, tag: `${s.a.tag}+${s.b.tag}` }));
    const t0 = Date.now();
    const run = await runtime.run(wf).result;
    const elapsed = Date.now() - t0;
    expect(run.status).toBe('succeeded');
    expect((run.steps.c!.output as { tag: string }).tag).toBe('a+b');
    expect(elapsed).toBeLessThan(550); // 2 × 300 ms sequentially would be ≥ 600
  });

  it('skips a step whose condition is false, and its dependants; other branches go on', async () => {
    const { runtime, status, wait } = tools();
    const wf = workflow('conditions')
      .step('health', status({ value: 'healthy' }))
      .step('restart', wait({ ms: 1, tag: 'restart' }), { when: (s) => s.health.status.equals('unhealthy') })
      .step('alert', wait({ ms: 1, tag: 'alert' }), { after: ['restart'] })
      .step('report', (s) => wait({ ms: 1, tag: `health is ${s.health.status}` }));
    const run = await runtime.run(wf).result;
    expect(run.steps.restart!.status).toBe('skipped');
    expect(run.steps.restart!.reason).toMatch(/condition is false/);
    expect(run.steps.alert!.status).toBe('skipped');
    expect(run.steps.alert!.reason).toMatch(/depends on "restart"/);
    expect(run.steps.report!.status).toBe('succeeded');
    expect(run.status).toBe('succeeded');
  });

  it('runs a step whose condition holds', async () => {
    const { runtime, status, wait } = tools();
    const wf = workflow('conditions-true')
      .step('health', status({ value: 'unhealthy' }))
      .step('restart', wait({ ms: 1, tag: 'restart' }), { when: (s) => s.health.status.equals('unhealthy') });
    const run = await runtime.run(wf).result;
    expect(run.steps.restart!.status).toBe('succeeded');
  });

  it('retries with backoff until the tool works', async () => {
    const { runtime, flaky } = tools();
    const wf = workflow('retry').step('f', flaky({}), { retry: { attempts: 3, backoffMs: 20 } });
    const run = await runtime.run(wf).result;
    expect(run.steps.f!.status).toBe('succeeded');
    expect(run.steps.f!.attempts).toBe(3);
  });

  it('fails a step after its last attempt, with the error', async () => {
    const { runtime, flaky } = tools();
    const run = await runtime.run(workflow('retry-fail').step('f', flaky({}), { retry: { attempts: 2, backoffMs: 5 } })).result;
    expect(run.status).toBe('failed');
    expect(run.steps.f!.error!.message).toMatch(/transient failure 2/);
  });

  it('times out a step, and the tool sees its signal aborted', async () => {
    const { runtime, wait, aborted } = tools();
    const t0 = Date.now();
    const run = await runtime.run(workflow('timeout').step('slow', wait({ ms: 5_000, tag: 'slow' }), { timeoutMs: 100 })).result;
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(run.steps.slow!.status).toBe('failed');
    expect(run.steps.slow!.error).toMatchObject({ code: 'TIMEOUT' });
    expect(aborted).toContain('slow');
  });

  it('times out a whole run', async () => {
    const { runtime, wait } = tools();
    const wf = workflow('run-timeout', { timeoutMs: 150 }).step('a', wait({ ms: 5_000, tag: 'a' }));
    const run = await runtime.run(wf).result;
    expect(['failed', 'cancelled']).toContain(run.status);
    expect(run.steps.a!.status).not.toBe('succeeded');
  });

  it('cancels through an AbortSignal that reaches the tool', async () => {
    const { runtime, wait, aborted } = tools();
    const controller = new AbortController();
    const handle = runtime.run(workflow('cancel').step('a', wait({ ms: 5_000, tag: 'a' })).step('b', (s) => wait({ ms: 1, tag: s.a.tag })), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const run: RunRecord = await handle.result;
    expect(run.status).toBe('cancelled');
    expect(aborted).toContain('a');
    expect(run.steps.b!.status).not.toBe('succeeded');
  });

  it('rejects arguments that break the input schema before the policy check', async () => {
    const { runtime } = tools();
    const run = await runtime.run({ name: 'bad-args', steps: [{ id: 'a', tool: 'wait', args: { ms: 'soon', tag: 'a' } }] }).result;
    expect(run.steps.a!.status).toBe('failed');
    expect(run.steps.a!.error).toMatchObject({ code: 'TOOL_INPUT_INVALID' });
    expect(run.steps.a!.error!.message).toMatch(/ms/);
    expect(run.steps.a!.decision).toBeUndefined();
  });

  it('emits typed events a UI can follow', async () => {
    const { runtime, wait } = tools();
    const seen: string[] = [];
    runtime.on('run:start', () => seen.push('run:start'));
    runtime.on('step:start', (e) => seen.push(`step:start:${e.stepId}`));
    runtime.on('step:end', (e) => seen.push(`step:end:${e.stepId}:${e.step.status}`));
    runtime.on('run:end', (e) => seen.push(`run:end:${e.run.status}`));
    await runtime.run(workflow('events').step('a', wait({ ms: 1, tag: 'a' }))).result;
    expect(seen).toEqual(['run:start', 'step:start:a', 'step:end:a:succeeded', 'run:end:succeeded']);
  });
});
