/**
 * Container actions and agent chat over a real server and runtime: every
 * action goes through the policies (Monitor session or workflow run).
 */
import { recommendedPolicies } from '@agentos/policy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createContainerMonitor, createDockerTools, createMemoryHost, type ContainerMonitor, type MemoryDockerHost } from '@agentos/docker-tools';
import { call, openEvents, startApiServer, TEST_POLICIES, type ApiServer } from './fixtures/api-server.js';
import type { AgentChatEvent, ContainerView } from './types.js';

const LOGS = 'db ready\nconnecting with DB_PASSWORD=hunter2\nerror: too many connections';

let host: MemoryDockerHost;
let monitor: ContainerMonitor;
let api: ApiServer;
const suggestions: ContainerView[] = [];

beforeAll(async () => {
  host = createMemoryHost({ name: 'local', containers: [{ name: 'db', healthcheck: true, logs: LOGS }, { name: 'web' }] });
  monitor = createContainerMonitor(host);
  await monitor.start();
  api = await startApiServer({
    host,
    monitor,
    handler: {
      alert: { channel: '#alerts' },
      actions: {
        fixSuggestion: async (container) => {
          suggestions.push(container);
          return { text: `Restart ${container.name}: it is ${container.health}`, label: 'Restart suggested' };
        },
      },
      agent: {
        async *chat(message: string, { signal }: { signal: AbortSignal }): AsyncIterable<AgentChatEvent> {
          yield { type: 'plan', steps: ['docker_list'] };
          if (message === 'fail') throw new Error('the LLM is unreachable');
          yield { type: 'answer', text: `You asked: ${message}`, aborted: signal.aborted };
        },
      },
    },
  });
});
afterAll(async () => {
  await api?.close();
  await monitor?.stop();
  await host?.close();
});

describe('restart', () => {
  it('restarts through a Monitor session: done, the count rises, the live view follows', async () => {
    const events = await openEvents(`${api.api}/events`, { authorization: `Bearer ${api.token}` });
    try {
      await events.waitFor((m) => m.event === 'containers:snapshot');
      const { status, body } = await call(api, 'POST', '/containers/db/actions/restart', {});
      expect(status).toBe(200);
      expect(body).toMatchObject({ action: 'restart', container: 'db', status: 'done', message: 'Restarted db', decision: { verdict: 'allow' }, runId: expect.stringMatching(/^ses_/) });
      const update = await events.waitFor((m) => m.event === 'container:update' && m.data.change === 'restart');
      expect(update.data.container).toMatchObject({ name: 'db', restartCount: 1 });
      // The call went through the runtime: it shows as a session step.
      const step = await events.waitFor((m) => m.event === 'step:end' && m.data.tool === 'docker_restart');
      expect(step.data).toMatchObject({ workflow: 'Monitor', step: { status: 'succeeded' } });
    } finally {
      await events.close();
    }
  });

  it('reports a failed restart (unknown container) as failed, with the reason', async () => {
    const { status, body } = await call(api, 'POST', '/containers/nope/actions/restart', { host: 'local' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'failed', container: 'nope', message: expect.stringMatching(/nope/) });
  });
});

describe('alert', () => {
  it('is blocked for Slack (data from docker_logs) and shown on screen only; Slack gets nothing', async () => {
    const { status, body } = await call(api, 'POST', '/containers/db/actions/alert', {});
    expect(status).toBe(200);
    expect(body).toMatchObject({
      action: 'alert',
      container: 'db',
      status: 'blocked',
      message: 'Alert displayed on screen only: the data comes from docker_logs',
      decision: { verdict: 'block' },
    });
    // Shown on screen, with secrets masked (the raw logs never leave the server, even to the page).
    expect(body.output.text).toBe(`Alert for db: ${LOGS.replace('hunter2', '[REDACTED:secret-assignment]')}\n`);
    expect(body.output.text).not.toContain('hunter2');
    expect(api.slack.received).toHaveLength(0);
    const run = await api.runtime.getRun(body.runId);
    expect(run).toMatchObject({ workflow: 'Send Alert', steps: { logs: { status: 'succeeded' }, notify: { status: 'blocked' } } });
    expect(run!.json.steps[1]!.args).toEqual({ channel: '#alerts', text: 'Alert for db: {{ logs.text }}' });
    const { body: v } = await call(api, 'GET', '/violations?workflow=Send%20Alert');
    expect(v.lines[0]).toMatch(/^⛔ just now · Workflow: "Send Alert" · Tool: slack_notify · Reason: .* · Source: docker_logs$/);
  });
});

describe('fix-suggestion', () => {
  it('asks the configured provider with the container as the dashboard sees it', async () => {
    const { status, body } = await call(api, 'POST', '/containers/db/actions/fix-suggestion', {});
    expect(status).toBe(200);
    expect(body).toMatchObject({ action: 'fix-suggestion', status: 'done', message: 'Restart suggested', output: { text: expect.stringMatching(/^Restart db: it is /) } });
    expect(suggestions.at(-1)).toMatchObject({ name: 'db', host: 'local', state: 'running' });
    const missing = await call(api, 'POST', '/containers/ghost/actions/fix-suggestion', {});
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('CONTAINER_NOT_FOUND');
  });
});

