/**
 * Self-check, run in CI on the in-memory Docker host: a container event
 * triggers the runbook, the alert arrives; the log digest is blocked; the
 * HTTP API answers only with the token and shows the violation.
 */
import assert from 'node:assert/strict';
import type { RunRecord } from '@agentos/core';
import { startSlackReceiver } from '@agentos/core/testing';
import { createMemoryHost } from '@agentos/docker-tools';
import { startService } from './service.js';

const slack = await startSlackReceiver();
const host = createMemoryHost({
  name: 'memory',
  containers: [{ name: 'db', image: 'postgres:16', healthcheck: true, logs: 'ready\nconnecting with DB_PASSWORD=hunter2\n' }],
});
const token = 'example-token-123';
const service = await startService({ hosts: [host], slackWebhookUrl: slack.url, token });
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${service.url}/api${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

try {
  // 1. A container event triggers the self-healing runbook.
  const done = new Promise<RunRecord>((resolve) => service.runtime.on('run:end', (e) => e.run.workflow === 'Database Health Monitor' && resolve(e.run)));
  host.setHealth('db', 'unhealthy', 'pg_isready: no response');
  const run = await done;
  assert.equal(run.status, 'succeeded', JSON.stringify(run.steps, null, 2));
  assert.equal(run.trigger.type, 'event');
  assert.equal(run.trigger.container?.name, 'db');
  assert.equal((await host.status('db')).restartCount, 1);
  assert.match(String((slack.received.at(-1)?.body as { text?: string })?.text), /db was unhealthy; restarted it/);

  // 2. The log digest, run over HTTP: blocked at the notification.
  assert.equal((await fetch(`${service.url}/api/runs`, { method: 'POST', body: '{}' })).status, 401);
  const digest = service.runtime.workflows().find((w) => w.name === 'Log Digest')!;
  const started = await api('/runs', { method: 'POST', body: JSON.stringify({ workflow: digest.json }) });
  assert.equal(started.status, 202);
  const { runId } = (await started.json()) as { runId: string };
  let record: RunRecord | undefined;
  for (let i = 0; i < 50 && !record?.endedAt; i++) {
    record = ((await (await api(`/runs/${runId}`)).json()) as { run: RunRecord }).run;
    if (!record.endedAt) await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(record?.steps.notify?.status, 'blocked');
  assert.equal(slack.received.length, 1, 'nothing new reached Slack');
  const { lines } = (await (await api('/violations')).json()) as { lines: string[] };
  assert.ok(lines.some((l) => l.includes('Tool: slack_notify') && l.includes('Source: docker_logs')), lines.join('\n'));
  assert.ok(!JSON.stringify(lines).includes('hunter2'));
  console.log('runbook-as-code: all checks passed');
} finally {
  await service.close();
  await slack.close();
  await host.close();
}
