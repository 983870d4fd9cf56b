/**
 * Input and output schemas of the Docker tools. zod is the source of truth:
 * the TypeScript types, the JSON Schemas MCP clients see, and the runtime's
 * validation all come from here.
 * @module
 */
import { z } from 'zod';
import { ContainerRefSchema } from '../host/container-ref.js';
import { HostNameSchema } from '../host/hosts.js';
import { RunSpecSchema } from '../host/run-spec.js';
import { ContainerStateSchema, ContainerStatusSchema, HealthProbeSchema, HealthSchema, LogsResultSchema, StatsResultSchema } from '../host/types.js';

/** The optional `host` every tool takes: a configured host name (default: the default host). */
export const ToolHostSchema = HostNameSchema.optional().describe('Docker host name (default: the default host)');

const target = {
  container: ContainerRefSchema,
  host: ToolHostSchema,
};

/** A duration ago (`30s`, `10m`, `2h`, `1d`) or an ISO 8601 time. */
export const SinceSchema = z
  .string()
  .refine((s) => /^\d{1,9}[smhd]$/.test(s) || !Number.isNaN(Date.parse(s)), 'a duration like "10m" / "2h" or an ISO 8601 time like "2024-05-01T10:00:00Z"')
  .describe('Only logs after this: a duration ago ("30s", "10m", "2h", "1d") or an ISO 8601 time');

/**
 * The epoch ms a {@link SinceSchema} value means, relative to `now`.
 * @example
 * ```ts
 * sinceToMs('10m', Date.parse('2024-05-01T10:10:00Z')); // Date.parse('2024-05-01T10:00:00Z')
 * ```
 */
export function sinceToMs(since: string, now: number): number {
  const m = /^(\d{1,9})([smhd])$/.exec(since);
  if (!m) return Date.parse(since);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return now - Number(m[1]) * unit;
}

// ---- docker_list -----------------------------------------------------------

/** Input of `docker_list`. */
export const DockerListInputSchema = z.strictObject({
  host: HostNameSchema.optional().describe('Only this Docker host (default: every configured host)'),
  all: z.boolean().default(true).describe('Include stopped containers (default true)'),
  labels: z
    .record(z.string().min(1).max(256), z.string().max(1024))
    .optional()
    .describe('Only containers carrying these labels with these values'),
});

/** One container in `docker_list`. */
export const ContainerSummarySchema = z.strictObject({
  host: z.string(),
  id: z.string(),
  name: z.string(),
  image: z.string(),
  state: ContainerStateSchema,
  health: HealthSchema,
  /** Seconds since start; null unless running. */
  uptimeSeconds: z.number().nullable(),
  restartCount: z.number().int(),
  exitCode: z.number().int().nullable(),
  createdAt: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
});
/** One container in `docker_list`. */
export type ContainerSummary = z.infer<typeof ContainerSummarySchema>;

/** Output of `docker_list`. */
export const DockerListOutputSchema = z.strictObject({
  containers: z.array(ContainerSummarySchema),
  count: z.number().int(),
  /** The hosts that answered. */
  hosts: z.array(z.string()),
  /** Hosts that could not be listed (only when listing every host; a single host's failure is an error). */
  errors: z.array(z.strictObject({ host: z.string(), code: z.string(), message: z.string() })),
});
/** Output of `docker_list`. */
export type DockerListOutput = z.infer<typeof DockerListOutputSchema>;

// ---- docker_status ---------------------------------------------------------

/** Input of `docker_status`. */
export const DockerStatusInputSchema = z.strictObject(target);

/**
 * Output of `docker_status`: the host's normalised status without labels and
 * TTY (labels are third-party text, kept out of this trusted output).
 */
export const DockerStatusOutputSchema = ContainerStatusSchema.omit({ labels: true, tty: true });
/** Output of `docker_status`. */
export type DockerStatusOutput = z.infer<typeof DockerStatusOutputSchema>;

// ---- docker_inspect --------------------------------------------------------

/** Input of `docker_inspect`. */
export const DockerInspectInputSchema = z.strictObject(target);
/** Output of `docker_inspect`: Docker's own inspect JSON, passed through. */
export const DockerInspectOutputSchema = z.record(z.string(), z.unknown());

// ---- docker_logs -----------------------------------------------------------

/** Input of `docker_logs`. */
export const DockerLogsInputSchema = z.strictObject({
  ...target,
  tail: z
    .union([z.number().int().min(0).max(100_000), z.literal('all')])
    .default(200)
    .describe('Last N lines (default 200), or "all"'),
  since: SinceSchema.optional(),
  timestamps: z.boolean().default(false).describe("Prefix each line with the daemon's RFC 3339 timestamp"),
  maxBytes: z
    .number()
    .int()
    .min(1)
    .max(16 * 1024 * 1024)
    .optional()
    .describe('Cap on the returned text in UTF-8 bytes (default 64 KiB); the oldest part is dropped and `truncated` is set'),
});
/** Output of `docker_logs`: demultiplexed, made safe, capped. `text` is stdout and stderr interleaved. */
export const DockerLogsOutputSchema = LogsResultSchema;
/** Output of `docker_logs`. */
export type DockerLogsOutput = z.infer<typeof DockerLogsOutputSchema>;

