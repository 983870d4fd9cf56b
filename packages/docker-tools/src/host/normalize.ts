/**
 * Docker's raw JSON (inspect, events, stats) → the normalised shapes of
 * `types.ts`. Both hosts go through these functions (the in-memory host
 * produces Docker-shaped JSON), so they cannot drift apart.
 * @module
 */
import type { ContainerState, ContainerStatus, DockerEvent, DockerEventAction, Health, HealthLog, StatsResult } from './types.js';
import { ContainerStateSchema, DockerEventActionSchema } from './types.js';
import { safeText } from './sanitize-text.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Docker's "never" timestamp. */
const ZERO_TIME = /^0001-01-01T/;

/** An ISO time, or null for Docker's zero time / missing values. */
function dockerTime(v: unknown): string | null {
  const s = str(v);
  if (!s || ZERO_TIME.test(s)) return null;
  return s;
}

/** String → string record (label maps, event attributes). */
function stringRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) if (typeof val === 'string') out[k] = val;
  return out;
}

function healthOf(state: Obj): Health {
  const h = str(obj(state.Health).Status);
  return h === 'healthy' || h === 'unhealthy' || h === 'starting' ? h : 'none';
}

/** Options of {@link normalizeInspect}. */
export interface NormalizeInspectOptions {
  /** Host name to stamp on the result. */
  host: string;
  /** Current time in ms (for `uptimeSeconds`). */
  now: number;
  /** Manual restarts to add to Docker's `RestartCount` (which counts only restart-policy restarts). */
  manualRestarts?: number;
}

/**
 * Normalise `docker inspect` output into a {@link ContainerStatus}.
 * @example
 * ```ts
 * const status = normalizeInspect(await container.inspect(), { host: 'local', now: Date.now() });
 * ```
 */