describe('agent chat', () => {
  it('streams the agent events as SSE', async () => {
    const res = await fetch(`${api.api}/agent/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'restart db' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    expect(text).toContain('event: plan\ndata: {"type":"plan","steps":["docker_list"]}\n\n');
    expect(text).toContain('event: answer\ndata: {"type":"answer","text":"You asked: restart db","aborted":false}\n\n');
  });

  it('ends with an error event (no stack) when the agent fails', async () => {
    const res = await fetch(`${api.api}/agent/chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'fail' }),
    });
    const text = await res.text();
    expect(text).toContain('event: plan');
    expect(text).toContain('event: error\ndata: {"type":"error","code":"INTERNAL"');
    expect(text).not.toContain('unreachable'); // a plain Error's message stays in the server log
    expect(api.errors.some((e) => e instanceof Error && e.message === 'the LLM is unreachable')).toBe(true);
    expect((await call(api, 'POST', '/agent/chat', { message: '' })).status).toBe(400);
  });
});

describe('without the tools, an LLM or an agent', () => {
  const servers: ApiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('answers 501 naming the missing tool, or the missing LLM / agent', async () => {
    const bare = await startApiServer({ host, without: ['docker_restart', 'slack_notify'] });
    servers.push(bare);
    const restart = await call(bare, 'POST', '/containers/db/actions/restart', {});
    expect(restart.status).toBe(501);
    expect(restart.body.error).toMatchObject({ code: 'TOOL_NOT_REGISTERED', message: expect.stringContaining('"docker_restart"') });
    const alert = await call(bare, 'POST', '/containers/db/actions/alert', {});
    expect(alert.status).toBe(501);
    expect(alert.body.error.message).toContain('"slack_notify"');
    const fix = await call(bare, 'POST', '/containers/db/actions/fix-suggestion', {});
    expect(fix.status).toBe(501);
    expect(fix.body.error).toMatchObject({ code: 'NO_LLM', message: expect.stringContaining('no') });
    const chat = await call(bare, 'POST', '/agent/chat', { message: 'hi' });
    expect(chat.status).toBe(501);
    expect(chat.body.error.code).toBe('NO_AGENT');
    expect(bare.errors).toEqual([]);
  });
});

describe('under other policies', () => {
  const servers: ApiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('blocks a restart the policies forbid, with the decision', async () => {
    const strict = await startApiServer({ host, policies: { ...TEST_POLICIES, docker_restart: 'block_always' } });
    servers.push(strict);
    const before = (await host.status('web')).restartCount;
    const { body } = await call(strict, 'POST', '/containers/web/actions/restart', {});
    expect(body).toMatchObject({ status: 'blocked', decision: { verdict: 'block' } });
    expect(body.message.length).toBeGreaterThan(0);
    expect((await host.status('web')).restartCount).toBe(before);
  });

  it('waits for approval when the policies say so; approving through the API restarts', async () => {
    const careful = await startApiServer({ host, policies: { ...TEST_POLICIES, docker_restart: 'require_approval' } });
    servers.push(careful);
    const before = (await host.status('web')).restartCount;
    const { body } = await call(careful, 'POST', '/containers/web/actions/restart', {});
    expect(body).toMatchObject({ status: 'awaiting_approval', message: 'Restarting web waits for approval', output: { runId: expect.any(String), stepId: expect.any(String) } });
    expect((await host.status('web')).restartCount).toBe(before);
    const approvals = (await call(careful, 'GET', '/approvals')).body.approvals;
    expect(approvals).toEqual([expect.objectContaining({ runId: body.output.runId, tool: 'docker_restart', args: { container: 'web' } })]);
    expect((await call(careful, 'POST', `/approvals/${body.output.runId}/${body.output.stepId}/approve`, { by: 'alice' })).body).toEqual({ ok: true });
    expect((await host.status('web')).restartCount).toBe(before + 1);
  });

  it('does not send an alert whose logs the recommended policies withhold (no sanitizer)', async () => {
    const recommended = await startApiServer({ host, policies: recommendedPolicies });
    servers.push(recommended);
    const { body } = await call(recommended, 'POST', '/containers/db/actions/alert', {});
    expect(body).toMatchObject({ status: 'blocked', message: expect.stringMatching(/^Alert not sent: the logs of db could not be read \(Output blocked: no sanitizer/) });
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(recommended.slack.received).toHaveLength(0);
  });
});

describe('with the real Docker tools (createDockerTools over the memory host)', () => {
  const servers: ApiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('restarts, and shows a blocked alert on screen only with the docker_logs text', async () => {
    const docker = createDockerTools({ hosts: [host] });
    const real = await startApiServer({ dockerTools: docker.all, policies: { ...TEST_POLICIES, docker_status: 'allow' } });
    servers.push(real);
    const before = (await host.status('db')).restartCount;
    const restart = await call(real, 'POST', '/containers/db/actions/restart', { host: 'local' });
    expect(restart.body).toMatchObject({ status: 'done', message: 'Restarted db' });
    expect((await host.status('db')).restartCount).toBe(before + 1);

    const alert = await call(real, 'POST', '/containers/db/actions/alert', {});
    expect(alert.body).toMatchObject({ status: 'blocked', message: 'Alert displayed on screen only: the data comes from docker_logs' });
    expect(alert.body.output.text).toMatch(/^Alert for db: .*error: too many connections/s);
    expect(real.slack.received).toHaveLength(0);
    await docker.close();
  });
});
