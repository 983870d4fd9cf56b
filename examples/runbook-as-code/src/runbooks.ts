/**
 * The team's runbooks, as TypeScript. Typed references (`s.health.status`)
 * are checked by the compiler; the workflow JSON is what the runtime stores.
 */
import { workflow, type SlackNotifyTool } from '@agentos/core';
import type { DockerTools } from '@agentos/docker-tools';

export function runbooks(docker: DockerTools, slack_notify: SlackNotifyTool, container = 'db') {
  /** When the database turns unhealthy: restart it, then tell #ops using trusted status fields only. */
  const selfHeal = workflow('Database Health Monitor', { trigger: { type: 'event', event: 'unhealthy', container } })
    .step('health', (s) => docker.health_check({ container: s.trigger.container.name }))
    .step('restart', (s) => docker.docker_restart({ container: s.health.container }), {
      when: (s) => s.health.status.equals('unhealthy'),
      retry: { attempts: 2, backoffMs: 500 },
    })
    .step('alert', (s) => slack_notify({ channel: '#ops', severity: 'warning', text: `${s.health.container} was ${s.health.status}; restarted it` }), {
      after: ['restart'],
    });

  /** A log digest someone will want to post to Slack — the policies stop it at the notification. */
  const logDigest = workflow('Log Digest')
    .step('logs', docker.docker_logs({ container, tail: 50 }))
    .step('notify', (s) => slack_notify({ channel: '#ops', text: s.logs.text }));

  return { selfHeal, logDigest };
}
