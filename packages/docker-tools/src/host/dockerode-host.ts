/**
 * The real engine: a {@link DockerHost} on dockerode. Never builds a shell
 * command; every container reference is validated first; every failure is a
 * typed error naming the host and its address.
 *
 * Traps handled here:
 * - no client-wide timeout (it would kill the events stream): ordinary calls
 *   get a per-call timeout (`requestTimeoutMs`, default 30 s) through an
 *   AbortSignal; streams only a connect timeout.
 * - `logs` is read as a stream and demultiplexed (8-byte frames unless TTY),
 *   keeping only the newest `maxBytes` in memory. (dockerode's buffered
 *   `logs` would also JSON-parse TTY output that happens to be JSON.)
 * - events are NDJSON split across chunks: buffered by line.
 * - an exec's exit code is only known after its stream ends: wait, then inspect.
 * - Docker's `RestartCount` counts only restart-policy restarts; manual
 *   restarts are counted from `restart` events (the daemon's event history,
 *   the restarts this host performs, and events seen on its streams),
 *   de-duplicated by the daemon's `timeNano`. The daemon keeps only its last
 *   256 events, so manual restarts older than that and not seen by this
 *   process are not counted.
 * @module
 */
import Dockerode from 'dockerode';
import { CancelledError, TimeoutError } from '@agentos/core';
import { parseContainerRef } from './container-ref.js';
import { ContainerNotFoundError, DaemonUnreachableError, DockerError, toDockerError } from './errors.js';
import { resolveHost, type EngineHostConfig, type ResolveEnv, type ResolvedEngineHost } from './hosts.js';
import { DockerStreamDemuxer } from './demux.js';
import { ExecOutput, LogCollector, DEFAULT_LOG_CAP_BYTES } from './logs.js';
import { NdjsonParser } from './ndjson.js';
import { computeStats, normalizeEvent, normalizeHealthLog, normalizeInspect } from './normalize.js';
import { createPushIterator } from './push-iterator.js';
import { checkRunSpec } from './run-spec.js';
import type {
  ActionOptions, ActionResult, CallOptions, ContainerInspect, ContainerStatus, DockerEvent, DockerEventStream, DockerHost,
  ExecOptions, ExecResult, HealthLog, ListOptions, LogsOptions, LogsResult, PingResult, RemoveOptions, RunResult, StatsResult,
} from './types.js';
import type { RunSpecInput } from './run-spec.js';

