/**
 * The default trust of each Docker tool's output (its `annotations.trust`).
 * It applies when no trusted data policy names the tool; the recommended
 * policies say the same thing in policy form.
 * @module
 */
import type { ToolTrustHint } from '@agentos/policy';

/** `docker_inspect` fields the daemon computes itself: trusted. Everything else (Env, labels, mounts, probe logs…) is untrusted. */
export const INSPECT_TRUSTED_FIELDS: readonly string[] = Object.freeze([
  'Id',
  'Name',
  'Created',
  'Image',
  'RestartCount',
  'State.Status',
  'State.Running',
  'State.Paused',
  'State.Restarting',
  'State.OOMKilled',
  'State.Dead',
  'State.Pid',
  'State.ExitCode',
  'State.StartedAt',
  'State.FinishedAt',
  'State.Health.Status',
  'State.Health.FailingStreak',
]);

/** `health_check` fields the daemon computes: trusted (the probe outputs are written by the container). */
export const HEALTH_CHECK_TRUSTED_FIELDS: readonly string[] = Object.freeze(['container', 'state', 'status', 'failingStreak']);

/**
 * The default trust table.
 *
 * | tool | default trust |
 * |---|---|
 * | docker_list | trusted (daemon metadata), except `containers[*].labels` (third-party text) |
 * | docker_status, docker_stats | trusted (daemon metadata) |
 * | docker_restart, docker_start, docker_stop, docker_run | trusted (result of our own call) |
 * | docker_inspect | untrusted, except the daemon-computed {@link INSPECT_TRUSTED_FIELDS} |
 * | health_check | untrusted, except {@link HEALTH_CHECK_TRUSTED_FIELDS} |
 * | docker_logs, docker_exec | untrusted |
 * @example
 * ```ts
 * DOCKER_TOOL_TRUST.health_check; // { default: 'untrusted', trustedFields: ['container', 'state', 'status', 'failingStreak'] }
 * ```
 */
export const DOCKER_TOOL_TRUST = Object.freeze({
  // Labels are written by whoever created the container: third-party text.
  docker_list: { default: 'trusted', untrustedFields: ['containers[*].labels'] },
  docker_status: { default: 'trusted' },
  docker_inspect: { default: 'untrusted', trustedFields: [...INSPECT_TRUSTED_FIELDS] },
  docker_logs: { default: 'untrusted' },
  health_check: { default: 'untrusted', trustedFields: [...HEALTH_CHECK_TRUSTED_FIELDS] },
  docker_restart: { default: 'trusted' },
  docker_start: { default: 'trusted' },
  docker_stop: { default: 'trusted' },
  docker_exec: { default: 'untrusted' },
  docker_run: { default: 'trusted' },
  docker_stats: { default: 'trusted' },
} satisfies Record<string, ToolTrustHint>);

/** The names of the Docker tools, in catalogue order. */
export const DOCKER_TOOL_NAMES = Object.freeze([
  'docker_list',
  'docker_status',
  'docker_inspect',
  'docker_logs',
  'health_check',
  'docker_restart',
  'docker_start',
  'docker_stop',
  'docker_exec',
  'docker_run',
  'docker_stats',
] as const);

/** A Docker tool name. */
export type DockerToolName = (typeof DOCKER_TOOL_NAMES)[number];
