/**
 * The in-memory Docker host: the same {@link DockerHost} interface with no
 * daemon, for the demo on machines without Docker and for unit-testing
 * runbooks. It never pretends to be real: `kind === 'memory'` and its
 * description says "in-memory Docker host (no daemon)".
 *
 * It produces Docker-shaped JSON (inspect, events, stats) and runs it through
 * the same normalisers, log pipeline and run-spec refusals as the real
 * engine, and it passes the same contract tests.
 *
 * Scripting: {@link MemoryDockerHost.addContainer}, `setHealth`, `appendLogs`,
 * `crash`, `oom`, `onExec`, `setStats`; daemon trouble: `failEventStreams`,
 * `setReachable(false)`. Time comes from the injectable `now`.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { CancelledError, TimeoutError } from '@agentos/core';
import { parseContainerRef } from './container-ref.js';
import { ContainerNotFoundError, ContainerNotRunningError, DaemonUnreachableError, DockerError, DockerHostConfigError, ImageNotFoundError } from './errors.js';
import { HostNameSchema } from './hosts.js';
import type { StdStream } from './demux.js';
import { DEFAULT_LOG_CAP_BYTES, ExecOutput, LogCollector } from './logs.js';
import { computeStats, normalizeEvent, normalizeHealthLog, normalizeInspect } from './normalize.js';
import { createPushIterator, type PushIterator } from './push-iterator.js';
import { checkRunSpec, type RunSpecInput } from './run-spec.js';
import type {
  ActionOptions, ActionResult, CallOptions, ContainerInspect, ContainerState, ContainerStatus, DockerEvent, DockerEventStream, DockerHost,
  ExecOptions, ExecResult, Health, HealthLog, ListOptions, LogsOptions, LogsResult, PingResult, RemoveOptions, RunResult, StatsResult,
} from './types.js';

/** What a scripted exec returns. */
export interface ExecScriptResult {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
}

/** What a scripted exec handler gets. */
export interface ExecContext {
  host: MemoryDockerHost;
  container: ContainerStatus;
  cmd: string[];
  env: Record<string, string>;
  workdir: string | undefined;
  user: string | undefined;
  signal: AbortSignal | undefined;
}

/**
 * A scripted exec. Return `undefined` to pass to the next handler (the
 * container's first, then the host's, newest first); if none answers, exec
 * returns exit code 127 "not scripted".
 */
export type ExecHandler = (ctx: ExecContext) => ExecScriptResult | undefined | Promise<ExecScriptResult | undefined>;

/** Scripted resource usage. */
export interface MemoryStats {
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  pids: number;
}

/** A container to add to the in-memory host. */
export interface MemoryContainerSpec {
  name: string;
  /** Default `"memory/app:latest"`. */
  image?: string;
  /** 64 hex characters; random by default. */
  id?: string;
  /** Default `running`. */
  state?: ContainerState;
  /** Default `healthy` when a healthcheck is configured, else `none`. */
  health?: Health;
  /** A healthcheck (`true` for a default one). Needed for health other than `none`. */
  healthcheck?: boolean | { test: string[]; intervalMs?: number; retries?: number };
  /** Initial log lines (a string is split into lines; entries default to stdout). */
  logs?: string | Array<{ text: string; stream?: StdStream; time?: number }>;
  labels?: Record<string, string>;
  env?: Record<string, string>;
  cmd?: string[];
  tty?: boolean;
  /** Exit code of an `exited` container. */
  exitCode?: number;
  restartPolicy?: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  onExec?: ExecHandler;
  stats?: Partial<MemoryStats>;
  /** Epoch ms; default now. */
  createdAt?: number;
  /** Epoch ms; default now for running containers. */
  startedAt?: number;
}

