/**
 * `npm start`: build the front end if needed, then serve the monitor app on
 * http://127.0.0.1:8790 — on the real Docker engine, or on the in-memory
 * demo host when no daemon answers (the page says so).
 *
 *   npm start -w @agentos/example-monitor-app               # auto
 *   npm start -w @agentos/example-monitor-app -- --memory   # in-memory host
 *   npm start -w @agentos/example-monitor-app -- --port 9000
 *
 * Environment: AGENTOS_TOKEN (default: a fresh random token), SLACK_WEBHOOK_URL
 * (default: a local stand-in on 127.0.0.1 that prints what it receives).
 */
import { parseArgs } from 'node:util';
import { startSlackReceiver, type HttpReceiver } from '@agentos/core/testing';
import { buildFrontEnd, frontEndBuildReason } from './front-end-build.js';
import { DEFAULT_PORT, startMonitorApp } from './server.js';

const { values } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    docker: { type: 'boolean', default: false },
    port: { type: 'string' },
  },
});
if (values.memory && values.docker) {
  console.error('Give --memory or --docker, not both.');
  process.exit(2);
}
const port = values.port !== undefined ? Number(values.port) : DEFAULT_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0–65535), got "${values.port}".`);
  process.exit(2);
}

const why = await frontEndBuildReason();
if (why) {
  console.log(`Building the front end (${why})…`);
  await buildFrontEnd();
}

let slackStandIn: HttpReceiver | undefined;
let slackWebhookUrl = process.env.SLACK_WEBHOOK_URL;
if (!slackWebhookUrl) {
  // No Slack configured: a local stand-in records what would have been posted.
  slackStandIn = await startSlackReceiver();
  slackWebhookUrl = slackStandIn.url;
  const received = slackStandIn.received;
  let printed = 0;
  setInterval(() => {
    for (; printed < received.length; printed++) console.log(`[slack stand-in] received: ${received[printed]!.raw}`);
  }, 500).unref();
}

const app = await startMonitorApp({
  port,
  host: '127.0.0.1',
  slackWebhookUrl,
  docker: values.memory ? 'memory' : values.docker ? 'docker' : 'auto',
  ...(process.env.AGENTOS_TOKEN ? { token: process.env.AGENTOS_TOKEN } : {}),
});

console.log(`
  AgentOS monitor app  ${app.url}

  Docker   ${app.docker.kind === 'memory' ? 'IN-MEMORY HOST — ' : ''}${app.docker.description}
  Token    ${app.token}
           (the page on ${app.url} gets it automatically; API clients send "Authorization: Bearer <token>")
  Slack    ${slackStandIn ? `local stand-in at ${slackStandIn.origin} (set SLACK_WEBHOOK_URL for a real workspace)` : 'SLACK_WEBHOOK_URL'}

  Ctrl+C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await app.close();
  await slackStandIn?.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
