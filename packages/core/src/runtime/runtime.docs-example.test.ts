/**
 * The documentation's example, end to end with a real local Slack receiver:
 * an untrusted source → slack_notify is blocked; a trusted source sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ToolRegistry, createRuntime, workflow, createSlackNotify } from '../index.js';
import { startSlackReceiver, type HttpReceiver } from '../testing/index.js';

let slack: HttpReceiver;
beforeAll(async () => {
  slack = await startSlackReceiver();
});
afterAll(async () => {
  await slack.close();
});

// A docker_logs-like source whose output the policies mark untrusted.
const docker_logs = defineTool({
  name: 'docker_logs',
  description: 'Read container logs (test double of the Docker tool)',
  input: z.object({ container: z.string() }),
  output: z.object({ text: z.string() }),
  run: async ({ container }) => ({ text: `${container}: connecting… DB_PASSWORD=hunter2` }),
});
// A trusted source: daemon metadata.
const docker_status = defineTool({
  name: 'docker_status',
  description: 'Container status (test double)',
  input: z.object({ container: z.string() }),
  output: z.object({ container: z.string(), state: z.string() }),
  run: async ({ container }) => ({ container, state: 'running' }),
});

// The policies from the documentation, in the compact form.
const policies = {
  docker_logs: 'allow + mark_as_untrusted',
  docker_status: 'allow',
  slack_notify: 'block_when_context_is_untrusted',
};

function setup() {
  const slack_notify = createSlackNotify({ webhookUrl: slack.url });
  const registry = new ToolRegistry().register(docker_logs, docker_status, slack_notify);
  return { runtime: createRuntime({ registry, policies }), slack_notify };
}

describe('Database Health Monitor (documentation example)', () => {
  it('blocks docker_logs → slack_notify: nothing arrives, the violation names docker_logs', async () => {
    const { runtime, slack_notify } = setup();
    const before = slack.received.length;
    const wf = workflow('Database Health Monitor')
      .step('logs', docker_logs({ container: 'db' }))
      .step('notify', (s) => slack_notify({ channel: '#ops', text: s.logs.text }));
    const run = await runtime.run(wf).result;

    expect(run.status).toBe('succeeded_with_violations');
    expect(run.steps.logs!.status).toBe('succeeded');
    expect(run.steps.logs!.outputOutcome).toBe('untrusted');
    expect(run.steps.notify!.status).toBe('blocked');
    expect(run.steps.notify!.reason).toMatch(/untrusted data context/);
    expect(slack.received.length).toBe(before);

    const violations = await runtime.violations.list({ workflow: 'Database Health Monitor' });
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ tool: 'slack_notify', step: 'notify', verdict: 'block', sources: [{ step: 'logs', tool: 'docker_logs' }] });
    expect(violations[0]!.reason).toContain('Cannot send untrusted data externally');
    expect(JSON.stringify(violations[0])).not.toContain('hunter2');
    const [line] = await runtime.violations.lines();
    expect(line).toMatch(/^⛔ just now · Workflow: "Database Health Monitor" · Tool: slack_notify · Reason: Blocked — untrusted data context.* · Source: docker_logs$/);
  });

  it('sends when the data is trusted: the receiver gets the message', async () => {
    const { runtime, slack_notify } = setup();
    const wf = workflow('Status report')
      .step('status', docker_status({ container: 'db' }))
      .step('notify', (s) => slack_notify({ channel: '#ops', text: `db is ${s.status.state}` }));
    const run = await runtime.run(wf).result;
    expect(run.status).toBe('succeeded');
    expect(run.steps.notify!.status).toBe('succeeded');
    const last = slack.received.at(-1)!;
    expect(last.body).toMatchObject({ channel: '#ops', text: 'db is running' });
    expect(await runtime.violations.list()).toHaveLength(0);
  });
});