/** Options of {@link createMemoryHost}. */
export interface MemoryHostOptions {
  /** Default `"memory"`. */
  name?: string;
  containers?: MemoryContainerSpec[];
  /** Clock in epoch ms (default `Date.now`). */
  now?: () => number;
  /** Host-wide exec handler. */
  onExec?: ExecHandler;
  /** When given, `run` only knows these images (others: `ImageNotFoundError`). */
  images?: string[];
  /**
   * After a (re)start, a container with a healthcheck is `starting`, then its
   * probe result after this many ms of real time (default 0). `null` keeps it
   * `starting` until scripted.
   */
  healthyAfterMs?: number | null;
}

/**
 * The in-memory host: a {@link DockerHost} plus scripting methods. Made by {@link createMemoryHost}.
 * @example
 * ```ts
 * const host = createMemoryHost({ containers: [{ name: 'db', healthcheck: true }] });
 * host.appendLogs('db', 'connecting with DB_PASSWORD=hunter2');
 * host.setHealth('db', 'unhealthy', 'pg_isready: no response');
 * host.crash('db', 1); // die, then a restart if its restart policy says so
 * const docker = createDockerTools({ hosts: [host] });
 * ```
 */
export interface MemoryDockerHost extends DockerHost {
  readonly kind: 'memory';
  /** False after `setReachable(false)`: every call then fails with `DaemonUnreachableError`. */
  readonly reachable: boolean;
  /** Add a container (emits `create`, and `start` when running). */
  addContainer(spec: MemoryContainerSpec): ContainerStatus;
  /**
   * Script a probe result: `unhealthy` records a failing probe with
   * `probeOutput`; `healthy` a passing one. A fault clears on restart unless
   * `persist` is true (like a file left behind in the container).
   */
  setHealth(ref: string, health: 'healthy' | 'unhealthy' | 'starting', probeOutput?: string, options?: { persist?: boolean }): void;
  /** Append log lines (each line gets the current time). */
  appendLogs(ref: string, text: string, stream?: StdStream): void;
  /** The main process exits with `exitCode` (default 1): `die`, then a restart if the policy says so. */
  crash(ref: string, exitCode?: number): void;
  /** The kernel OOM-kills the container: `oom`, `die` (137), `oomKilled: true`. */
  oom(ref: string): void;
  /** Register an exec handler, host-wide or for one container. Returns an unregister function. */
  onExec(handler: ExecHandler, ref?: string): () => void;
  setStats(ref: string, stats: Partial<MemoryStats>): void;
  /** Fail every open event stream (a daemon restart, as the client sees it). */
  failEventStreams(error?: unknown): void;
  /** Simulate the daemon going away (`false`: calls fail, streams fail) and coming back. */
  setReachable(reachable: boolean): void;
}

interface Probe {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

interface Rec {
  id: string;
  name: string;
  image: string;
  created: number;
  state: ContainerState;
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number;
  oomKilled: boolean;
  policyRestarts: number;
  manualRestarts: number;
  labels: Record<string, string>;
  env: Record<string, string>;
  cmd: string[];
  tty: boolean;
  healthcheck: { test: string[]; intervalMs?: number; retries?: number } | undefined;
  health: { status: Health; failingStreak: number; log: Probe[] };
  fault: { output: string; persist: boolean } | undefined;
  logs: Array<{ time: number; stream: StdStream; text: string }>;
  execHandlers: ExecHandler[];
  stats: MemoryStats;
  restartPolicy: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  autoRemove: boolean;
  networkMode: string;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';
const DEFAULT_STATS: MemoryStats = { cpuPercent: 0.5, memoryBytes: 8 * 1024 * 1024, memoryLimitBytes: 2 * 1024 * 1024 * 1024, pids: 1 };
const DEFAULT_HEALTHCHECK = { test: ['CMD', 'true'], intervalMs: 1000, retries: 1 };

class MemoryHost implements MemoryDockerHost {
  readonly kind = 'memory' as const;
  readonly name: string;
  readonly address: string;
  readonly description = 'in-memory Docker host (no daemon)';
  private readonly now: () => number;
  private readonly containers = new Map<string, Rec>();
  private readonly subscribers = new Set<PushIterator<DockerEvent>>();
  private readonly hostHandlers: ExecHandler[] = [];
  private readonly images: Set<string> | undefined;
  private readonly healthyAfterMs: number | null;
  private up = true;
  private seq = 0;

