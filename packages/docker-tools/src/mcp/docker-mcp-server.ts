/**
 * The Docker MCP server: the Docker tools plus core's sinks (`slack_notify`,
 * `webhook_post`, `email_send`) behind a guarded runtime with the
 * recommended policies, served over stdio or Streamable HTTP by core's
 * `serveMcp`.
 * @module
 */
import {
  AgentOSError,
  createEmailSend,
  createRuntime,
  createSlackNotify,
  createWebhookPost,
  serveMcp,
  ToolRegistry,
  type AnyTool,
  type EmailSendConfig,
  type McpServerHandle,
  type Runtime,
  type RuntimeStores,
  type ServeMcpStdio,
  type SlackNotifyConfig,
  type WebhookPostConfig,
} from '@agentos/core';
import { recommendedPolicies, type PolicySetLike, type Sanitizer } from '@agentos/policy';
import { createDockerTools, type DockerTools, type DockerToolsOptions } from '../tools/create-docker-tools.js';

/** Serve over Streamable HTTP. Binds to 127.0.0.1 by default; a bearer token is required. */
export interface DockerMcpHttpTransport {
  transport: 'http';
  /** Default 0: any free port (see the handle's `url`). */
  port?: number;
  /** Address to bind (default `127.0.0.1`). */
  host?: string;
  /** Clients must send `Authorization: Bearer <token>`. */
  token: string;
  /** Default `/mcp`. */
  path?: string;
  /** Browser origins allowed to call (default none). */
  allowedOrigins?: string[];
}

/** Where to serve: stdio (default) or HTTP. */
export type DockerMcpTransport = ServeMcpStdio | DockerMcpHttpTransport;

/** Options of {@link createDockerMcpServer}. */
export interface DockerMcpServerOptions {
  /** Ready-made Docker tools, or options for `createDockerTools` (default: the local engine). */
  docker?: DockerTools | DockerToolsOptions;
  /** Registers `slack_notify` when given. */
  slack?: SlackNotifyConfig;
  /** Registers `webhook_post` when given. */
  webhook?: WebhookPostConfig;
  /** Registers `email_send` when given. */
  email?: EmailSendConfig;
  /** More tools to serve (their names must not clash). */
  tools?: AnyTool[];
  /** The policies (default: `recommendedPolicies`). A policy file can replace them. */
  policies?: PolicySetLike;
  /**
   * The dual-LLM sanitizer for outputs under `sanitize_with_dual_llm` (the
   * recommended policies put `docker_logs` there). Without one, such outputs
   * are withheld (fail secure).
   */
  sanitizer?: Sanitizer;
  /** Where runs and violations are kept (default: in memory). */
  stores?: Partial<RuntimeStores>;
  /** Server name announced to clients (default `agentos-docker`). */
  name?: string;
  /** Server version announced to clients. */
  version?: string;
  /** Errors outside a request (default `process.emitWarning`). */
  onError?: (error: Error) => void;
}

/**
 * A Docker MCP server: a runtime with the tools, ready to serve. Made by {@link createDockerMcpServer}.
 * @example
 * ```ts
 * const server = createDockerMcpServer({ docker: { hosts: [createMemoryHost()] } });
 * const http = await server.listen({ transport: 'http', port: 8808, token: process.env.AGENTOS_MCP_TOKEN! });
 * console.error(http.url, server.toolNames);
 * console.error(await server.runtime.violations.lines());
 * await server.close();
 * ```
 */
export interface DockerMcpServer {
  /** The guarded runtime every MCP call goes through (violations: `runtime.violations.list()`). */
  readonly runtime: Runtime;
  readonly registry: ToolRegistry;
  readonly docker: DockerTools;
  /** Names of the served tools. */
  readonly toolNames: string[];
  /** Start serving (stdio by default). Can be called more than once (e.g. stdio and HTTP). */
  listen(transport?: DockerMcpTransport): Promise<McpServerHandle>;
  /** Stop serving, close the runtime and the Docker hosts this server created. */
  close(): Promise<void>;
}

function isDockerTools(v: unknown): v is DockerTools {
  return typeof v === 'object' && v !== null && Array.isArray((v as DockerTools).all) && typeof (v as DockerTools).close === 'function';
}

/**
 * Create the Docker MCP server. Each MCP session is one runtime session in
 * `context` mode: once the client has seen an untrusted result (e.g.
 * `docker_logs`), later sink calls of that session are blocked;
 * `docker_exec` and `docker_run` are blocked always (recommended policies).
 * @example
 * ```ts
 * const server = createDockerMcpServer({
 *   docker: { hosts: [{ name: 'local', fromEnv: true }] },
 *   slack: { webhookUrl: process.env.SLACK_WEBHOOK_URL!, defaultChannel: '#ops' },
 * });
 * await server.listen();                                                     // stdio (Claude Desktop)
 * const http = await server.listen({ transport: 'http', port: 8808, token: process.env.AGENTOS_MCP_TOKEN! });
 * console.error(`MCP on ${http.url}`);
 * ```
 */
export function createDockerMcpServer(options: DockerMcpServerOptions = {}): DockerMcpServer {
  const ownsDocker = !isDockerTools(options.docker);
  const docker = isDockerTools(options.docker) ? options.docker : createDockerTools(options.docker ?? {});
  const sinks: AnyTool[] = [];
  try {
    if (options.slack) sinks.push(createSlackNotify(options.slack));
    if (options.webhook) sinks.push(createWebhookPost(options.webhook));
    if (options.email) sinks.push(createEmailSend(options.email));
  } catch (e) {
    if (ownsDocker) void docker.close();
    throw e;
  }
  const registry = new ToolRegistry().register(...docker.all, ...sinks, ...(options.tools ?? []));
  const runtime = createRuntime({
    registry,
    policies: options.policies ?? recommendedPolicies,
    ...(options.sanitizer ? { sanitizer: options.sanitizer } : {}),
    ...(options.stores ? { stores: options.stores } : {}),
  });
  const handles: McpServerHandle[] = [];
  let closing: Promise<void> | undefined;
  const serveOptions = {
    name: options.name ?? 'agentos-docker',
    version: options.version ?? '0.1.0',
    workflowName: 'MCP session',
    ...(options.onError ? { onError: options.onError } : {}),
  };
  return {
    runtime,
    registry,
    docker,
    toolNames: registry.list().map((t) => t.name),
    async listen(transport: DockerMcpTransport = { transport: 'stdio' }) {
      if (closing) throw new AgentOSError('MCP_CONFIG', 'the Docker MCP server is closed', { hint: 'create a new one with createDockerMcpServer()' });
      if (transport.transport === 'http' && (typeof transport.token !== 'string' || transport.token.trim() === '')) {
        throw new AgentOSError('MCP_CONFIG', 'the HTTP transport needs a bearer token', {
          path: ['token'],
          hint: 'pass { transport: "http", token: "<a long random secret>" } (the CLI reads --token or AGENTOS_MCP_TOKEN)',
        });
      }
      const t = transport.transport === 'http' ? { ...transport, host: transport.host ?? '127.0.0.1' } : transport;
      const handle = await serveMcp(runtime, t, serveOptions);
      handles.push(handle);
      return handle;
    },
    close() {
      closing ??= (async () => {
        const results = await Promise.allSettled(handles.splice(0).map((h) => h.close()));
        await runtime.close();
        if (ownsDocker) await docker.close();
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      })();
      return closing;
    },
  };
}
