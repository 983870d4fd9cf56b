/**
 * `@agentos/docker-tools` — Docker tools on dockerode (and an in-memory host),
 * a live container monitor, and a policy-guarded Docker MCP server.
 *
 * @example
 * ```ts
 * import { createDockerTools, createContainerMonitor, connectMonitorToRuntime } from '@agentos/docker-tools';
 * import { createRuntime, ToolRegistry, createSlackNotify } from '@agentos/core';
 * import { recommendedPolicies } from '@agentos/policy';
 *
 * const docker = createDockerTools(); // DOCKER_HOST or /var/run/docker.sock
 * const registry = new ToolRegistry().register(...docker.all, createSlackNotify({ webhookUrl }));
 * const runtime = createRuntime({ registry, policies: recommendedPolicies });
 * const monitor = createContainerMonitor(docker.hosts);
 * connectMonitorToRuntime(monitor, runtime);
 * await monitor.start();
 * ```
 * @packageDocumentation
 */
export * from './host/index.js';
export * from './monitor/index.js';
export * from './tools/index.js';
export * from './mcp/index.js';