  constructor(options: MemoryHostOptions) {
    this.name = options.name ?? 'memory';
    if (!HostNameSchema.safeParse(this.name).success) {
      throw new DockerHostConfigError(`invalid memory host name "${this.name}"`, { hint: 'host names are 1–63 letters, digits, "_", "." or "-"' });
    }
    this.address = `memory://${this.name}`;
    this.now = options.now ?? Date.now;
    this.images = options.images ? new Set(options.images) : undefined;
    this.healthyAfterMs = options.healthyAfterMs === undefined ? 0 : options.healthyAfterMs;
    if (options.onExec) this.hostHandlers.push(options.onExec);
    for (const c of options.containers ?? []) this.addContainer(c);
  }

  get reachable(): boolean {
    return this.up;
  }

  // ---- internals -------------------------------------------------------

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }

  private guard(operation: string, signal?: AbortSignal): void {
    if (signal?.aborted) throw new CancelledError(`docker ${operation} on host "${this.name}"`);
    if (!this.up) throw new DaemonUnreachableError(this.address, { host: this.name }, { hint: 'the in-memory host was set unreachable with setReachable(false)' });
  }

  private find(ref: string, operation: string): Rec {
    const r = parseContainerRef(ref);
    const byName = [...this.containers.values()].find((c) => c.name === r);
    if (byName) return byName;
    const byId = this.containers.get(r);
    if (byId) return byId;
    if (/^[a-f0-9]{12,63}$/.test(r)) {
      const matches = [...this.containers.values()].filter((c) => c.id.startsWith(r));
      if (matches.length === 1) return matches[0] as Rec;
      if (matches.length > 1) throw new DockerError(operation, `multiple containers match id prefix ${r}`, { host: this.name, container: r, statusCode: 404 });
    }
    throw new ContainerNotFoundError(r, { host: this.name, operation });
  }

  private emit(rec: Rec, action: string, extra: Record<string, string> = {}): void {
    if (!this.up) return;
    const ms = this.now();
    const nano = BigInt(Math.floor(ms)) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    const raw = {
      status: action,
      id: rec.id,
      from: rec.image,
      Type: 'container',
      Action: action,
      Actor: { ID: rec.id, Attributes: { ...rec.labels, image: rec.image, name: rec.name, ...extra } },
      scope: 'local',
      time: Math.floor(ms / 1000),
      timeNano: nano.toString(),
    };
    const ev = normalizeEvent(raw, this.name);
    if (!ev) return;
    for (const s of this.subscribers) s.push(ev);
  }

  private inspectRaw(rec: Rec): Record<string, unknown> {
    const running = rec.state === 'running' || rec.state === 'paused' || rec.state === 'restarting';
    return {
      Id: rec.id,
      Created: this.iso(rec.created),
      Path: rec.cmd[0] ?? '',
      Args: rec.cmd.slice(1),
      State: {
        Status: rec.state,
        Running: running,
        Paused: rec.state === 'paused',
        Restarting: rec.state === 'restarting',
        OOMKilled: rec.oomKilled,
        Dead: rec.state === 'dead',
        Pid: running ? 4242 : 0,
        ExitCode: running ? 0 : rec.exitCode,
        Error: '',
        StartedAt: rec.startedAt === null ? ZERO_TIME : this.iso(rec.startedAt),
        FinishedAt: rec.finishedAt === null ? ZERO_TIME : this.iso(rec.finishedAt),
        ...(rec.healthcheck
          ? { Health: { Status: rec.health.status === 'none' ? 'starting' : rec.health.status, FailingStreak: rec.health.failingStreak, Log: rec.health.log.map((p) => ({ ...p })) } }
          : {}),
      },
      Image: `sha256:${Buffer.from(rec.image).toString('hex').padEnd(64, '0').slice(0, 64)}`,
      Name: `/${rec.name}`,
      RestartCount: rec.policyRestarts,
      Driver: 'memory',
      HostConfig: { NetworkMode: rec.networkMode, AutoRemove: rec.autoRemove, Privileged: false, RestartPolicy: { Name: rec.restartPolicy === 'no' ? '' : rec.restartPolicy, MaximumRetryCount: 0 } },
      Config: {
        Hostname: rec.id.slice(0, 12),
        Image: rec.image,
        Labels: { ...rec.labels },
        Env: Object.entries(rec.env).map(([k, v]) => `${k}=${v}`),
        Cmd: [...rec.cmd],
        Tty: rec.tty,
        ...(rec.healthcheck
          ? { Healthcheck: { Test: [...rec.healthcheck.test], Interval: (rec.healthcheck.intervalMs ?? 1000) * 1_000_000, Retries: rec.healthcheck.retries ?? 1 } }
          : {}),
      },
      AgentOS: { memoryHost: true },
    };
  }