// ---- health_check ----------------------------------------------------------

/** The optional HTTP probe of `health_check`. */
export const HttpProbeInputSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'an absolute http(s) URL' }).describe('URL to GET, e.g. "http://127.0.0.1:8080/health"'),
  expectStatus: z.number().int().min(100).max(599).optional().describe('Status that counts as healthy (default: any 2xx or 3xx)'),
  timeoutMs: z.number().int().min(1).max(60_000).optional().describe('Deadline of the probe in ms (default 5000)'),
});

/** Input of `health_check`. */
export const HealthCheckInputSchema = z.strictObject({
  ...target,
  http: HttpProbeInputSchema.optional().describe('Also GET this URL and report its status (hosts are limited by httpProbe.allowedHosts)'),
});

/** One healthcheck probe (its output is written by the container: untrusted). Same shape as the host's. */
export const HealthProbeOutputSchema = HealthProbeSchema;

/** Output of `health_check`. `container`, `state`, `status`, `failingStreak` are daemon-computed (trusted). */
export const HealthCheckOutputSchema = z.strictObject({
  /** The container's name. */
  container: z.string(),
  host: z.string(),
  id: z.string(),
  state: ContainerStateSchema,
  /** Docker's health status; `none` without a healthcheck. */
  status: HealthSchema,
  failingStreak: z.number().int(),
  /** The last probes Docker kept (at most five), oldest first. */
  probes: z.array(HealthProbeOutputSchema),
  /** Output of the newest probe (null without probes). */
  lastOutput: z.string().nullable(),
  http: z
    .strictObject({
      url: z.string(),
      ok: z.boolean(),
      status: z.number().int().nullable(),
      latencyMs: z.number(),
      error: z.string().optional(),
    })
    .optional(),
});
/** Output of `health_check`. */
export type HealthCheckOutput = z.infer<typeof HealthCheckOutputSchema>;

// ---- start / stop / restart ---------------------------------------------------

/** Input of `docker_restart`, `docker_start` and `docker_stop`. */
export const DockerActionInputSchema = z.strictObject({
  ...target,
  timeoutSeconds: z
    .number()
    .int()
    .min(0)
    .max(600)
    .optional()
    .describe('Seconds to wait for a graceful stop before SIGKILL (stop, restart; Docker default 10)'),
});

/** Output of `docker_restart`, `docker_start` and `docker_stop`: the container afterwards. */
export const DockerActionOutputSchema = z.strictObject({
  host: z.string(),
  /** The container's name. */
  container: z.string(),
  id: z.string(),
  action: z.enum(['start', 'stop', 'restart']),
  /** False when the container already was in the requested state. */
  changed: z.boolean(),
  state: ContainerStateSchema,
  health: HealthSchema,
  restartCount: z.number().int(),
  uptimeSeconds: z.number().nullable(),
});
/** Output of the start / stop / restart tools. */
export type DockerActionOutput = z.infer<typeof DockerActionOutputSchema>;

// ---- docker_exec -----------------------------------------------------------

const noNul = (s: string) => !s.includes('\u0000');

/** Input of `docker_exec`: the command is an argument array, never a shell string. */
export const DockerExecInputSchema = z.strictObject({
  ...target,
  cmd: z
    .array(z.string().max(64 * 1024).refine(noNul, 'NUL byte'))
    .min(1)
    .max(1024)
    .describe('Command as an argument array, e.g. ["pg_isready", "-U", "postgres"] (never a shell string)'),
  workdir: z.string().startsWith('/').refine(noNul, 'NUL byte').optional(),
  user: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'invalid user').optional(),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'invalid environment variable name'), z.string().refine(noNul, 'NUL byte')).optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional().describe('Give up after this long (default 30000)'),
});

/** Output of `docker_exec`. */
export const DockerExecOutputSchema = z.strictObject({
  host: z.string(),
  container: z.string(),
  exitCode: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
  truncated: z.boolean(),
  durationMs: z.number(),
});
/** Output of `docker_exec`. */
export type DockerExecOutput = z.infer<typeof DockerExecOutputSchema>;

// ---- docker_run ------------------------------------------------------------

/** Input of `docker_run`: the run spec (privileged, host mounts, host PID/network refused unless `allow` says so) plus `host`. */
export const DockerRunInputSchema = z.strictObject({ ...RunSpecSchema.shape, host: ToolHostSchema });

/** Output of `docker_run`. */
export const DockerRunOutputSchema = z.strictObject({ host: z.string(), id: z.string(), name: z.string() });
/** Output of `docker_run`. */
export type DockerRunOutput = z.infer<typeof DockerRunOutputSchema>;

// ---- docker_stats ----------------------------------------------------------

/** Input of `docker_stats`. */
export const DockerStatsInputSchema = z.strictObject(target);
/** Output of `docker_stats`: one-shot CPU %, memory, PIDs. */
export const DockerStatsOutputSchema = StatsResultSchema;
/** Output of `docker_stats`. */
export type DockerStatsOutput = z.infer<typeof DockerStatsOutputSchema>;
