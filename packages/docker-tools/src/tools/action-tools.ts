/**
 * `docker_restart`, `docker_start`, `docker_stop`: change a container's
 * state, with a graceful-stop timeout.
 * @module
 */
import { defineTool, type Tool, type ToolAnnotations } from '@agentos/core';
import type { ActionResult } from '../host/types.js';
import type { HostSet } from './host-set.js';
import { DockerActionInputSchema, DockerActionOutputSchema, type DockerActionOutput } from './schemas.js';
import { DOCKER_TOOL_TRUST } from './trust.js';

/** The `docker_restart` tool type. */
export type DockerRestartTool = Tool<'docker_restart', typeof DockerActionInputSchema, typeof DockerActionOutputSchema>;
/** The `docker_start` tool type. */
export type DockerStartTool = Tool<'docker_start', typeof DockerActionInputSchema, typeof DockerActionOutputSchema>;
/** The `docker_stop` tool type. */
export type DockerStopTool = Tool<'docker_stop', typeof DockerActionInputSchema, typeof DockerActionOutputSchema>;

type Action = 'start' | 'stop' | 'restart';

const SPEC: Record<Action, { description: string; annotations: ToolAnnotations }> = {
  restart: {
    description:
      'Restart a container (graceful stop, SIGKILL after timeoutSeconds, then start). Returns its state, health and restart count afterwards.',
    annotations: { title: 'Restart container', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false, trust: DOCKER_TOOL_TRUST.docker_restart },
  },
  start: {
    description: 'Start a stopped container. Does nothing (changed: false) when it is already running.',
    annotations: { title: 'Start container', readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false, trust: DOCKER_TOOL_TRUST.docker_start },
  },
  stop: {
    description: 'Stop a running container (graceful stop, SIGKILL after timeoutSeconds). Does nothing (changed: false) when it is already stopped.',
    annotations: { title: 'Stop container', readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false, trust: DOCKER_TOOL_TRUST.docker_stop },
  },
};

function output(action: Action, r: ActionResult): DockerActionOutput {
  const c = r.container;
  return {
    host: c.host,
    container: c.name,
    id: c.id,
    action,
    changed: r.changed,
    state: c.state,
    health: c.health,
    restartCount: c.restartCount,
    uptimeSeconds: c.uptimeSeconds,
  };
}

function createActionTool<N extends `docker_${Action}`>(name: N, action: Action, hosts: HostSet): Tool<N, typeof DockerActionInputSchema, typeof DockerActionOutputSchema> {
  const spec = SPEC[action];
  return defineTool({
    name,
    description: spec.description,
    input: DockerActionInputSchema,
    output: DockerActionOutputSchema,
    annotations: spec.annotations,
    async run(args, ctx) {
      const host = hosts.pick(args.host);
      const options = { ...(args.timeoutSeconds !== undefined ? { timeoutSeconds: args.timeoutSeconds } : {}), signal: ctx.signal };
      return output(action, await host[action](args.container, options));
    },
  });
}

/**
 * `docker_restart`. The recommended policies allow it only for a valid container name.
 * @example
 * ```ts
 * const restart = createDockerRestartTool(hosts);
 * workflow('Heal').step('restart', restart({ container: 'db', timeoutSeconds: 5 }));
 * ```
 */
export function createDockerRestartTool(hosts: HostSet): DockerRestartTool {
  return createActionTool('docker_restart', 'restart', hosts);
}

/**
 * `docker_start`.
 * @example
 * ```ts
 * workflow('Bring up').step('start', createDockerStartTool(hosts)({ container: 'web' }));
 * ```
 */
export function createDockerStartTool(hosts: HostSet): DockerStartTool {
  return createActionTool('docker_start', 'start', hosts);
}

/**
 * `docker_stop`.
 * @example
 * ```ts
 * workflow('Shut down').step('stop', createDockerStopTool(hosts)({ container: 'web', timeoutSeconds: 20 }));
 * ```
 */
export function createDockerStopTool(hosts: HostSet): DockerStopTool {
  return createActionTool('docker_stop', 'stop', hosts);
}