  private statusOf(rec: Rec): ContainerStatus {
    return normalizeInspect(this.inspectRaw(rec), { host: this.name, now: this.now(), manualRestarts: rec.manualRestarts });
  }

  private probe(rec: Rec, ok: boolean, output: string): void {
    const t = this.iso(this.now());
    rec.health.log.push({ Start: t, End: t, ExitCode: ok ? 0 : 1, Output: output });
    if (rec.health.log.length > 5) rec.health.log.shift();
    const before = rec.health.status;
    if (ok) {
      rec.health.failingStreak = 0;
      rec.health.status = 'healthy';
    } else {
      rec.health.failingStreak++;
      if (rec.health.failingStreak >= (rec.healthcheck?.retries ?? 1)) rec.health.status = 'unhealthy';
    }
    if (rec.health.status !== before) this.emit(rec, `health_status: ${rec.health.status}`);
  }

  private clearTimer(rec: Rec): void {
    if (rec.timer) clearTimeout(rec.timer);
    rec.timer = undefined;
  }

  /** Bring a container up: state, time, `start` event, health back to `starting`. */
  private bringUp(rec: Rec): void {
    rec.state = 'running';
    rec.startedAt = this.now();
    rec.oomKilled = false;
    if (rec.fault && !rec.fault.persist) rec.fault = undefined;
    this.emit(rec, 'start');
    if (rec.healthcheck) {
      rec.health.status = 'starting';
      rec.health.failingStreak = 0;
      this.clearTimer(rec);
      if (this.healthyAfterMs !== null) {
        rec.timer = setTimeout(() => {
          rec.timer = undefined;
          if (rec.state === 'running' && this.containers.has(rec.id)) this.probe(rec, !rec.fault, rec.fault?.output ?? '');
        }, this.healthyAfterMs);
        rec.timer.unref?.();
      }
    }
  }

  /** The main process ended: `die` with its exit code, then the restart policy. */
  private bringDown(rec: Rec, exitCode: number, how: 'stop' | 'crash'): void {
    this.clearTimer(rec);
    rec.state = 'exited';
    rec.exitCode = exitCode;
    rec.finishedAt = this.now();
    this.emit(rec, 'die', { exitCode: String(exitCode) });
    if (how === 'stop') {
      this.emit(rec, 'stop');
    } else if (rec.restartPolicy === 'always' || rec.restartPolicy === 'unless-stopped' || (rec.restartPolicy === 'on-failure' && exitCode !== 0)) {
      rec.policyRestarts++;
      this.bringUp(rec);
      return;
    }
    if (rec.autoRemove && how === 'crash') this.destroy(rec);
  }

  private destroy(rec: Rec): void {
    this.clearTimer(rec);
    this.containers.delete(rec.id);
    this.emit(rec, 'destroy');
  }

  private newId(): string {
    return randomBytes(32).toString('hex');
  }

  // ---- scripting -------------------------------------------------------

