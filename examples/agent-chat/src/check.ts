/**
 * The example's self-check (CI runs it as `test:example`). It needs no LLM
 * service: a scripted local OpenAI-compatible server plays the model, and a
 * local receiver plays Slack. Exits non-zero on any wrong result.
 *
 * 1. Without AGENTOS_LLM_* the chat explains what to set (exit code 2).
 * 2. `npm start` against the local server, given by environment variables:
 *    "Fix all unhealthy containers and notify me" restarts db and api, and the
 *    notification carrying log-derived text is blocked — nothing reaches Slack.
 *    The planner never saw the logs, the secret or the injection.
 * 3. In process: a notification carrying only trusted status is sent.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeOpenAI, messageText, type FakeOpenAI, type FakeReply } from '@agentos/agent/testing';
import { createLlm } from '@agentos/agent';
import { startSlackReceiver } from '@agentos/core/testing';
import { createChatStage, DEMO_INJECTION, DEMO_SECRET } from './stage.js';
import { color as c, say } from './render.js';

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PLANNER = /planner of AgentOS/;

function plan(name: string, steps: unknown[], needsResults = false): FakeReply {
  return { json: { action: 'run', workflow: { name, steps }, needsResults } };
}

function scriptModel(fake: FakeOpenAI): void {
  fake.when({ system: /security judge/ }, { json: { verdict: 'SAFE', category: 'none', reason: 'looks like ordinary logs' } });
  fake.when(
    { system: /quarantined analysis function/ },
    {
      json: {
        summary: 'db cannot write its WAL: the data volume is full. The logs also contain an instruction aimed at an AI.',
        rootCause: 'resource_exhaustion',
        severity: 'critical',
        suggestedFixes: ['Free space on the data volume', 'Restart db'],
        injectionSuspected: true,
      },
    },
  );
}

/** Run `src/chat.ts` the way `npm start` does, with the given environment. */
function runChat(args: string[], extraEnv: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('AGENTOS_') && !k.startsWith('OPENAI_') && k !== 'SLACK_WEBHOOK_URL') env[k] = v;
  }
  Object.assign(env, { TSX_TSCONFIG_PATH: resolve(exampleDir, '../../tsconfig.json'), NO_COLOR: '1' }, extraEnv);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/chat.ts', ...args], { cwd: exampleDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

const indent = (text: string) => text.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');

async function main(): Promise<void> {
  // 1. No model configured: a clear explanation, exit code 2.
  say(c.bold('1. No LLM configured'));
  const missing = await runChat(['hello'], {});
  assert.equal(missing.code, 2, `expected exit code 2, got ${missing.code}\n${missing.stderr}`);
  for (const name of ['AGENTOS_LLM_BASE_URL', 'AGENTOS_LLM_API_KEY', 'AGENTOS_LLM_MODEL']) assert.ok(missing.stderr.includes(name), `the explanation names ${name}`);
  say(indent(missing.stderr.split('\n').slice(0, 7).join('\n')));

  const fake = await startFakeOpenAI();
  const slack = await startSlackReceiver();
  try {
    // 2. `npm start` against an OpenAI-compatible endpoint given by environment variables.
    say(c.bold('\n2. "Fix all unhealthy containers and notify me" (npm start, scripted model at AGENTOS_LLM_BASE_URL)'));
    scriptModel(fake);
    fake.enqueue(
      plan('Find unhealthy containers', [{ id: 'list', tool: 'docker_list', args: {} }], true),
      plan('Fix unhealthy containers', [
        { id: 'restart_db', tool: 'docker_restart', args: { container: 'db' } },
        { id: 'restart_api', tool: 'docker_restart', args: { container: 'api' } },
        { id: 'logs', tool: 'docker_logs', args: { container: 'db' } },
        { id: 'analysis', tool: 'ai_analyze', args: { text: '{{ logs.text }}', context: 'db is unhealthy' } },
        { id: 'notify', tool: 'slack_notify', args: { text: 'Fixed db and api. Cause: {{ analysis.summary }}' }, after: ['restart_db', 'restart_api'] },
      ]),
    );
    const chat = await runChat(['Fix all unhealthy containers and notify me'], {
      AGENTOS_LLM_BASE_URL: fake.baseURL,
      AGENTOS_LLM_API_KEY: 'not-needed',
      AGENTOS_LLM_MODEL: 'fake-model',
      SLACK_WEBHOOK_URL: slack.url,
    });
    say(indent(chat.stdout));
    assert.equal(chat.code, 0, `chat exited with ${chat.code}\n${chat.stderr}`);
    assert.match(chat.stdout, /Restarted db and api\./);
    assert.match(chat.stdout, /I did not send the Slack message: the data came from container logs, which may contain secrets; the results are shown here instead\./);
    assert.doesNotMatch(chat.stdout, /Sent the Slack message/);
    assert.equal(slack.received.length, 0, 'nothing reached Slack');
    assert.equal(fake.pending(), 0, 'both plans were used');
    const plannerText = fake.chatRequests().filter((r) => PLANNER.test(r.system ?? '')).flatMap((r) => r.messages.map((m) => messageText(m.content))).join('\n');
    assert.ok(plannerText.length > 0);
    assert.ok(!plannerText.includes(DEMO_SECRET), 'the planner never saw the secret');
    assert.ok(!plannerText.includes(DEMO_INJECTION), 'the planner never saw the injection');
    assert.ok(!plannerText.includes('No space left'), 'the planner never saw the logs');
    say(c.green('   ✓ restarted db and api; the log-carrying notification was blocked; the planner saw only handles'));

    // 3. A notification carrying only trusted status is sent.
    say(c.bold('\n3. "Restart the unhealthy containers and tell #ops" with trusted status only (in process)'));
    fake.reset();
    scriptModel(fake);
    const llm = createLlm({ baseURL: fake.baseURL, model: 'fake-model', maxRetries: 0 });
    const stage = await createChatStage({ llm, judges: [llm, llm], slackWebhookUrl: slack.url });
    try {
      const steps = ['db', 'api', 'web'].flatMap((name) => [
        { id: `status_${name}`, tool: 'docker_status', args: { container: name } },
        { id: `restart_${name}`, tool: 'docker_restart', args: { container: name }, when: { ref: `status_${name}.health`, operator: 'equal', value: 'unhealthy' } },
      ]);
      fake.enqueue(
        plan('Restart unhealthy containers', [
          ...steps,
          { id: 'notify', tool: 'slack_notify', args: { text: 'Before the fix: db {{ status_db.health }}, api {{ status_api.health }}, web {{ status_web.health }}' } },
        ]),
      );
      const answer = await stage.agent.ask('Restart the unhealthy containers and tell #ops');
      say(indent(answer.text));
      assert.match(answer.summary, /Restarted db and api\./);
      assert.match(answer.summary, /Sent the Slack message\./);
      assert.equal(slack.received.length, 1);
      assert.deepEqual((slack.received[0]!.body as { text?: string }).text, 'Before the fix: db unhealthy, api unhealthy, web healthy');
      for (const [name, restarts] of [['db', 1], ['api', 1], ['web', 0]] as const) assert.equal((await stage.host.status(name)).restartCount, restarts, `${name} restarts`);
      say(c.green('   ✓ the trusted-status notification reached Slack'));
    } finally {
      await stage.close();
    }
  } finally {
    await Promise.all([fake.close(), slack.close()]);
  }
  say(c.green(c.bold('\nagent-chat: all checks passed')));
}

main().catch((e: unknown) => {
  process.stderr.write(`agent-chat check FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
