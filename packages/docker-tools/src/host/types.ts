/**
 * The `DockerHost` interface: everything the Docker tools and the container
 * monitor need from an engine. Two implementations share it and one contract
 * test suite: the real engine on dockerode ({@link createDockerodeHost}) and
 * the in-memory host ({@link createMemoryHost}).
 *
 * Data shapes are zod schemas; the TypeScript types are inferred from them.
 * @module
 */
import { z } from 'zod';
import type { RunSpecInput } from './run-spec.js';

/** Docker's container states. */
export const ContainerStateSchema = z.enum(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
/** A container state. */
export type ContainerState = z.infer<typeof ContainerStateSchema>;

/** Health: Docker's three values, plus `none` when the container has no healthcheck. */
export const HealthSchema = z.enum(['healthy', 'unhealthy', 'starting', 'none']);
/** A health value. */
export type Health = z.infer<typeof HealthSchema>;

/**
 * One container, normalised. Times are ISO strings; `exitCode` is null unless
 * the container has exited; `uptimeSeconds` is null unless it is running.
 *
 * `restartCount` counts restarts by the restart policy (Docker's
 * `RestartCount`) plus manual restarts (`docker restart`, which Docker does
 * not count), see the host implementations for how they are tracked.
 * @example
 * ```ts
 * const s = ContainerStatusSchema.parse(await host.status('web'));
 * if (s.health === 'unhealthy') console.log(`${s.name} unhealthy, ${s.restartCount} restarts`);
 * ```
 */
export const ContainerStatusSchema = z.strictObject({
  host: z.string(),
  id: z.string(),
  name: z.string(),
  image: z.string(),
  state: ContainerStateSchema,
  health: HealthSchema,
  exitCode: z.number().int().nullable(),
  oomKilled: z.boolean(),
  createdAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  uptimeSeconds: z.number().nullable(),
  restartCount: z.number().int().min(0),
  /** The part of `restartCount` done by the restart policy (Docker's own `RestartCount`). */
  policyRestartCount: z.number().int().min(0),
  labels: z.record(z.string(), z.string()),
  tty: z.boolean(),
});
/** One container, normalised. */
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

/** Full `docker inspect` output (Docker's own shape, passed through). */
export const ContainerInspectSchema = z.record(z.string(), z.unknown());
/** Full `docker inspect` output. */
export type ContainerInspect = z.infer<typeof ContainerInspectSchema>;

/** Counts of characters neutralised by the text sanitiser (see `sanitize-text.ts`). */
export const NeutralisedSchema = z.strictObject({
  controlChars: z.number().int(),
  invisibleChars: z.number().int(),
  invalidUtf8: z.number().int(),
});

/**
 * Logs, demultiplexed and made safe. `text` is stdout and stderr interleaved
 * in the order the daemon sent them; `stdout`/`stderr` are separate (TTY
 * containers have one stream only, so `stderr` is absent). When the output
 * is larger than `capBytes`, the OLDEST part is dropped and `truncated` is true.
 * @example
 * ```ts
 * const { text, truncated, capBytes } = await host.logs('web', { tail: 200, maxBytes: 64 * 1024 });
 * ```
 */
export const LogsResultSchema = z.strictObject({
  host: z.string(),
  container: z.string(),
  text: z.string(),
  stdout: z.string().optional(),
  stderr: z.string().optional(),
  tty: z.boolean(),
  truncated: z.boolean(),
  /** Payload bytes the daemon sent (before the cap). */
  bytes: z.number().int(),
  capBytes: z.number().int(),
  /** The stream ended inside a frame. */
  incomplete: z.boolean(),
  neutralised: NeutralisedSchema,
});
/** Logs, demultiplexed and made safe. */
export type LogsResult = z.infer<typeof LogsResultSchema>;

/** One healthcheck probe (output made safe). */
export const HealthProbeSchema = z.strictObject({
  start: z.string(),
  end: z.string(),
  exitCode: z.number().int(),
  output: z.string(),
});
/** Health status, failing streak and the last probes (Docker keeps five). */
export const HealthLogSchema = z.strictObject({
  host: z.string(),
  container: z.string(),
  status: HealthSchema,
  failingStreak: z.number().int(),
  probes: z.array(HealthProbeSchema),
});
/** Health status and the last probes. */
export type HealthLog = z.infer<typeof HealthLogSchema>;

/** Result of start / stop / restart: the status afterwards, and whether anything changed. */
export const ActionResultSchema = z.strictObject({
  container: ContainerStatusSchema,
  /** False when the container was already in the requested state. */
  changed: z.boolean(),
});
/** Result of start / stop / restart. */
export type ActionResult = z.infer<typeof ActionResultSchema>;

/** Result of `exec`: exit code and demultiplexed, safe output. */
export const ExecResultSchema = z.strictObject({
  exitCode: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
  /** Output beyond `maxBytes` was dropped (the start is kept). */
  truncated: z.boolean(),
  durationMs: z.number(),
});
/** Result of `exec`. */
export type ExecResult = z.infer<typeof ExecResultSchema>;

/** Result of `run`. */
export const RunResultSchema = z.strictObject({ host: z.string(), id: z.string(), name: z.string() });
/** Result of `run`. */
export type RunResult = z.infer<typeof RunResultSchema>;

/** One-shot resource usage. */
export const StatsResultSchema = z.strictObject({
  host: z.string(),
  id: z.string(),
  name: z.string(),
  running: z.boolean(),
  cpuPercent: z.number(),
  /** Memory in use, page cache excluded (what `docker stats` shows). */
  memoryBytes: z.number(),
  memoryLimitBytes: z.number(),
  memoryPercent: z.number(),
  pids: z.number().int(),
  /** Daemon time of the sample (ISO). */
  read: z.string().nullable(),
});
/** One-shot resource usage. */
export type StatsResult = z.infer<typeof StatsResultSchema>;

/** Normalised event actions (others, e.g. `exec_start`, are not reported). */
export const DockerEventActionSchema = z.enum(['start', 'stop', 'die', 'kill', 'oom', 'restart', 'health_status', 'create', 'destroy', 'pause', 'unpause']);
/** A normalised event action. */
export type DockerEventAction = z.infer<typeof DockerEventActionSchema>;

/**
 * A container event. `time` is the daemon's time in ms (from `timeNano`);
 * `health` is set for `health_status`, `exitCode` for `die`.
 * @example
 * ```ts
 * for await (const e of await host.events()) if (e.action === 'health_status') console.log(e.name, e.health, new Date(e.time));
 * ```
 */
export const DockerEventSchema = z.strictObject({
  host: z.string(),
  id: z.string(),
  name: z.string(),
  image: z.string().nullable(),
  action: DockerEventActionSchema,
  /** Docker's action string as sent, e.g. `"health_status: unhealthy"`. */
  rawAction: z.string(),
  health: z.enum(['healthy', 'unhealthy', 'starting']).optional(),
  exitCode: z.number().int().optional(),
  time: z.number(),
  timeNano: z.string(),
  attributes: z.record(z.string(), z.string()),
});
/** A container event. */
export type DockerEvent = z.infer<typeof DockerEventSchema>;

/** Result of `ping`. */
export const PingResultSchema = z.strictObject({
  host: z.string(),
  kind: z.enum(['docker', 'memory']),
  address: z.string(),
  serverVersion: z.string(),
  apiVersion: z.string(),
  latencyMs: z.number(),
});
/** Result of `ping`. */
export type PingResult = z.infer<typeof PingResultSchema>;

/** Options every call takes. */
export interface CallOptions {
  /** Cancels the call (the host then throws core's `CancelledError`). */
  signal?: AbortSignal;
}

/** Options of `listContainers`. */
export interface ListOptions extends CallOptions {
  /** Include stopped containers (default true). */
  all?: boolean;
  /** Only containers with these labels (`true` = label present with any value). */
  labels?: Record<string, string | true>;
}

/** Options of `logs`. */
export interface LogsOptions extends CallOptions {
  /** Last N lines, or `'all'` (default). */
  tail?: number | 'all';
  /** Only lines after this time (a Date, or epoch milliseconds). */
  since?: Date | number;
  /** Prefix each line with the daemon's RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Cap on the returned text in UTF-8 bytes (default 1 MiB); the oldest part is dropped. */
  maxBytes?: number;
}

/** Options of start / stop / restart. */
export interface ActionOptions extends CallOptions {
  /** Seconds to wait for a graceful stop before SIGKILL (stop, restart). Docker's default is 10. */
  timeoutSeconds?: number;
}

/** Options of `exec`. */
export interface ExecOptions extends CallOptions {
  /** Give up after this long (default 30 s). The process inside may keep running: Docker cannot kill an exec. */
  timeoutMs?: number;
  env?: Record<string, string>;
  workdir?: string;
  user?: string;
  /** Cap per stream in UTF-8 bytes (default 1 MiB). */
  maxBytes?: number;
}

/** Options of `remove`. */
export interface RemoveOptions extends CallOptions {
  /** Remove even when running (kills it). */
  force?: boolean;
}

/** A live event subscription. Iterate it; `close()` ends it. */
export interface DockerEventStream extends AsyncIterable<DockerEvent> {
  close(): void;
}

/**
 * A Docker engine, real or in memory. Every container reference is validated
 * before anything reaches the daemon; every failure is a typed error
 * (`ContainerNotFoundError`, `DaemonUnreachableError`, …).
 * @example
 * ```ts
 * const host: DockerHost = createMemoryHost();
 * const { container } = await host.restart('web', { timeoutSeconds: 5 });
 * console.log(host.kind, host.description, container.restartCount);
 * ```
 */
export interface DockerHost {
  /** The name tools use to pick this host (`host: "prod-1"`). */
  readonly name: string;
  /** `memory` for the in-memory host: it never pretends to be a real engine. */
  readonly kind: 'docker' | 'memory';
  /** Human description, e.g. `Docker engine at unix:///var/run/docker.sock`, or `in-memory Docker host (no daemon)`. */
  readonly description: string;
  /** Where the daemon is, e.g. `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`, `memory://demo`. */
  readonly address: string;

  ping(options?: CallOptions): Promise<PingResult>;
  listContainers(options?: ListOptions): Promise<ContainerStatus[]>;
  inspect(ref: string, options?: CallOptions): Promise<ContainerInspect>;
  status(ref: string, options?: CallOptions): Promise<ContainerStatus>;
  logs(ref: string, options?: LogsOptions): Promise<LogsResult>;
  healthLog(ref: string, options?: CallOptions): Promise<HealthLog>;
  start(ref: string, options?: ActionOptions): Promise<ActionResult>;
  stop(ref: string, options?: ActionOptions): Promise<ActionResult>;
  restart(ref: string, options?: ActionOptions): Promise<ActionResult>;
  /** Run `cmd` (an argument array, never a shell string) in a running container; waits for it to end. */
  exec(ref: string, cmd: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Create and start a container; refuses privileged mode, host mounts, host PID/network unless `allow` says so. */
  run(spec: RunSpecInput, options?: CallOptions): Promise<RunResult>;
  remove(ref: string, options?: RemoveOptions): Promise<void>;
  stats(ref: string, options?: CallOptions): Promise<StatsResult>;
  /** Subscribe to container events. Resolves once the subscription is live, so nothing after it is missed. */
  events(options?: CallOptions): Promise<DockerEventStream>;
  /** End open event streams and release resources. */
  close(): Promise<void>;
}