  addContainer(spec: MemoryContainerSpec): ContainerStatus {
    const name = parseContainerRef(spec.name);
    if ([...this.containers.values()].some((c) => c.name === name)) {
      throw new DockerError('create', `the container name "/${name}" is already in use`, { host: this.name, container: name, statusCode: 409 });
    }
    const id = spec.id ?? this.newId();
    if (!/^[a-f0-9]{64}$/.test(id)) throw new DockerError('create', `id must be 64 lowercase hex characters, got "${id}"`, { host: this.name });
    const now = this.now();
    const state = spec.state ?? 'running';
    const healthcheck = spec.healthcheck === true ? { ...DEFAULT_HEALTHCHECK } : spec.healthcheck || undefined;
    if (spec.health && spec.health !== 'none' && !healthcheck) {
      throw new DockerError('create', `container "${name}" needs a healthcheck to have health "${spec.health}"`, { host: this.name });
    }
    const rec: Rec = {
      id, name,
      image: spec.image ?? 'memory/app:latest',
      created: spec.createdAt ?? now,
      state,
      startedAt: state === 'created' ? null : (spec.startedAt ?? now),
      finishedAt: state === 'exited' || state === 'dead' ? now : null,
      exitCode: spec.exitCode ?? 0,
      oomKilled: false,
      policyRestarts: 0,
      manualRestarts: 0,
      labels: { ...spec.labels },
      env: { ...spec.env },
      cmd: spec.cmd ?? ['/bin/sh'],
      tty: spec.tty === true,
      healthcheck,
      health: { status: healthcheck ? (spec.health ?? 'healthy') : 'none', failingStreak: spec.health === 'unhealthy' ? 1 : 0, log: [] },
      fault: spec.health === 'unhealthy' ? { output: 'unhealthy', persist: false } : undefined,
      logs: [],
      execHandlers: spec.onExec ? [spec.onExec] : [],
      stats: { ...DEFAULT_STATS, ...spec.stats },
      restartPolicy: spec.restartPolicy ?? 'no',
      autoRemove: false,
      networkMode: 'none',
      timer: undefined,
    };
    this.containers.set(id, rec);
    if (typeof spec.logs === 'string') this.appendLogs(id, spec.logs);
    else for (const l of spec.logs ?? []) this.pushLog(rec, l.text, l.stream ?? 'stdout', l.time);
    this.emit(rec, 'create');
    if (state === 'running') this.emit(rec, 'start');
    return this.statusOf(rec);
  }

  private pushLog(rec: Rec, text: string, stream: StdStream, time?: number): void {
    const t = time ?? this.now();
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) rec.logs.push({ time: t, stream: rec.tty ? 'stdout' : stream, text: `${line}\n` });
  }

  setHealth(ref: string, health: 'healthy' | 'unhealthy' | 'starting', probeOutput = '', options: { persist?: boolean } = {}): void {
    const rec = this.find(ref, 'setHealth');
    if (!rec.healthcheck) throw new DockerError('setHealth', `container "${rec.name}" has no healthcheck`, { host: this.name, container: rec.name });
    if (health === 'starting') {
      rec.health.status = 'starting';
      return;
    }
    rec.fault = health === 'unhealthy' ? { output: probeOutput, persist: options.persist === true } : undefined;
    if (rec.state === 'running') {
      const retries = Math.max(1, rec.healthcheck.retries ?? 1);
      // Script the outcome: one failing probe, or as many as it takes to cross the retry threshold.
      if (health === 'unhealthy') for (let i = Math.max(1, retries - rec.health.failingStreak); i > 0; i--) this.probe(rec, false, probeOutput);
      else this.probe(rec, true, probeOutput);
    }
  }

  appendLogs(ref: string, text: string, stream: StdStream = 'stdout'): void {
    this.pushLog(this.find(ref, 'appendLogs'), text, stream);
  }

  crash(ref: string, exitCode = 1): void {
    const rec = this.find(ref, 'crash');
    if (rec.state !== 'running') throw new ContainerNotRunningError(rec.name, { host: this.name, operation: 'crash' });
    this.bringDown(rec, exitCode, 'crash');
  }

