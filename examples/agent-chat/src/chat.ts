/**
 * Chat with the AgentOS agent.
 *
 *   npm start -w @agentos/example-agent-chat                        # interactive
 *   npm start -w @agentos/example-agent-chat -- "Fix all unhealthy containers and notify me"
 *
 * The model comes from AGENTOS_LLM_BASE_URL / AGENTOS_LLM_API_KEY / AGENTOS_LLM_MODEL;
 * without them it explains what to set and exits with code 2.
 * `--docker` uses your Docker engine instead of the in-memory demo host.
 */
import { createInterface } from 'node:readline/promises';
import { LlmConfigError } from '@agentos/agent';
import { explainLlmSetup, modelsFromEnv } from './env.js';
import { color as c, render, say } from './render.js';
import { createChatStage, type ChatStage } from './stage.js';

async function turn(stage: ChatStage, message: string): Promise<void> {
  try {
    for await (const event of stage.agent.chat(message)) render(event);
  } catch (e) {
    const err = e as Error & { hint?: string };
    say(c.red(`✗ ${err.message}`));
    if (err.hint) say(c.dim(`  hint: ${err.hint}`));
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  let models;
  try {
    models = modelsFromEnv();
  } catch (e) {
    if (e instanceof LlmConfigError) {
      process.stderr.write(`${explainLlmSetup(e)}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
  const args = process.argv.slice(2).filter((a) => a !== '--docker');
  const stage = await createChatStage({
    ...models,
    docker: process.argv.includes('--docker') ? 'local' : 'memory',
    ...(process.env.SLACK_WEBHOOK_URL ? { slackWebhookUrl: process.env.SLACK_WEBHOOK_URL } : {}),
  });
  try {
    say(c.bold('AgentOS agent chat'));
    say(c.dim(`model: ${models.llm.model} at ${models.llm.endpoint}`));
    say(c.dim(`docker: ${stage.dockerDescription}`));
    say(c.dim(`slack: ${stage.slackDescription}`));
    say(c.dim('policies: recommended production policies + ai_analyze quarantine; every call is checked before it runs'));
    const message = args.join(' ').trim();
    if (message) {
      say(`\n${c.bold('you')} ${message}`);
      await turn(stage, message);
    } else {
      say(c.dim('Try: "Fix all unhealthy containers and notify me", "Why is db unhealthy?". Type exit to quit.'));
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      rl.setPrompt(`\n${c.bold('you')} `);
      rl.prompt();
      try {
        // Ends on EOF (Ctrl+D, or the end of piped input) and on Ctrl+C.
        for await (const raw of rl) {
          const line = raw.trim();
          if (line === 'exit' || line === 'quit') break;
          if (line) await turn(stage, line);
          rl.prompt();
        }
      } finally {
        rl.close();
      }
    }
    if (stage.slackReceiver) {
      const got = stage.slackReceiver.received.map((r) => (r.body as { text?: string }).text ?? r.raw);
      say(c.dim(`\nthe Slack stand-in received ${got.length} message(s)${got.length ? `: ${got.map((t) => JSON.stringify(t)).join(', ')}` : ''}`));
    }
    const lines = await stage.runtime.violations.lines();
    if (lines.length) {
      say(c.dim('violation log:'));
      for (const l of lines) say(c.dim(`  ${l}`));
    }
  } finally {
    await stage.close();
  }
}

await main();