export function normalizeInspect(raw: unknown, options: NormalizeInspectOptions): ContainerStatus {
  const r = obj(raw);
  const state = obj(r.State);
  const config = obj(r.Config);
  const parsedState = ContainerStateSchema.safeParse(str(state.Status));
  const s: ContainerState = parsedState.success ? parsedState.data : state.Running === true ? 'running' : 'exited';
  const startedAt = dockerTime(state.StartedAt);
  const uptime = s === 'running' && startedAt ? Math.max(0, Math.floor((options.now - Date.parse(startedAt)) / 1000)) : null;
  return {
    host: options.host,
    id: str(r.Id) ?? '',
    name: (str(r.Name) ?? '').replace(/^\//, ''),
    image: str(config.Image) ?? str(r.Image) ?? '',
    state: s,
    health: healthOf(state),
    exitCode: s === 'exited' || s === 'dead' ? (num(state.ExitCode) ?? null) : null,
    oomKilled: state.OOMKilled === true,
    createdAt: dockerTime(r.Created),
    startedAt,
    finishedAt: dockerTime(state.FinishedAt),
    uptimeSeconds: uptime === null || Number.isNaN(uptime) ? null : uptime,
    restartCount: (num(r.RestartCount) ?? 0) + (options.manualRestarts ?? 0),
    policyRestartCount: num(r.RestartCount) ?? 0,
    labels: stringRecord(config.Labels),
    tty: config.Tty === true,
  };
}

/**
 * The health part of `docker inspect`, probe outputs made safe.
 * @example
 * ```ts
 * normalizeHealthLog(inspect, 'local').probes.at(-1)?.output;
 * ```
 */
export function normalizeHealthLog(raw: unknown, host: string): HealthLog {
  const r = obj(raw);
  const state = obj(r.State);
  const health = obj(state.Health);
  const log = Array.isArray(health.Log) ? health.Log : [];
  return {
    host,
    container: (str(r.Name) ?? str(r.Id) ?? '').replace(/^\//, ''),
    status: healthOf(state),
    failingStreak: num(health.FailingStreak) ?? 0,
    probes: log.map((p) => {
      const probe = obj(p);
      return {
        start: str(probe.Start) ?? '',
        end: str(probe.End) ?? '',
        exitCode: num(probe.ExitCode) ?? -1,
        output: safeText(str(probe.Output) ?? ''),
      };
    }),
  };
}

/**
 * Normalise one raw Docker event message. Returns null for non-container
 * events and for actions not in {@link DockerEventActionSchema} (e.g. `exec_start`).
 * Health events arrive as `"health_status: unhealthy"`.
 * @example
 * ```ts
 * normalizeEvent({ Type: 'container', Action: 'health_status: unhealthy', Actor: { ID: 'abc…', Attributes: { name: 'web' } }, timeNano: 1700000000000000000 }, 'local');
 * // { action: 'health_status', health: 'unhealthy', name: 'web', time: 1700000000000, … }
 * ```
 */
export function normalizeEvent(raw: unknown, host: string): DockerEvent | null {
  const r = obj(raw);
  if ((str(r.Type) ?? 'container') !== 'container') return null;
  const rawAction = str(r.Action) ?? str(r.status) ?? '';
  const colon = rawAction.indexOf(':');
  const head = (colon === -1 ? rawAction : rawAction.slice(0, colon)).trim();
  const parsed = DockerEventActionSchema.safeParse(head);
  if (!parsed.success) return null;
  const action: DockerEventAction = parsed.data;
  const actor = obj(r.Actor);
  const attributes = stringRecord(actor.Attributes);
  const id = str(actor.ID) ?? str(r.id) ?? '';
  if (!id) return null;
  let time: number;
  let timeNano: string;
  const tn = r.timeNano;
  if (typeof tn === 'number' || (typeof tn === 'string' && /^\d+$/.test(tn))) {
    // timeNano exceeds 2^53: JSON.parse rounds it, but ms precision survives.
    const big = typeof tn === 'string' ? BigInt(tn) : BigInt(Math.round(tn));
    time = Number(big / 1_000_000n);
    timeNano = big.toString();
  } else {
    time = (num(r.time) ?? 0) * 1000;
    timeNano = String(BigInt(time) * 1_000_000n);
  }
  const event: DockerEvent = {
    host,
    id,
    name: attributes.name ?? '',
    image: attributes.image ?? str(r.from) ?? null,
    action,
    rawAction,
    time,
    timeNano,
    attributes,
  };
  if (action === 'health_status') {
    const h = (colon === -1 ? (attributes.health_status ?? '') : rawAction.slice(colon + 1)).trim();
    if (h === 'healthy' || h === 'unhealthy' || h === 'starting') event.health = h;
  }
  if (action === 'die' && attributes.exitCode !== undefined && /^-?\d+$/.test(attributes.exitCode)) {
    event.exitCode = Number(attributes.exitCode);
  }
  return event;
}

/**
 * CPU %, memory and PIDs from one `stats?stream=false` sample, computed the
 * way `docker stats` does (memory excludes inactive page cache).
 * @example
 * ```ts
 * computeStats(await container.stats({ stream: false }), { host: 'local', id, name, running: true });
 * ```
 */
export function computeStats(raw: unknown, base: { host: string; id: string; name: string; running: boolean }): StatsResult {
  const r = obj(raw);
  const cpu = obj(r.cpu_stats);
  const pre = obj(r.precpu_stats);
  const cpuDelta = (num(obj(cpu.cpu_usage).total_usage) ?? 0) - (num(obj(pre.cpu_usage).total_usage) ?? 0);
  const sysDelta = (num(cpu.system_cpu_usage) ?? 0) - (num(pre.system_cpu_usage) ?? 0);
  const perCpu = obj(cpu.cpu_usage).percpu_usage;
  const online = num(cpu.online_cpus) ?? (Array.isArray(perCpu) && perCpu.length > 0 ? perCpu.length : 1);
  const cpuPercent = cpuDelta > 0 && sysDelta > 0 ? (cpuDelta / sysDelta) * online * 100 : 0;
  const mem = obj(r.memory_stats);
  const memStats = obj(mem.stats);
  const cache = num(memStats.total_inactive_file) ?? num(memStats.inactive_file) ?? 0;
  const usage = num(mem.usage) ?? 0;
  const memoryBytes = Math.max(0, usage - (cache < usage ? cache : 0));
  const limit = num(mem.limit) ?? 0;
  return {
    ...base,
    cpuPercent: Math.round(cpuPercent * 100) / 100,
    memoryBytes,
    memoryLimitBytes: limit,
    memoryPercent: limit > 0 ? Math.round((memoryBytes / limit) * 10000) / 100 : 0,
    pids: num(obj(r.pids_stats).current) ?? 0,
    read: dockerTime(r.read),
  };
}