  oom(ref: string): void {
    const rec = this.find(ref, 'oom');
    if (rec.state !== 'running') throw new ContainerNotRunningError(rec.name, { host: this.name, operation: 'oom' });
    this.emit(rec, 'oom');
    rec.oomKilled = true;
    this.bringDown(rec, 137, 'crash');
  }

  onExec(handler: ExecHandler, ref?: string): () => void {
    const list = ref === undefined ? this.hostHandlers : this.find(ref, 'onExec').execHandlers;
    list.unshift(handler);
    return () => {
      const i = list.indexOf(handler);
      if (i !== -1) list.splice(i, 1);
    };
  }

  setStats(ref: string, stats: Partial<MemoryStats>): void {
    const rec = this.find(ref, 'setStats');
    rec.stats = { ...rec.stats, ...stats };
  }

  failEventStreams(error?: unknown): void {
    const e = error ?? new DaemonUnreachableError(this.address, { host: this.name }, { hint: 'the event stream ended (simulated by failEventStreams)' });
    for (const s of [...this.subscribers]) s.fail(e);
  }

  setReachable(reachable: boolean): void {
    this.up = reachable;
    if (!reachable) this.failEventStreams();
  }

  // ---- DockerHost ------------------------------------------------------

  async ping(options: CallOptions = {}): Promise<PingResult> {
    this.guard('ping', options.signal);
    return { host: this.name, kind: 'memory', address: this.address, serverVersion: 'agentos-memory', apiVersion: 'memory', latencyMs: 0 };
  }

  async listContainers(options: ListOptions = {}): Promise<ContainerStatus[]> {
    this.guard('list', options.signal);
    const want = Object.entries(options.labels ?? {});
    return [...this.containers.values()]
      .filter((c) => options.all !== false || c.state === 'running')
      .filter((c) => want.every(([k, v]) => (v === true ? k in c.labels : c.labels[k] === v)))
      .sort((a, b) => b.created - a.created)
      .map((c) => this.statusOf(c));
  }

  async inspect(ref: string, options: CallOptions = {}): Promise<ContainerInspect> {
    parseContainerRef(ref);
    this.guard('inspect', options.signal);
    return this.inspectRaw(this.find(ref, 'inspect'));
  }

  async status(ref: string, options: CallOptions = {}): Promise<ContainerStatus> {
    parseContainerRef(ref);
    this.guard('status', options.signal);
    return this.statusOf(this.find(ref, 'status'));
  }

  async logs(ref: string, options: LogsOptions = {}): Promise<LogsResult> {
    parseContainerRef(ref);
    this.guard('logs', options.signal);
    const rec = this.find(ref, 'logs');
    const since = options.since === undefined ? undefined : options.since instanceof Date ? options.since.getTime() : options.since;
    let entries = since === undefined ? rec.logs : rec.logs.filter((l) => l.time >= since);
    if (options.tail !== undefined && options.tail !== 'all') entries = options.tail <= 0 ? [] : entries.slice(-Math.floor(options.tail));
    const collector = new LogCollector({ tty: rec.tty, capBytes: options.maxBytes ?? DEFAULT_LOG_CAP_BYTES });
    for (const l of entries) {
      const line = options.timestamps ? `${this.iso(l.time)} ${l.text}` : l.text;
      collector.add(l.stream, Buffer.from(rec.tty ? line.replace(/\n/g, '\r\n') : line, 'utf8'));
    }
    return collector.finish({ host: this.name, container: rec.name });
  }

  async healthLog(ref: string, options: CallOptions = {}): Promise<HealthLog> {
    parseContainerRef(ref);
    this.guard('health', options.signal);
    return normalizeHealthLog(this.inspectRaw(this.find(ref, 'health')), this.name);
  }

  private checkTimeout(op: string, t: number | undefined, name: string): void {
    if (t !== undefined && (!Number.isInteger(t) || t < 0)) throw new DockerError(op, `timeoutSeconds must be a whole number ≥ 0, got ${t}`, { host: this.name, container: name });
  }

