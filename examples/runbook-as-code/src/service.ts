/**
 * The service: a runtime with the Docker tools and Slack, the runbooks
 * registered for their triggers, the live monitor delivering container
 * events, and the AgentOS HTTP handler on 127.0.0.1 (bearer token required).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAgentOsHandler, createRuntime, createSlackNotify, ToolRegistry, type Runtime, type RuntimeStores } from '@agentos/core';
import { connectMonitorToRuntime, createContainerMonitor, createDockerTools, type DockerHost } from '@agentos/docker-tools';
import { definePolicies, recommendedPolicies } from '@agentos/policy';
import { runbooks } from './runbooks.js';

export interface ServiceOptions {
  hosts: DockerHost[];
  slackWebhookUrl: string;
  token: string;
  port?: number;
  container?: string;
  stores?: RuntimeStores;
}

/** Recommended policies, with docker_logs only marked untrusted (this service has no LLM sanitizer). */
export const servicePolicies = definePolicies({
  invocation: recommendedPolicies.toJSON().invocation,
  trustedData: [
    ...(recommendedPolicies.toJSON().trustedData ?? []).filter((p) => p.action !== 'sanitize_with_dual_llm'),
  ],
});

export async function startService(options: ServiceOptions): Promise<{ runtime: Runtime; url: string; server: Server; close(): Promise<void> }> {
  const docker = createDockerTools({ hosts: options.hosts });
  const slack_notify = createSlackNotify({ webhookUrl: options.slackWebhookUrl });
  const registry = new ToolRegistry().register(...docker.all, slack_notify);
  const runtime = createRuntime({ registry, policies: servicePolicies, ...(options.stores ? { stores: options.stores } : {}) });
  const { selfHeal, logDigest } = runbooks(docker, slack_notify, options.container);
  runtime.register(selfHeal);
  runtime.register(logDigest);

  const monitor = createContainerMonitor([...docker.hosts]);
  const disconnect = connectMonitorToRuntime(monitor, runtime);
  await monitor.start();

  const handler = createAgentOsHandler(runtime, { auth: { token: options.token }, monitor });
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    runtime,
    url,
    server,
    close: async () => {
      disconnect();
      await monitor.stop();
      await new Promise((r) => server.close(r));
      server.closeAllConnections?.();
      await runtime.close();
      await docker.close();
    },
  };
}
