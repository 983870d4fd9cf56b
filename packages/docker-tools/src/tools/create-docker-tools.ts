/**
 * `createDockerTools`: the eleven Docker tools over one or more named hosts.
 * @module
 */
import type { AnyTool } from '@agentos/core';
import { createHosts } from '../host/create-hosts.js';
import type { HostConfig, ResolveEnv } from '../host/hosts.js';
import type { DockerHost } from '../host/types.js';
import { createDockerRestartTool, createDockerStartTool, createDockerStopTool, type DockerRestartTool, type DockerStartTool, type DockerStopTool } from './action-tools.js';
import { createDockerExecTool, createDockerRunTool, type DockerExecTool, type DockerRunTool, type ExecToolConfig } from './exec-run-tools.js';
import { createHealthCheckTool, type HealthCheckTool } from './health-check.js';
import { createHostSet } from './host-set.js';
import type { HttpProbeConfig } from './http-probe.js';
import {
  createDockerInspectTool,
  createDockerListTool,
  createDockerLogsTool,
  createDockerStatsTool,
  createDockerStatusTool,
  type DockerInspectTool,
  type DockerListTool,
  type DockerLogsTool,
  type DockerStatsTool,
  type DockerStatusTool,
  type LogsToolConfig,
} from './read-tools.js';

/** Options of {@link createDockerTools}. */
export interface DockerToolsOptions {
  /**
   * One or more engines, each named: host objects (`createMemoryHost()`,
   * `createDockerodeHost(…)`) and/or configurations (`{ name, socketPath }`,
   * `{ name, host, port, tls }`, `{ name, sshUrl }`, `{ name, fromEnv: true }`).
   * Default: the local engine from `DOCKER_HOST`, else `/var/run/docker.sock`, named `local`.
   */
  hosts?: DockerHost | HostConfig | ReadonlyArray<DockerHost | HostConfig>;
  /** The host used when a call names none (default: the first). */
  defaultHost?: string;
  /** Environment for resolving `fromEnv` configurations (default `process.env`). */
  env?: ResolveEnv;
  /** `docker_logs` settings. */
  logs?: LogsToolConfig;
  /** `docker_exec` settings. */
  exec?: ExecToolConfig;
  /** `health_check`'s HTTP probe: allowed hosts (default loopback only), timeout. */
  httpProbe?: HttpProbeConfig;
}

/** The tools, by name, with their exact types. */
export interface DockerToolSet {
  docker_list: DockerListTool;
  docker_status: DockerStatusTool;
  docker_inspect: DockerInspectTool;
  docker_logs: DockerLogsTool;
  health_check: HealthCheckTool;
  docker_restart: DockerRestartTool;
  docker_start: DockerStartTool;
  docker_stop: DockerStopTool;
  docker_exec: DockerExecTool;
  docker_run: DockerRunTool;
  docker_stats: DockerStatsTool;
}

/**
 * What {@link createDockerTools} returns: the typed tools as properties, plus the set as a whole.
 * @example
 * ```ts
 * const docker = createDockerTools({ hosts: [createMemoryHost({ containers: [{ name: 'db' }] })] });
 * const registry = new ToolRegistry().register(...docker.all);
 * const step = docker.docker_logs({ container: 'db', tail: 50 }); // a typed workflow step
 * const monitor = createContainerMonitor(docker.hosts);
 * await docker.close();
 * ```
 */
export interface DockerTools extends DockerToolSet {
  /** Every tool, in catalogue order (register them with `registry.register(...docker.all)`). */
  readonly all: AnyTool[];
  /** Same as {@link all}. */
  readonly tools: AnyTool[];
  /** The typed tools by name (the same objects as the properties). */
  readonly byName: Readonly<DockerToolSet>;
  /** The hosts the tools work on (a copy: share it with `createContainerMonitor(docker.hosts)`). */
  readonly hosts: DockerHost[];
  /** The host used when a call names none. */
  readonly defaultHost: DockerHost;
  /** The host named `name` (default: the default host); throws `UnknownDockerHostError`. */
  host(name?: string): DockerHost;
  /** Close the hosts this call created from configurations (host objects you passed stay yours). */
  close(): Promise<void>;
}

function isHostObject(v: unknown): v is DockerHost {
  return typeof v === 'object' && v !== null && typeof (v as DockerHost).status === 'function' && typeof (v as DockerHost).events === 'function';
}

/**
 * Create the Docker tools over one or more named hosts. Each tool takes an
 * optional `host`; without it, the default host is used (`docker_list`
 * lists every host).
 * @example
 * ```ts
 * // The local engine (DOCKER_HOST or /var/run/docker.sock)
 * const docker = createDockerTools();
 * // Without Docker: the in-memory host (it says so: kind 'memory')
 * const demo = createDockerTools({ hosts: [createMemoryHost({ containers: [{ name: 'db', healthcheck: true }] })] });
 * // A fleet
 * const fleet = createDockerTools({ hosts: [{ name: 'local', fromEnv: true }, { name: 'prod', sshUrl: 'ssh://ops@prod-1' }] });
 *
 * const registry = new ToolRegistry().register(...docker.all, slack_notify);
 * const wf = workflow('Database Health Monitor')
 *   .step('health', docker.health_check({ container: 'db' }))
 *   .step('restart', docker.docker_restart({ container: 'db' }), { when: (s) => s.health.status.equals('unhealthy') });
 * ```
 */
export function createDockerTools(options: DockerToolsOptions = {}): DockerTools {
  const input = options.hosts ?? { name: 'local', fromEnv: true };
  const list = (Array.isArray(input) ? input : [input]) as ReadonlyArray<DockerHost | HostConfig>;
  const hosts = createHosts(list, options.env ?? {});
  const created = hosts.filter((h, i) => !isHostObject(list[i]) || list[i] !== h);
  const set = createHostSet(hosts, options.defaultHost);
  const byName: DockerToolSet = {
    docker_list: createDockerListTool(set),
    docker_status: createDockerStatusTool(set),
    docker_inspect: createDockerInspectTool(set),
    docker_logs: createDockerLogsTool(set, options.logs),
    health_check: createHealthCheckTool(set, options.httpProbe),
    docker_restart: createDockerRestartTool(set),
    docker_start: createDockerStartTool(set),
    docker_stop: createDockerStopTool(set),
    docker_exec: createDockerExecTool(set, options.exec),
    docker_run: createDockerRunTool(set),
    docker_stats: createDockerStatsTool(set),
  };
  const all = Object.values(byName) as AnyTool[];
  let closed: Promise<void> | undefined;
  return {
    ...byName,
    all,
    tools: all,
    byName: Object.freeze({ ...byName }),
    hosts: [...set.hosts],
    defaultHost: set.defaultHost,
    host: (name?: string) => set.pick(name),
    close: () => (closed ??= Promise.all(created.map((h) => h.close())).then(() => undefined)),
  };
}