  async start(ref: string, options: ActionOptions = {}): Promise<ActionResult> {
    parseContainerRef(ref);
    this.guard('start', options.signal);
    const rec = this.find(ref, 'start');
    if (rec.state === 'running') return { container: this.statusOf(rec), changed: false };
    if (rec.state === 'paused') throw new DockerError('start', 'cannot start a paused container, try unpause instead', { host: this.name, container: rec.name, statusCode: 409 });
    this.bringUp(rec);
    return { container: this.statusOf(rec), changed: true };
  }

  async stop(ref: string, options: ActionOptions = {}): Promise<ActionResult> {
    parseContainerRef(ref);
    this.guard('stop', options.signal);
    const rec = this.find(ref, 'stop');
    this.checkTimeout('stop', options.timeoutSeconds, rec.name);
    if (rec.state !== 'running' && rec.state !== 'paused' && rec.state !== 'restarting') return { container: this.statusOf(rec), changed: false };
    this.emit(rec, 'kill', { signal: '15' });
    this.bringDown(rec, 0, 'stop');
    return { container: this.statusOf(rec), changed: true };
  }

  async restart(ref: string, options: ActionOptions = {}): Promise<ActionResult> {
    parseContainerRef(ref);
    this.guard('restart', options.signal);
    const rec = this.find(ref, 'restart');
    this.checkTimeout('restart', options.timeoutSeconds, rec.name);
    if (rec.state === 'running' || rec.state === 'paused') {
      this.emit(rec, 'kill', { signal: '15' });
      this.bringDown(rec, 0, 'stop');
    }
    rec.manualRestarts++;
    this.bringUp(rec);
    this.emit(rec, 'restart');
    return { container: this.statusOf(rec), changed: true };
  }

