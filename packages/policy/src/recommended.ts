/**
 * The recommended production policies from the AgentOS documentation.
 * @module
 */
import { definePolicies } from './policy-set.js';

/** A container reference: a Docker name or a 12–64 character hex id. */
export const CONTAINER_NAME_PATTERN = '^/?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$';

/**
 * The recommended production policies, as a compiled {@link PolicySet}.
 *
 * | tool | policy |
 * |---|---|
 * | docker_exec, docker_run | block_always |
 * | docker_logs | mark_as_untrusted + sanitize_with_dual_llm |
 * | health_check | mark_as_untrusted (daemon-computed status fields trusted) |
 * | slack_notify, email_send, webhook_post | block_when_context_is_untrusted |
 * | docker_status, docker_list | allow (docker_list's container labels stay untrusted: third-party text) |
 * | docker_logs, health_check, docker_inspect, docker_stats | may run in any context (reads are not sinks); outputs labelled as above |
 * | docker_restart | allow only for a valid container name |
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ registry, policies: recommendedPolicies });
 * const mine = recommendedPolicies.extend({ docker_stop: 'require_approval' });
 * ```
 */
export const recommendedPolicies = definePolicies({
  invocation: [
    { id: 'docker_exec', tool: 'docker_exec', action: 'block_always', reason: 'Shell execution in containers is never allowed (shell injection risk)' },
    { id: 'docker_run', tool: 'docker_run', action: 'block_always', reason: 'Starting new containers is never allowed from a workflow' },
    { id: 'slack_notify', tool: 'slack_notify', action: 'block_when_context_is_untrusted', reason: 'Cannot send untrusted data externally' },
    { id: 'email_send', tool: 'email_send', action: 'block_when_context_is_untrusted', reason: 'Cannot send untrusted data externally' },
    { id: 'webhook_post', tool: 'webhook_post', action: 'block_when_context_is_untrusted', reason: 'Cannot send untrusted data externally' },
    { id: 'docker_status', tool: 'docker_status', action: 'allow', reason: 'Read-only container metadata' },
    { id: 'docker_list', tool: 'docker_list', action: 'allow', reason: 'Read-only container metadata' },
    // Reads are not sinks: they may run in an untrusted context (their outputs carry their own labels).
    { id: 'docker_logs', tool: 'docker_logs', action: 'allow', reason: 'Reading logs sends nothing out; the output is labelled untrusted' },
    { id: 'health_check', tool: 'health_check', action: 'allow', reason: 'Read-only health status; probe output is labelled untrusted' },
    { id: 'docker_inspect', tool: 'docker_inspect', action: 'allow', reason: 'Read-only container details; untrusted fields are labelled' },
    { id: 'docker_stats', tool: 'docker_stats', action: 'allow', reason: 'Read-only resource figures' },
    {
      id: 'docker_restart.valid_name',
      tool: 'docker_restart',
      action: 'allow',
      conditions: [{ key: 'container', operator: 'regex', value: CONTAINER_NAME_PATTERN }],
      reason: 'Restarting a container named by a valid reference',
    },
    { id: 'docker_restart', tool: 'docker_restart', action: 'block_always', reason: 'Only restart containers named by a valid container name or id' },
  ],
  trustedData: [
    { id: 'docker_logs.untrusted', tool: 'docker_logs', action: 'mark_as_untrusted', reason: 'Logs may contain secrets and injected instructions' },
    { id: 'docker_logs.sanitize', tool: 'docker_logs', action: 'sanitize_with_dual_llm', reason: 'Logs may carry prompt injection' },
    { id: 'health_check.untrusted', tool: 'health_check', action: 'mark_as_untrusted', reason: 'Probe output is written by the container' },
    {
      id: 'health_check.status',
      tool: 'health_check',
      action: 'allow',
      fields: ['container', 'state', 'status', 'failingStreak'],
      reason: 'Health status fields are computed by the Docker daemon',
    },
    { id: 'docker_status', tool: 'docker_status', action: 'allow', reason: 'Container metadata computed by the Docker daemon' },
    { id: 'docker_list', tool: 'docker_list', action: 'allow', reason: 'Container metadata computed by the Docker daemon' },
    {
      id: 'docker_list.labels',
      tool: 'docker_list',
      action: 'mark_as_untrusted',
      fields: ['containers[*].labels'],
      reason: 'Labels are written by whoever created the container',
    },
    { id: 'docker_restart', tool: 'docker_restart', action: 'allow', reason: 'Result of our own restart call' },
  ],
});

/** The same policies in the compact form users copy from the docs. */
export const recommendedPoliciesYaml = `# AgentOS recommended production policies
docker_exec:    block_always
docker_run:     block_always
docker_logs:    mark_as_untrusted + sanitize_with_dual_llm
health_check:   mark_as_untrusted
slack_notify:   block_when_context_is_untrusted
email_send:     block_when_context_is_untrusted
webhook_post:   block_when_context_is_untrusted
docker_status:  allow
docker_list:    allow
docker_restart: allow   # the full form adds: only for a valid container name
`;