/** Options of {@link createDockerodeHost} besides the host config. */
export interface DockerodeHostExtras {
  /** Clock for `uptimeSeconds` (default `Date.now`). */
  now?: () => number;
  /** Environment used for `fromEnv` / SSH agent resolution. */
  resolveEnv?: ResolveEnv;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_EXEC_TIMEOUT_MS = 30_000;
const INSPECT_CONCURRENCY = 8;
const CLOCK_CACHE_MS = 60_000;

type Raw = Record<string, unknown>;

/** Combine a caller's signal with a timeout; says afterwards which one fired. */
function deadline(signal: AbortSignal | undefined, ms: number) {
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort(new Error(`timed out after ${ms} ms`));
  }, ms);
  timer.unref?.();
  const onAbort = () => ac.abort(signal?.reason);
  if (signal) {
    if (signal.aborted) ac.abort(signal.reason);
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: ac.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Run `fn` with at most `limit` in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function isResolved(c: EngineHostConfig | ResolvedEngineHost): c is ResolvedEngineHost {
  return typeof c === 'object' && c !== null && 'dockerode' in c && (c as ResolvedEngineHost).kind === 'docker';
}

class DockerodeHost implements DockerHost {
  readonly kind = 'docker' as const;
  readonly name: string;
  readonly description: string;
  readonly address: string;
  /** Warnings from the configuration (e.g. plain TCP). */
  readonly warnings: readonly string[];
  private readonly docker: Dockerode;
  private readonly requestTimeoutMs: number;
  private readonly now: () => number;
  /** Manual restarts by container id: the daemon `timeNano` of each `restart` event. */
  private readonly restarts = new Map<string, Set<string>>();
  private clock: { skewMs: number; at: number } | undefined;
  private readonly streams = new Set<{ close(): void }>();

  constructor(resolved: ResolvedEngineHost, extras: DockerodeHostExtras) {
    this.name = resolved.name;
    this.address = resolved.address;
    this.description = resolved.description;
    this.warnings = resolved.warnings;
    this.requestTimeoutMs = resolved.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.now = extras.now ?? Date.now;
    this.docker = new Dockerode(resolved.dockerode);
  }

  private ctx(operation: string, container?: string) {
    return { host: this.name, address: this.address, operation, ...(container !== undefined ? { container } : {}) };
  }

  /** One daemon request with a per-call timeout; errors mapped to typed errors. */
  private async call<T>(operation: string, container: string | undefined, signal: AbortSignal | undefined, fn: (signal: AbortSignal) => Promise<T>, timeoutMs = this.requestTimeoutMs): Promise<T> {
    if (signal?.aborted) throw new CancelledError(`docker ${operation}${container ? ` "${container}"` : ''} on host "${this.name}"`);
    const d = deadline(signal, timeoutMs);
    try {
      return await fn(d.signal);
    } catch (e) {
      throw toDockerError(e, { ...this.ctx(operation, container), ...(d.timedOut() ? { timedOutAfterMs: timeoutMs } : {}) });
    } finally {
      d.dispose();
    }
  }

  private dial<T>(opts: Record<string, unknown>): Promise<T> {
    const modem = this.docker.modem as unknown as { dial(o: Record<string, unknown>, cb: (err: unknown, data: T) => void): void };
    return new Promise<T>((resolve, reject) => modem.dial(opts, (err, data) => (err ? reject(err) : resolve(data))));
  }

  private async inspectRaw(ref: string, operation: string, signal: AbortSignal | undefined): Promise<Raw> {
    return this.call(operation, ref, signal, (s) => this.docker.getContainer(ref).inspect({ abortSignal: s }) as Promise<unknown> as Promise<Raw>);
  }

  /** The daemon's clock (seconds), from `info().SystemTime`, cached for a minute. */
  private async daemonNowSeconds(signal: AbortSignal | undefined): Promise<number> {
    const local = this.now();
    if (!this.clock || local - this.clock.at > CLOCK_CACHE_MS) {
      const t0 = Date.now();
      const info = await this.call('info', undefined, signal, (s) => (this.docker.info as unknown as (o: object) => Promise<Raw>).call(this.docker, { abortSignal: s }));
      const rtt = Date.now() - t0;
      const sys = typeof info.SystemTime === 'string' ? Date.parse(info.SystemTime) : NaN;
      this.clock = { skewMs: Number.isNaN(sys) ? 0 : sys - (this.now() - rtt / 2), at: this.now() };
    }
    return (this.now() + this.clock.skewMs) / 1000;
  }

  private noteRestart(id: string, timeNano: string): void {
    let set = this.restarts.get(id);
    if (!set) this.restarts.set(id, (set = new Set()));
    set.add(timeNano);
  }

  /** Read `restart` events from the daemon's event history into the ledger. */
  private async loadRestartHistory(sinceSeconds: number, containerId: string | undefined, signal: AbortSignal | undefined): Promise<void> {
    const until = await this.daemonNowSeconds(signal);
    if (until <= sinceSeconds) return;
    const filters: Record<string, string[]> = { type: ['container'], event: ['restart'] };
    if (containerId) filters.container = [containerId];
    await this.call('events history', containerId, signal, async (s) => {
      // Fractional seconds ("1700000000.123"): the daemon reads them exactly, and an
      // \`until\` in the daemon's future would keep the stream open until then.
      const query = { since: Math.max(0, Math.floor(sinceSeconds)).toString(), until: until.toFixed(3), filters, abortSignal: s };
      const stream = (await this.docker.getEvents(query as unknown as Dockerode.GetEventsOptions)) as NodeJS.ReadableStream;
      const parser = new NdjsonParser();
      const take = (items: ReturnType<NdjsonParser['push']>) => {
        for (const item of items) {
          if (!item.ok) continue;
          const ev = normalizeEvent(item.value, this.name);
          if (ev && ev.action === 'restart') this.noteRestart(ev.id, ev.timeNano);
        }
      };
      for await (const chunk of stream as AsyncIterable<Buffer>) take(parser.push(chunk));
      take(parser.end());
    });
  }

  /**
   * After this host restarted a container: find that restart's event (no
   * \`until\`, so no clock-skew window: read history plus live events until
   * it shows up). If the daemon's history has already lost it, count the
   * restart anyway under a local key.
   */
  private async recordOwnRestart(id: string, sinceSeconds: number, known: ReadonlySet<string>, signal: AbortSignal | undefined): Promise<void> {
    let found = false;
    try {
      await this.call('events history', id, signal, async (s) => {
        const query = { since: Math.max(0, Math.floor(sinceSeconds)).toString(), filters: { type: ['container'], event: ['restart'], container: [id] }, abortSignal: s };
        const stream = (await this.docker.getEvents(query as unknown as Dockerode.GetEventsOptions)) as NodeJS.ReadableStream & { destroy?(): void };
        const parser = new NdjsonParser();
        try {
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            for (const item of parser.push(chunk)) {
              if (!item.ok) continue;
              const ev = normalizeEvent(item.value, this.name);
              if (!ev || ev.action !== 'restart' || ev.id !== id) continue;
              this.noteRestart(ev.id, ev.timeNano);
              if (!known.has(ev.timeNano)) found = true;
            }
            if (found) break;
          }
        } finally {
          stream.destroy?.();
        }
      }, 5000);
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
    }
    if (!found) this.noteRestart(id, `local-${Date.now()}-${Math.random()}`);
  }

  private manualRestarts(id: string): number {
    return this.restarts.get(id)?.size ?? 0;
  }

  private createdSeconds(raw: Raw): number {
    const t = typeof raw.Created === 'string' ? Date.parse(raw.Created) : NaN;
    return Number.isNaN(t) ? 0 : t / 1000;
  }

  async ping(options: CallOptions = {}): Promise<PingResult> {
    const t0 = Date.now();
    const v = await this.call('ping', undefined, options.signal, (s) => (this.docker.version as unknown as (o: object) => Promise<Raw>).call(this.docker, { abortSignal: s }));
    return {
      host: this.name,
      kind: 'docker',
      address: this.address,
      serverVersion: typeof v.Version === 'string' ? v.Version : 'unknown',
      apiVersion: typeof v.ApiVersion === 'string' ? v.ApiVersion : 'unknown',
      latencyMs: Date.now() - t0,
    };
  }

  async listContainers(options: ListOptions = {}): Promise<ContainerStatus[]> {
    const label = Object.entries(options.labels ?? {}).map(([k, v]) => (v === true ? k : `${k}=${v}`));
    const list = await this.call('list', undefined, options.signal, (s) =>
      this.docker.listContainers({ all: options.all ?? true, ...(label.length ? { filters: { label } } : {}), abortSignal: s } as Dockerode.ContainerListOptions),
    );
    if (list.length === 0) return [];
    const oldest = Math.min(...list.map((c) => c.Created));
    await this.loadRestartHistory(oldest, undefined, options.signal);
    const rows = await mapLimit(list, INSPECT_CONCURRENCY, async (c) => {
      try {
        const raw = await this.inspectRaw(c.Id, 'list', options.signal);
        return normalizeInspect(raw, { host: this.name, now: this.now(), manualRestarts: this.manualRestarts(c.Id) });
      } catch (e) {
        if (e instanceof ContainerNotFoundError) return undefined; // removed meanwhile
        throw e;
      }
    });
    return rows.filter((r): r is ContainerStatus => r !== undefined);
  }

  async inspect(ref: string, options: CallOptions = {}): Promise<ContainerInspect> {
    const name = parseContainerRef(ref);
    return this.inspectRaw(name, 'inspect', options.signal);
  }

  async status(ref: string, options: CallOptions = {}): Promise<ContainerStatus> {
    const name = parseContainerRef(ref);
    const raw = await this.inspectRaw(name, 'status', options.signal);
    const id = String(raw.Id);
    await this.loadRestartHistory(this.createdSeconds(raw), id, options.signal);
    return normalizeInspect(raw, { host: this.name, now: this.now(), manualRestarts: this.manualRestarts(id) });
  }

  async logs(ref: string, options: LogsOptions = {}): Promise<LogsResult> {
    const name = parseContainerRef(ref);
    const raw = await this.inspectRaw(name, 'logs', options.signal);
    const tty = (raw.Config as Raw | undefined)?.Tty === true;
    const id = String(raw.Id);
    const query: Record<string, unknown> = { stdout: true, stderr: true, follow: false, timestamps: options.timestamps === true };
    if (options.tail !== undefined) query.tail = options.tail === 'all' ? 'all' : Math.max(0, Math.floor(options.tail));
    if (options.since !== undefined) {
      const ms = options.since instanceof Date ? options.since.getTime() : options.since;
      query.since = (ms / 1000).toFixed(3);
    }
    const collector = new LogCollector({ tty, capBytes: options.maxBytes ?? DEFAULT_LOG_CAP_BYTES });
    await this.call('logs', name, options.signal, async (s) => {
      const stream = await this.dial<NodeJS.ReadableStream>({
        path: `/containers/${id}/logs?`,
        method: 'GET',
        isStream: true,
        abortSignal: s,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: query,
      });
      for await (const chunk of stream as AsyncIterable<Buffer>) collector.push(chunk);
    });
    return collector.finish({ host: this.name, container: String(raw.Name ?? name).replace(/^\//, '') });
  }

  async healthLog(ref: string, options: CallOptions = {}): Promise<HealthLog> {
    const name = parseContainerRef(ref);
    return normalizeHealthLog(await this.inspectRaw(name, 'health', options.signal), this.name);
  }

  private async action(op: 'start' | 'stop' | 'restart', ref: string, options: ActionOptions): Promise<ActionResult> {
    const name = parseContainerRef(ref);
    const t = options.timeoutSeconds;
    if (t !== undefined && (!Number.isInteger(t) || t < 0)) throw new DockerError(op, `timeoutSeconds must be a whole number ≥ 0, got ${t}`, this.ctx(op, name));
    const extraMs = (t ?? 10) * 1000;
    let changed = true;
    const startedAt = op === 'restart' ? await this.daemonNowSeconds(options.signal) : 0;
    // Restart events already known before this call: anything else found afterwards is this restart.
    const knownBefore = new Set([...this.restarts.values()].flatMap((set) => [...set]));
    await this.call(op, name, options.signal, async (s) => {
      const c = this.docker.getContainer(name);
      try {
        if (op === 'start') await c.start({ abortSignal: s } as object);
        else if (op === 'stop') await c.stop({ ...(t !== undefined ? { t } : {}), abortSignal: s } as object);
        else await c.restart({ ...(t !== undefined ? { t } : {}), abortSignal: s } as object);
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 304) changed = false; // already started / stopped
        else throw e;
      }
    }, this.requestTimeoutMs + (op === 'start' ? 0 : extraMs));
    if (op === 'restart') {
      // Record this restart's event now, while it is surely in the daemon's history.
      const raw = await this.inspectRaw(name, op, options.signal);
      await this.recordOwnRestart(String(raw.Id), startedAt - 1, knownBefore, options.signal);
    }
    return { container: await this.status(name, options), changed };
  }

  start(ref: string, options: ActionOptions = {}): Promise<ActionResult> {
    return this.action('start', ref, options);
  }

  stop(ref: string, options: ActionOptions = {}): Promise<ActionResult> {
    return this.action('stop', ref, options);
  }

  restart(ref: string, options: ActionOptions = {}): Promise<ActionResult> {
    return this.action('restart', ref, options);
  }

  async exec(ref: string, cmd: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const name = parseContainerRef(ref);
    if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((a) => typeof a !== 'string' || a.includes('\u0000'))) {
      throw new DockerError('exec', 'cmd must be a non-empty array of strings without NUL bytes (an argument array, not a shell string)', this.ctx('exec', name));
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    const started = Date.now();
    const out = new ExecOutput(options.maxBytes ?? DEFAULT_LOG_CAP_BYTES);
    const exitCode = await this.call('exec', name, options.signal, async (s) => {
      const exec = await this.docker.getContainer(name).exec({
        Cmd: cmd,
        AttachStdin: false,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        ...(options.env ? { Env: Object.entries(options.env).map(([k, v]) => `${k}=${v}`) } : {}),
        ...(options.workdir ? { WorkingDir: options.workdir } : {}),
        ...(options.user ? { User: options.user } : {}),
        abortSignal: s,
      });
      const stream = (await exec.start({ hijack: true, stdin: false, abortSignal: s } as object)) as NodeJS.ReadWriteStream & { destroy(e?: Error): void };
      const demux = new DockerStreamDemuxer();
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          stream.destroy();
          const e = new Error('aborted');
          e.name = 'AbortError';
          reject(e);
        };
        if (s.aborted) return onAbort();
        s.addEventListener('abort', onAbort, { once: true });
        const finish = () => {
          s.removeEventListener('abort', onAbort);
          resolve();
        };
        stream.on('data', (chunk: Buffer) => {
          for (const p of demux.push(chunk)) out.add(p.stream, p.data);
        });
        stream.on('end', finish);
        stream.on('close', finish);
        stream.on('error', (e: unknown) => {
          s.removeEventListener('abort', onAbort);
          reject(e);
        });
      });
      demux.end();
      // The exit code is only set once the process has ended; the stream ending usually means it has.
      for (let i = 0; i < 50; i++) {
        const info = await exec.inspect({ abortSignal: s } as object);
        if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) return info.ExitCode;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('exec stream ended but the daemon still reports the process as running');
    }, timeoutMs);
    return { exitCode, stdout: out.text('stdout'), stderr: out.text('stderr'), truncated: out.truncated, durationMs: Date.now() - started };
  }

  async run(input: RunSpecInput, options: CallOptions = {}): Promise<RunResult> {
    const spec = checkRunSpec(input);
    const nsPerMs = 1_000_000;
    const create: Dockerode.ContainerCreateOptions = {
      Image: spec.image,
      ...(spec.name ? { name: spec.name } : {}),
      ...(spec.cmd ? { Cmd: spec.cmd } : {}),
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      Labels: spec.labels,
      Tty: spec.tty,
      ...(spec.user ? { User: spec.user } : {}),
      ...(spec.workdir ? { WorkingDir: spec.workdir } : {}),
      ...(spec.healthcheck
        ? {
            Healthcheck: {
              Test: spec.healthcheck.test,
              ...(spec.healthcheck.intervalMs !== undefined ? { Interval: spec.healthcheck.intervalMs * nsPerMs } : {}),
              ...(spec.healthcheck.timeoutMs !== undefined ? { Timeout: spec.healthcheck.timeoutMs * nsPerMs } : {}),
              ...(spec.healthcheck.retries !== undefined ? { Retries: spec.healthcheck.retries } : {}),
              ...(spec.healthcheck.startPeriodMs !== undefined ? { StartPeriod: spec.healthcheck.startPeriodMs * nsPerMs } : {}),
            },
          }
        : {}),
      HostConfig: {
        NetworkMode: spec.networkMode,
        AutoRemove: spec.autoRemove,
        Privileged: spec.privileged,
        ...(spec.pidMode === 'host' ? { PidMode: 'host' } : {}),
        ...(spec.capAdd.length ? { CapAdd: spec.capAdd } : {}),
        Mounts: spec.mounts.map((m) => ({ Type: m.type, Target: m.target, ReadOnly: m.readOnly, Source: m.source ?? '' })),
        RestartPolicy: { Name: spec.restartPolicy === 'no' ? '' : spec.restartPolicy },
      },
    };
    const container = await this.call('run', spec.name, options.signal, (s) => this.docker.createContainer({ ...create, abortSignal: s } as Dockerode.ContainerCreateOptions));
    try {
      await this.call('run', spec.name ?? container.id, options.signal, (s) => container.start({ abortSignal: s } as object));
    } catch (e) {
      // Do not leave a created-but-never-started container behind.
      await container.remove({ force: true }).catch(() => undefined);
      throw e;
    }
    const raw = await this.inspectRaw(container.id, 'run', options.signal).catch((e) => {
      if (e instanceof ContainerNotFoundError && spec.autoRemove) return { Id: container.id, Name: spec.name ?? container.id } as Raw;
      throw e;
    });
    return { host: this.name, id: container.id, name: String(raw.Name ?? '').replace(/^\//, '') };
  }

  async remove(ref: string, options: RemoveOptions = {}): Promise<void> {
    const name = parseContainerRef(ref);
    await this.call('remove', name, options.signal, (s) => this.docker.getContainer(name).remove({ force: options.force === true, abortSignal: s } as object));
  }

  async stats(ref: string, options: CallOptions = {}): Promise<StatsResult> {
    const name = parseContainerRef(ref);
    const raw = await this.inspectRaw(name, 'stats', options.signal);
    const base = { host: this.name, id: String(raw.Id), name: String(raw.Name ?? name).replace(/^\//, ''), running: (raw.State as Raw | undefined)?.Running === true };
    if (!base.running) return computeStats({}, base);
    // stream=false waits for two samples so the CPU delta is meaningful (about a second).
    const sample = await this.call('stats', name, options.signal, (s) => this.docker.getContainer(base.id).stats({ stream: false, abortSignal: s } as { stream: false }));
    return computeStats(sample, base);
  }

  async events(options: CallOptions = {}): Promise<DockerEventStream> {
    if (options.signal?.aborted) throw new CancelledError(`docker events on host "${this.name}"`);
    // Own controller: the caller's signal or close() ends the stream; a timer
    // guards only the connection (no timeout on the stream itself).
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let connectTimedOut = false;
    const connectTimer = setTimeout(() => {
      connectTimedOut = true;
      ac.abort();
    }, this.requestTimeoutMs);
    connectTimer.unref?.();
    let stream: NodeJS.ReadableStream & { destroy?(e?: Error): void };
    try {
      stream = (await this.docker.getEvents({ filters: { type: ['container'] }, abortSignal: ac.signal } as Dockerode.GetEventsOptions)) as typeof stream;
    } catch (e) {
      options.signal?.removeEventListener('abort', onAbort);
      throw toDockerError(e, { ...this.ctx('events'), ...(connectTimedOut ? { timedOutAfterMs: this.requestTimeoutMs } : {}) });
    } finally {
      clearTimeout(connectTimer);
    }
    let closing = false;
    const handle = { close: () => close() };
    const it = createPushIterator<DockerEvent>(() => {
      closing = true;
      options.signal?.removeEventListener('abort', onAbort);
      this.streams.delete(handle);
      ac.abort();
      stream.destroy?.();
    });
    const close = () => {
      closing = true;
      it.end();
    };
    ac.signal.addEventListener('abort', () => close(), { once: true });
    this.streams.add(handle);
    const parser = new NdjsonParser();
    const take = (items: ReturnType<NdjsonParser['push']>) => {
      for (const item of items) {
        if (!item.ok) continue; // a garbled line must not end the stream
        const ev = normalizeEvent(item.value, this.name);
        if (!ev) continue;
        if (ev.action === 'restart') this.noteRestart(ev.id, ev.timeNano);
        if (ev.action === 'destroy') this.restarts.delete(ev.id);
        it.push(ev);
      }
    };
    stream.on('data', (chunk: Buffer) => take(parser.push(chunk)));
    stream.on('end', () => {
      take(parser.end());
      if (closing) it.end();
      else it.fail(new DaemonUnreachableError(this.address, { host: this.name }, { hint: 'the event stream ended: the daemon closed the connection (restarting?)' }));
    });
    stream.on('error', (e: unknown) => {
      if (closing || ac.signal.aborted) it.end();
      else it.fail(toDockerError(e, this.ctx('events')));
    });
    return Object.assign(it, { close }) as DockerEventStream;
  }

  async close(): Promise<void> {
    for (const s of [...this.streams]) s.close();
  }
}

/**
 * A {@link DockerHost} on a real Docker engine (dockerode).
 * @example
 * ```ts
 * const local = createDockerodeHost({ name: 'local', socketPath: '/var/run/docker.sock' });
 * const prod = createDockerodeHost({ name: 'prod', host: '10.0.0.5', port: 2376, tlsCertPath: '/etc/agentos/prod' });
 * const fromEnv = createDockerodeHost({ name: 'env', fromEnv: true });
 * console.log((await local.status('web')).health);
 * ```
 */
export function createDockerodeHost(config: EngineHostConfig | ResolvedEngineHost, extras: DockerodeHostExtras = {}): DockerHost & { readonly warnings: readonly string[] } {
  const resolved = isResolved(config) ? config : resolveHost(config, extras.resolveEnv);
  if (resolved.kind !== 'docker') throw new TypeError('createDockerodeHost needs a real engine config; use createMemoryHost for the in-memory host');
  return new DockerodeHost(resolved, extras);
}

