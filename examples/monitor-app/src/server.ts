/**
 * The monitor app's server: Docker tools + Slack on a guarded runtime, the
 * live container monitor, the AgentOS HTTP API at `/api` (bearer token
 * required) and the built React front end for everything else — on
 * 127.0.0.1 by default.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAgentOsHandler, createRuntime, createSlackNotify, ToolRegistry, type AgentLike, type Runtime } from '@agentos/core';
import { connectMonitorToRuntime, createContainerMonitor, createDockerTools, type ContainerMonitor } from '@agentos/docker-tools';
import { AgentOSError } from '@agentos/policy';
import { chooseDockerHosts, type DockerChoice } from './docker-choice.js';
import { hostHeaderAllowed, isLoopback, renderIndexHtml } from './page-config.js';
import { appPolicies } from './policies.js';
import { createStaticFiles } from './static-files.js';

/** The default port of `npm start`. */
export const DEFAULT_PORT = 8790;
/** Where `vite build` writes the front end. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../dist', import.meta.url));

/** Options of {@link startMonitorApp}. */
export interface MonitorAppOptions {
  /** Port (default 8790; 0 for a free one). */
  port?: number;
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** The API token (at least 8 characters). Default: a fresh random one (see `token` on the result). */
  token?: string;
  /** The Slack incoming-webhook URL `slack_notify` posts to. */
  slackWebhookUrl: string;
  /** Which Docker engine to watch. Default `auto` (the local engine, else the in-memory demo host). */
  docker?: DockerChoice;
  /** Watch only containers with these labels (default: every container of the engine). */
  containerLabels?: Record<string, string>;
  /** The built front end (default: this example's `dist/`). */
  staticDir?: string;
  /**
   * Hand the token to the page in a `<meta>` tag. Default: true when bound to
   * a loopback address, and it cannot be turned on otherwise — then the page
   * asks for the token.
   */
  tokenInPage?: boolean;
  /** An agent for the chat (`@agentos/agent`). Without one the chat says no LLM is configured. */
  agent?: AgentLike;
}

/** A running app. */
export interface MonitorApp {
  /** `http://127.0.0.1:<port>` — open it in a browser. */
  readonly url: string;
  /** The API token. */
  readonly token: string;
  /** What the app watches: the real engine or the in-memory host, in a sentence. */
  readonly docker: { kind: 'docker' | 'memory'; description: string };
  /** Whether the page gets the token in a meta tag (else it shows a sign-in form). */
  readonly tokenInPage: boolean;
  readonly runtime: Runtime;
  readonly monitor: ContainerMonitor;
  readonly server: Server;
  /** Stop the server, the monitor and the runtime, and close the hosts it created. */
  close(): Promise<void>;
}

/**
 * Start the monitor app.
 * @example
 * ```ts
 * const app = await startMonitorApp({ slackWebhookUrl: process.env.SLACK_WEBHOOK_URL!, docker: 'auto' });
 * console.log(`open ${app.url} (token ${app.token}); ${app.docker.description}`);
 * // … later
 * await app.close();
 * ```
 */
export async function startMonitorApp(options: MonitorAppOptions): Promise<MonitorApp> {
  const bind = options.host ?? '127.0.0.1';
  const loopback = isLoopback(bind);
  if (options.tokenInPage && !loopback) {
    throw new AgentOSError('MONITOR_APP_CONFIG', `tokenInPage needs a loopback address, but the app binds to ${bind}`, {
      path: ['tokenInPage'],
      hint: 'anyone who can load the page would get the token; leave tokenInPage off so the page asks for it',
    });
  }
  const tokenInPage = options.tokenInPage ?? loopback;
  const token = options.token ?? randomBytes(18).toString('base64url');

  const chosen = await chooseDockerHosts(options.docker ?? 'auto');
  const cleanups: Array<() => Promise<void> | void> = [() => chosen.close()];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn();
  };
  try {
    const docker = createDockerTools({ hosts: chosen.hosts });
    cleanups.push(() => docker.close());
    const slack_notify = createSlackNotify({ webhookUrl: options.slackWebhookUrl, defaultChannel: '#ops' });
    const registry = new ToolRegistry().register(...docker.all, slack_notify);
    const runtime = createRuntime({ registry, policies: appPolicies });
    cleanups.push(() => runtime.close());

    const monitor = createContainerMonitor([...docker.hosts], options.containerLabels ? { list: { labels: options.containerLabels } } : {});
    // Workflows registered on the runtime with container triggers run on the monitor's events.
    const disconnect = connectMonitorToRuntime(monitor, runtime);
    cleanups.push(() => monitor.stop(), disconnect);
    await monitor.start();

    const api = createAgentOsHandler(runtime, {
      auth: { token },
      monitor,
      alert: { channel: '#ops' },
      ...(options.agent ? { agent: options.agent } : {}),
    });
    const files = createStaticFiles({
      root: options.staticDir ?? DEFAULT_STATIC_DIR,
      renderIndex: (html) => renderIndexHtml(html, { token: tokenInPage ? token : undefined }),
    });

    let port = options.port ?? DEFAULT_PORT;
    const server = createServer((req, res) => {
      // On loopback, refuse other Host names (DNS rebinding could otherwise read the token off the page).
      if (loopback && !hostHeaderAllowed(req, port)) {
        res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end(`This app answers only to 127.0.0.1:${port} or localhost:${port}.`);
        return;
      }
      api(req, res, () => files(req, res));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, bind, () => {
        server.off('error', reject);
        resolve();
      });
    });
    cleanups.push(async () => {
      const stopped = new Promise((r) => server.close(r));
      server.closeAllConnections(); // open event streams would otherwise keep it waiting
      await stopped;
    });
    port = (server.address() as AddressInfo).port;
    const urlHost = bind.includes(':') ? `[${bind}]` : bind;

    let closed: Promise<void> | undefined;
    return {
      url: `http://${urlHost}:${port}`,
      token,
      docker: { kind: chosen.kind, description: chosen.description },
      tokenInPage,
      runtime,
      monitor,
      server,
      close: () => (closed ??= cleanup()),
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
