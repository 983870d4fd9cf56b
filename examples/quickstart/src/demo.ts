/**
 * The AgentOS demo, end to end in the terminal:
 *   1. a runbook — "if container unhealthy → restart → alert" — triggered by the live monitor;
 *   2. the lethal trifecta — docker_logs → slack_notify — stopped at the notification;
 *   3. docker_exec — blocked always;
 *   4. the violation log.
 * Uses the real Docker engine when one is reachable, the in-memory host otherwise, and says which.
 * `--check` makes it assert every outcome and exit non-zero on a wrong one (CI runs it). `--memory` forces the in-memory host.
 */
import assert from 'node:assert/strict';
import { createRuntime, createSlackNotify, ToolRegistry, workflow, type RunRecord } from '@agentos/core';
import { startSlackReceiver } from '@agentos/core/testing';
import { connectMonitorToRuntime, createContainerMonitor, createDockerTools } from '@agentos/docker-tools';
import { definePolicies } from '@agentos/policy';
import { createStage, FAKE_SECRET } from './setup.js';
import { blocked, color as c, heading, info, ok, say, waiting } from './ui.js';

const check = process.argv.includes('--check');

/**
 * The recommended production policies, minus the dual-LLM sanitizer (this demo has no LLM;
 * with `sanitize_with_dual_llm` and no sanitizer, log output would be withheld outright — fail secure).
 */
const policies = definePolicies({
  invocation: [
    { tool: 'docker_exec', action: 'block_always', reason: 'Shell execution in containers is never allowed (shell injection risk)' },
    { tool: 'slack_notify', action: 'block_when_context_is_untrusted', reason: 'Cannot send untrusted data externally' },
    { tool: 'docker_restart', action: 'allow', conditions: [{ key: 'container', operator: 'regex', value: '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$' }], reason: 'Restart a validly named container' },
    { tool: 'docker_*', action: 'allow', reason: 'Docker metadata and logs may be read' },
  ],
  trustedData: [
    { tool: 'docker_logs', action: 'mark_as_untrusted', reason: 'Logs may contain secrets' },
    { tool: 'health_check', action: 'mark_as_untrusted', reason: 'Probe output is written by the container' },
    { tool: 'health_check', action: 'allow', fields: ['container', 'state', 'status', 'failingStreak'], reason: 'Computed by the Docker daemon' },
    { tool: 'docker_restart', action: 'allow', reason: 'Our own restart call' },
  ],
});

