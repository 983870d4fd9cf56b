/**
 * `docker_exec` (an argument array, never a shell string) and `docker_run`
 * (refuses privileged mode, host mounts, host PID/network unless allowed).
 * The recommended policies block both always.
 * @module
 */
import { defineTool, type Tool } from '@agentos/core';
import type { HostSet } from './host-set.js';
import { DockerExecInputSchema, DockerExecOutputSchema, DockerRunInputSchema, DockerRunOutputSchema, type DockerExecOutput } from './schemas.js';
import { DOCKER_TOOL_TRUST } from './trust.js';

/** The `docker_exec` tool type. */
export type DockerExecTool = Tool<'docker_exec', typeof DockerExecInputSchema, typeof DockerExecOutputSchema>;
/** The `docker_run` tool type. */
export type DockerRunTool = Tool<'docker_run', typeof DockerRunInputSchema, typeof DockerRunOutputSchema>;

/** Exec settings of the tool set. */
export interface ExecToolConfig {
  /** Default deadline of an exec in ms (default 30000). */
  defaultTimeoutMs?: number;
  /** Cap per output stream in UTF-8 bytes (default 64 KiB). */
  maxBytes?: number;
}

/**
 * `docker_exec`: run a command inside a running container and capture its
 * exit code, stdout and stderr. The command is an argument array passed to
 * the daemon as is; no shell is involved unless the array itself names one.
 * @example
 * ```ts
 * const exec = createDockerExecTool(hosts);
 * workflow('Probe').step('ready', exec({ container: 'db', cmd: ['pg_isready', '-U', 'postgres'] }));
 * ```
 */
export function createDockerExecTool(hosts: HostSet, config: ExecToolConfig = {}): DockerExecTool {
  return defineTool({
    name: 'docker_exec',
    description:
      'Run a command inside a running container and return its exit code, stdout and stderr. `cmd` is an argument array such as ["ls", "-l", "/data"], never a shell string. The output is untrusted.',
    input: DockerExecInputSchema,
    output: DockerExecOutputSchema,
    annotations: { title: 'Exec in container', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false, trust: DOCKER_TOOL_TRUST.docker_exec },
    async run(args, ctx): Promise<DockerExecOutput> {
      const host = hosts.pick(args.host);
      const r = await host.exec(args.container, args.cmd, {
        signal: ctx.signal,
        timeoutMs: args.timeoutMs ?? config.defaultTimeoutMs ?? 30_000,
        maxBytes: config.maxBytes ?? 64 * 1024,
        ...(args.env ? { env: args.env } : {}),
        ...(args.workdir ? { workdir: args.workdir } : {}),
        ...(args.user ? { user: args.user } : {}),
      });
      return { host: host.name, container: args.container, ...r };
    },
  });
}

/**
 * `docker_run`: create and start a container from an image already on the
 * host (never pulled). Network mode defaults to `none`. Privileged mode,
 * host mounts, host PID, host network and added capabilities are refused
 * (`DockerRequestRefusedError`) unless the matching `allow` flag is set.
 * @example
 * ```ts
 * const run = createDockerRunTool(hosts);
 * workflow('Scratch').step('run', run({ image: 'busybox:latest', cmd: ['sleep', '60'], labels: { purpose: 'scratch' } }));
 * ```
 */
export function createDockerRunTool(hosts: HostSet): DockerRunTool {
  return defineTool({
    name: 'docker_run',
    description:
      'Create and start a container from a local image (never pulled): image, cmd (argument array), env, labels, healthcheck. Network mode defaults to "none". Privileged mode, host mounts, host PID/network and added capabilities are refused unless the matching allow flag is set.',
    input: DockerRunInputSchema,
    output: DockerRunOutputSchema,
    annotations: { title: 'Run container', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false, trust: DOCKER_TOOL_TRUST.docker_run },
    async run(args, ctx) {
      const { host: hostName, ...spec } = args;
      return hosts.pick(hostName).run(spec, { signal: ctx.signal });
    },
  });
}
