/**
 * Run the service against the local Docker engine:
 *   SLACK_WEBHOOK_URL=https://hooks.slack.com/services/… AGENTOS_TOKEN=… npm start -w @agentos/example-runbook-as-code
 */
import { createStores } from '@agentos/core';
import { createHosts, detectDocker, type DockerHost } from '@agentos/docker-tools';
import { startService } from './service.js';

const token = process.env.AGENTOS_TOKEN;
const slack = process.env.SLACK_WEBHOOK_URL;
if (!token || token.length < 8 || !slack) {
  console.error('Set AGENTOS_TOKEN (at least 8 characters; clients send it as a bearer token) and SLACK_WEBHOOK_URL.');
  process.exit(2);
}
const docker = await detectDocker();
if (!docker.available) {
  console.error(`No Docker engine: ${docker.description}`);
  process.exit(2);
}
const service = await startService({
  hosts: createHosts({ name: 'local', fromEnv: true }) as DockerHost[],
  slackWebhookUrl: slack,
  token,
  port: Number(process.env.PORT ?? 8787),
  container: process.env.WATCH_CONTAINER ?? 'db',
  stores: await createStores({ dir: process.env.AGENTOS_DATA_DIR ?? '.agentos' }),
});
console.log(`AgentOS runbook service on ${service.url}/api (bearer token required); watching ${docker.description}`);
for (const run of await service.runtime.interruptedRuns()) console.log(`interrupted by the last shutdown: ${run.workflow} (${run.id}) — resume or fail it`);
process.on('SIGINT', () => void service.close().then(() => process.exit(0)));