async function main() {
  say(c.bold('AgentOS — safe AI-driven operations over Docker'));
  const stage = await waiting('looking for a Docker engine…', createStage({ forceMemory: process.argv.includes('--memory') }));
  say(`${stage.kind === 'docker' ? c.green('●') : c.yellow('○')} ${stage.description}`);
  const slack = await startSlackReceiver();
  info(`a local Slack receiver stands in for Slack at ${slack.origin}`);

  const docker = createDockerTools({ hosts: [stage.host] });
  const slack_notify = createSlackNotify({ webhookUrl: slack.url });
  const registry = new ToolRegistry().register(...docker.all, slack_notify);
  const runtime = createRuntime({ registry, policies });
  const monitor = createContainerMonitor([stage.host]);
  try {
    // 1. The runbook, triggered by the live monitor when the database turns unhealthy.
    heading(1, 'Runbook: if container unhealthy → restart → alert');
    const selfHeal = workflow('Database Health Monitor', { trigger: { type: 'event', event: 'unhealthy', container: stage.db } })
      .step('health', docker.health_check({ container: stage.db }))
      .step('restart', (s) => docker.docker_restart({ container: s.health.container }), { when: (s) => s.health.status.equals('unhealthy') })
      .step('alert', (s) => slack_notify({ channel: '#ops', text: `${stage.db} was ${s.health.status} (failing streak ${s.health.failingStreak}); restarted it` }), {
        after: ['restart'],
      });
    runtime.register(selfHeal);
    const triggered = new Promise<RunRecord>((resolve) => {
      connectMonitorToRuntime(monitor, runtime, { events: ['unhealthy'], onRuns: (runs) => runs[0] && void runs[0].result.then(resolve) });
    });
    await monitor.start();
    const before = (await stage.host.status(stage.db)).restartCount;
    info(`the monitor watches ${monitor.snapshot().length} container(s) live from the Docker events stream`);
    await stage.breakDb();
    info(`chaos: ${stage.db} starts failing its health check`);
    const run = await waiting(`waiting for the monitor to see ${stage.db} turn unhealthy and run the runbook…`, triggered);
    ok(`health_check: status ${c.bold(String((run.steps.health?.output as { status?: string })?.status))} — a trusted field, computed by the daemon`);
    const after = (await stage.host.status(stage.db)).restartCount;
    ok(`docker_restart: ${stage.db} restarted (restart count ${before} → ${after})`);
    const alert = slack.received.at(-1)?.body as { text?: string } | undefined;
    ok(`slack_notify: sent — "${alert?.text ?? ''}"`);
    if (check) {
      assert.equal(run.status, 'succeeded', JSON.stringify(run.steps, null, 2));
      assert.ok(after > before, 'restart count rises');
      assert.equal(slack.received.length, 1);
    }

    // 2. The lethal trifecta: logs → Slack.
    heading(2, 'Runbook: docker_logs → slack_notify (the lethal trifecta)');
    const leak = workflow('Log Digest')
      .step('logs', docker.docker_logs({ container: stage.db, tail: 20 }))
      .step('notify', (s) => slack_notify({ channel: '#ops', text: `Latest logs:\n${s.logs.text}` }));
    const preview = runtime.preview(leak);
    info(`preview before running: ${preview.blocked.length ? c.red(`would block ${preview.blocked.join(', ')}`) : 'nothing blocked'}`);
    const leakRun = await runtime.run(leak).result;
    const logs = leakRun.steps.logs!;
    ok(`docker_logs: read ${(logs.output as { text: string }).text.split('\n').filter(Boolean).length} lines — labelled ${c.bold(String(logs.outputOutcome).toUpperCase())} (they hold ${FAKE_SECRET.split('=')[0]} and an injected instruction)`);
    blocked(`slack_notify: ${c.red(leakRun.steps.notify!.reason ?? "blocked")}`);
    info(`the Slack receiver got nothing new (${slack.received.length} message in total); the logs stay on this screen`);
    if (check) {
      assert.equal(leakRun.status, 'succeeded_with_violations');
      assert.equal(leakRun.steps.notify!.status, 'blocked');
      assert.deepEqual(leakRun.steps.notify!.decision?.sources, [{ step: 'logs', tool: 'docker_logs' }]);
      assert.equal(slack.received.length, 1);
      assert.ok(!JSON.stringify(slack.received).includes('demo-hunter2'));
    }

    // 3. Shell execution.
    heading(3, 'docker_exec — blocked always');
    const exec = await runtime.session({ name: 'Auto-Restart Services' }).call('docker_exec', { container: stage.db, cmd: ['sh', '-c', 'env'] }, { title: 'restart service' });
    blocked(`docker_exec: ${exec.status === 'blocked' ? exec.reason : exec.status}`);
    if (check) assert.equal(exec.status, 'blocked');

    // 4. The violation log.
    heading(4, 'Violation log');
    for (const line of await runtime.violations.lines()) say(`   ${line}`);
    if (check) {
      const lines = await runtime.violations.lines();
      assert.equal(lines.length, 2);
      assert.ok(lines.some((l) => l.includes('Tool: slack_notify') && l.includes('Source: docker_logs')));
    }
    say(`\n${c.dim('Next: write your own runbook (docs/workflows.md), policy (docs/policies.md) and policy test (examples/policy-tests).')}`);
    if (check) say('quickstart: all checks passed');
  } finally {
    await monitor.stop();
    await runtime.close();
    await docker.close();
    await slack.close();
    await stage.cleanup();
  }
}

main().catch((e) => {
  console.error(c.red(`demo failed: ${e instanceof Error ? e.message : String(e)}`));
  process.exitCode = 1;
});
