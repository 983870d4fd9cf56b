/** require_approval pauses a run; approval resumes it — also after the runtime restarts on durable stores. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createStores, createRuntime, defineTool, ToolRegistry, workflow, type Runtime } from '../index.js';

const sent: Array<{ to: string; text: string }> = [];
const docker_status = defineTool({
  name: 'docker_status',
  description: 'status (test double)',
  input: z.object({ container: z.string() }),
  output: z.object({ container: z.string(), state: z.string() }),
  run: async ({ container }) => ({ container, state: 'exited' }),
});
const page_oncall = defineTool({
  name: 'page_oncall',
  description: 'Page the on-call engineer (records what was sent)',
  input: z.object({ to: z.string(), text: z.string() }),
  annotations: { openWorldHint: true },
  run: async (args) => {
    sent.push(args);
    return { paged: true };
  },
});
const policies = { docker_status: 'allow', page_oncall: 'require_approval' };
const wf = workflow('Page on exit')
  .step('status', docker_status({ container: 'db' }))
  .step('page', (s) => page_oncall({ to: 'oncall', text: `db is ${s.status.state}` }));

const dirs: string[] = [];
const runtimes: Runtime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function start(dir: string) {
  const stores = await createStores({ dir, fsync: false });
  const runtime = createRuntime({ registry: new ToolRegistry().register(docker_status, page_oncall), policies, stores });
  runtimes.push(runtime);
  return runtime;
}

describe('approvals', () => {
  it('pauses the run and shows the raw arguments with where they came from', async () => {
    const runtime = createRuntime({ registry: new ToolRegistry().register(docker_status, page_oncall), policies });
    const handle = runtime.run(wf);
    const paused = await handle.idle();
    expect(paused.status).toBe('awaiting_approval');
    const [approval] = await runtime.pendingApprovals();
    expect(approval).toMatchObject({ runId: handle.id, stepId: 'page', tool: 'page_oncall', args: { to: 'oncall', text: 'db is exited' } });
    expect(approval!.arguments.find((a) => a.path === 'text')).toMatchObject({ value: 'db is exited', from: ['{{ status.state }}'], label: { trust: 'trusted' } });
    const before = sent.length;
    await runtime.approve(handle.id, 'page', { by: 'alice' });
    const done = await handle.result;
    expect(done.status).toBe('succeeded');
    expect(done.steps.page!.approvedBy).toBe('alice');
    expect(sent.length).toBe(before + 1);
  });

  it('a rejection blocks the step and is logged', async () => {
    const runtime = createRuntime({ registry: new ToolRegistry().register(docker_status, page_oncall), policies });
    const handle = runtime.run(wf);
    await handle.idle();
    const before = sent.length;
    await runtime.reject(handle.id, 'page', { by: 'bob', reason: 'not at 3am' });
    const done = await handle.result;
    expect(done.status).toBe('succeeded_with_violations');
    expect(done.steps.page).toMatchObject({ status: 'blocked', reason: 'Rejected by bob: not at 3am' });
    expect(sent.length).toBe(before);
    expect((await runtime.violations.list())[0]).toMatchObject({ verdict: 'rejected', step: 'page' });
  });

  it('survives a restart: a new runtime on the same stores lists the approval and resumes on approve', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentos-approval-'));
    dirs.push(dir);
    const first = await start(dir);
    const handle = first.run(wf);
    await handle.idle();
    await first.close(); // the process goes away with a pending approval

    const second = await start(dir);
    const pending = await second.pendingApprovals();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ runId: handle.id, stepId: 'page', args: { text: 'db is exited' } });
    const before = sent.length;
    const resumed = await second.approve(handle.id, 'page', { by: 'carol' });
    const done = await resumed.result;
    expect(done.status).toBe('succeeded');
    expect(done.steps.status!.status).toBe('succeeded');
    expect(sent.length).toBe(before + 1);
    expect(sent.at(-1)).toEqual({ to: 'oncall', text: 'db is exited' });
    expect((await second.getRun(handle.id))!.status).toBe('succeeded');
  });

  it('lists runs interrupted by a crash, and fails them explicitly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentos-interrupted-'));
    dirs.push(dir);
    const stores = await createStores({ dir, fsync: false });
    // A run that was mid-flight when its process died.
    await stores.runs.save({
      id: 'run_crashed',
      workflow: 'Page on exit',
      json: wf.toJSON(),
      status: 'running',
      mode: 'dataflow',
      trigger: { type: 'manual', time: 1 },
      input: {},
      startedAt: 1,
      steps: { status: { id: 'status', tool: 'docker_status', status: 'running', attempts: 1 }, page: { id: 'page', tool: 'page_oncall', status: 'pending', attempts: 0 } },
      violations: 0,
    });
    await stores.close();
    const runtime = await start(dir);
    const interrupted = await runtime.interruptedRuns();
    expect(interrupted.map((r) => [r.id, r.status])).toEqual([['run_crashed', 'interrupted']]);
    const failed = await runtime.failRun('run_crashed', 'operator gave up after restart');
    expect(failed).toMatchObject({ status: 'failed', error: { message: 'operator gave up after restart' } });
    expect(await runtime.interruptedRuns()).toEqual([]);
  });

  it('resumes an interrupted run: the interrupted step starts again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'agentos-resume-'));
    dirs.push(dir);
    const stores = await createStores({ dir, fsync: false });
    await stores.runs.save({
      id: 'run_resume',
      workflow: 'Page on exit',
      json: wf.toJSON(),
      status: 'running',
      mode: 'dataflow',
      trigger: { type: 'manual', time: 1 },
      input: {},
      startedAt: 1,
      steps: { status: { id: 'status', tool: 'docker_status', status: 'running', attempts: 1 }, page: { id: 'page', tool: 'page_oncall', status: 'pending', attempts: 0 } },
      violations: 0,
    });
    await stores.close();
    const runtime = await start(dir);
    await runtime.interruptedRuns();
    const handle = await runtime.resume('run_resume');
    const paused = await handle.idle();
    expect(paused.steps.status!.status).toBe('succeeded');
    expect(paused.status).toBe('awaiting_approval');
  });
});

describe('approvals of session calls (MCP, monitor actions)', () => {
  it('a call that needs approval waits; approving runs it through the guard', async () => {
    const runtime = createRuntime({ registry: new ToolRegistry().register(docker_status, page_oncall), policies });
    const session = runtime.session({ name: 'Monitor' });
    const r = await session.call('page_oncall', { to: 'oncall', text: 'db is down' });
    expect(r.status).toBe('awaiting_approval');
    const [pending] = await runtime.pendingApprovals();
    expect(pending).toMatchObject({ runId: session.id, stepId: r.stepId, args: { text: 'db is down' } });
    const before = sent.length;
    const done = await (await runtime.approve(session.id, r.stepId, { by: 'dave' })).result;
    expect(done.steps[r.stepId]).toMatchObject({ status: 'succeeded', approvedBy: 'dave' });
    expect(sent.length).toBe(before + 1);
    expect(await runtime.pendingApprovals()).toEqual([]);
    await expect(runtime.approve(session.id, r.stepId, { by: 'dave' })).rejects.toThrow(/not awaiting approval/);
  });
});
