/**
 * `health_check`: Docker's health status, failing streak and last probe
 * outputs, plus an optional HTTP probe.
 * @module
 */
import { defineTool, type Tool } from '@agentos/core';
import type { HostSet } from './host-set.js';
import { checkProbeUrl, DEFAULT_PROBE_HOSTS, probeHttp, type HttpProbeConfig } from './http-probe.js';
import { HealthCheckInputSchema, HealthCheckOutputSchema, type HealthCheckOutput } from './schemas.js';
import { DOCKER_TOOL_TRUST } from './trust.js';

/** The `health_check` tool type. */
export type HealthCheckTool = Tool<'health_check', typeof HealthCheckInputSchema, typeof HealthCheckOutputSchema>;

/**
 * Create `health_check`. `container`, `state`, `status` and `failingStreak`
 * are computed by the daemon and trusted; the probe outputs are written by
 * the container and untrusted. The HTTP probe only reaches hosts in
 * `httpProbe.allowedHosts` (loopback by default) and reads only the status.
 * @example
 * ```ts
 * const health = createHealthCheckTool(hosts, { allowedHosts: ['*.internal'] });
 * workflow('Auto-Restart')
 *   .step('health', health({ container: 'db' }))
 *   .step('restart', docker_restart({ container: 'db' }), { when: (s) => s.health.status.equals('unhealthy') });
 * ```
 */
export function createHealthCheckTool(hosts: HostSet, probe: HttpProbeConfig = {}): HealthCheckTool {
  const allowedHosts = probe.allowedHosts ?? [...DEFAULT_PROBE_HOSTS];
  return defineTool({
    name: 'health_check',
    description:
      "A container's Docker health: status (healthy / unhealthy / starting / none), failing streak and the last healthcheck probe outputs; optionally also GET an HTTP URL and report its status. Status fields are trusted; probe outputs are untrusted (written by the container).",
    input: HealthCheckInputSchema,
    output: HealthCheckOutputSchema,
    annotations: {
      title: 'Health check',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      // The optional HTTP probe reaches a URL outside the daemon.
      openWorldHint: true,
      trust: DOCKER_TOOL_TRUST.health_check,
    },
    async run(args, ctx): Promise<HealthCheckOutput> {
      const host = hosts.pick(args.host);
      // Refuse a disallowed URL before touching anything.
      const url = args.http ? checkProbeUrl(args.http.url, allowedHosts) : undefined;
      const [status, log] = await Promise.all([host.status(args.container, { signal: ctx.signal }), host.healthLog(args.container, { signal: ctx.signal })]);
      const out: HealthCheckOutput = {
        container: status.name,
        host: host.name,
        id: status.id,
        state: status.state,
        status: log.status,
        failingStreak: log.failingStreak,
        probes: log.probes.map((p) => ({ ...p })),
        lastOutput: log.probes.at(-1)?.output ?? null,
      };
      if (url && args.http) {
        out.http = await probeHttp(url, {
          ...(args.http.expectStatus !== undefined ? { expectStatus: args.http.expectStatus } : {}),
          timeoutMs: args.http.timeoutMs ?? probe.timeoutMs ?? 5000,
          signal: ctx.signal,
          ...(probe.fetch ? { fetch: probe.fetch } : {}),
        });
      }
      return out;
    },
  });
}