  async exec(ref: string, cmd: string[], options: ExecOptions = {}): Promise<ExecResult> {
    parseContainerRef(ref);
    if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((a) => typeof a !== 'string' || a.includes('\u0000'))) {
      throw new DockerError('exec', 'cmd must be a non-empty array of strings without NUL bytes (an argument array, not a shell string)', { host: this.name, container: ref });
    }
    this.guard('exec', options.signal);
    const rec = this.find(ref, 'exec');
    if (rec.state !== 'running') throw new ContainerNotRunningError(rec.name, { host: this.name, operation: 'exec' });
    const started = Date.now();
    const timeoutMs = options.timeoutMs ?? 30_000;
    const ctx: ExecContext = {
      host: this, container: this.statusOf(rec), cmd: [...cmd], env: { ...options.env }, workdir: options.workdir, user: options.user, signal: options.signal,
    };
    const run = async (): Promise<ExecScriptResult> => {
      for (const h of [...rec.execHandlers, ...this.hostHandlers]) {
        const r = await h(ctx);
        if (r !== undefined) return r;
      }
      return { exitCode: 127, stderr: `memory host: exec not scripted: ${JSON.stringify(cmd)} (script it with onExec)\n` };
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const result = await Promise.race([
      run(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`docker exec "${rec.name}" on host "${this.name}"`, timeoutMs)), timeoutMs);
        onAbort = () => reject(new CancelledError(`docker exec "${rec.name}" on host "${this.name}"`));
        options.signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]).finally(() => {
      clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    });
    const out = new ExecOutput(options.maxBytes ?? DEFAULT_LOG_CAP_BYTES);
    out.add('stdout', Buffer.from(result.stdout ?? '', 'utf8'));
    out.add('stderr', Buffer.from(result.stderr ?? '', 'utf8'));
    return { exitCode: result.exitCode ?? 0, stdout: out.text('stdout'), stderr: out.text('stderr'), truncated: out.truncated, durationMs: Date.now() - started };
  }

  async run(input: RunSpecInput, options: CallOptions = {}): Promise<RunResult> {
    const spec = checkRunSpec(input);
    this.guard('run', options.signal);
    if (this.images && !this.images.has(spec.image)) throw new ImageNotFoundError(spec.image, { host: this.name });
    const name = spec.name ?? `memory_${randomBytes(4).toString('hex')}`;
    const status = this.addContainer({
      name,
      image: spec.image,
      state: 'created',
      labels: spec.labels,
      env: spec.env,
      cmd: [...(spec.entrypoint ?? []), ...(spec.cmd ?? [])],
      tty: spec.tty,
      restartPolicy: spec.restartPolicy,
      ...(spec.healthcheck && spec.healthcheck.test[0] !== 'NONE'
        ? { healthcheck: { test: spec.healthcheck.test, ...(spec.healthcheck.intervalMs ? { intervalMs: spec.healthcheck.intervalMs } : {}), ...(spec.healthcheck.retries ? { retries: spec.healthcheck.retries } : {}) } }
        : {}),
    });
    const rec = this.containers.get(status.id) as Rec;
    rec.autoRemove = spec.autoRemove;
    rec.networkMode = spec.networkMode;
    this.bringUp(rec);
    return { host: this.name, id: rec.id, name: rec.name };
  }

  async remove(ref: string, options: RemoveOptions = {}): Promise<void> {
    parseContainerRef(ref);
    this.guard('remove', options.signal);
    const rec = this.find(ref, 'remove');
    if (rec.state === 'running' || rec.state === 'paused' || rec.state === 'restarting') {
      if (!options.force) {
        throw new DockerError('remove', `You cannot remove a running container ${rec.id}. Stop the container before attempting removal or force remove`, { host: this.name, container: rec.name, statusCode: 409 });
      }
      this.emit(rec, 'kill', { signal: '9' });
      this.clearTimer(rec);
      rec.state = 'exited';
      rec.exitCode = 137;
      this.emit(rec, 'die', { exitCode: '137' });
    }
    this.destroy(rec);
  }

  async stats(ref: string, options: CallOptions = {}): Promise<StatsResult> {
    parseContainerRef(ref);
    this.guard('stats', options.signal);
    const rec = this.find(ref, 'stats');
    const base = { host: this.name, id: rec.id, name: rec.name, running: rec.state === 'running' };
    if (!base.running) return computeStats({}, base);
    const sys = 1_000_000_000;
    const s = rec.stats;
    return computeStats(
      {
        read: this.iso(this.now()),
        cpu_stats: { cpu_usage: { total_usage: 2 * sys + (s.cpuPercent / 100) * sys }, system_cpu_usage: 20 * sys + sys, online_cpus: 1 },
        precpu_stats: { cpu_usage: { total_usage: 2 * sys }, system_cpu_usage: 20 * sys },
        memory_stats: { usage: s.memoryBytes, limit: s.memoryLimitBytes, stats: {} },
        pids_stats: { current: s.pids },
      },
      base,
    );
  }

  async events(options: CallOptions = {}): Promise<DockerEventStream> {
    this.guard('events', options.signal);
    const onAbort = () => it.end();
    const it = createPushIterator<DockerEvent>(() => {
      this.subscribers.delete(it);
      options.signal?.removeEventListener('abort', onAbort);
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.subscribers.add(it);
    return Object.assign(it, { close: () => it.end() }) as DockerEventStream;
  }

  async close(): Promise<void> {
    for (const s of [...this.subscribers]) s.end();
    for (const rec of this.containers.values()) this.clearTimer(rec);
  }
}

/**
 * An in-memory Docker host: no daemon, scripted containers. Only used when
 * chosen explicitly; `kind` is `'memory'` and its description says so.
 * @example
 * ```ts
 * const host = createMemoryHost({ containers: [{ name: 'db', image: 'postgres:16', healthcheck: true, logs: 'ready\n' }] });
 * host.setHealth('db', 'unhealthy', 'connection refused');
 * (await host.status('db')).health; // 'unhealthy'
 * await host.restart('db');         // restartCount 1, healthy again
 * ```
 */
export function createMemoryHost(options: MemoryHostOptions = {}): MemoryDockerHost {
  return new MemoryHost(options);
}
