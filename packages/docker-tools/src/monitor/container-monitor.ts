/**
 * Live container monitor: a snapshot of every container on one or more
 * hosts, kept current from the Docker events stream — no polling.
 *
 * Per host: open the event stream first, then read the snapshot (so nothing
 * between the two is missed), then apply events in order. When the stream
 * fails (daemon restart, network), emit `disconnected`, retry with
 * exponential backoff, re-read the snapshot, emit `reconnected`, and report
 * what changed meanwhile as `resync` events (so a container that turned
 * unhealthy while the monitor was away still triggers).
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { ContainerNotFoundError, DaemonUnreachableError, DockerHostConfigError } from '../host/errors.js';
import type { ContainerState, ContainerStatus, DockerEvent, DockerEventStream, DockerHost, Health, ListOptions } from '../host/types.js';
import type { ContainerMonitorEvents, MonitorContainerEventBase, MonitorHostState } from './types.js';

/** Options of {@link createContainerMonitor}. */
export interface ContainerMonitorOptions {
  /** Delay before reconnect attempt `attempt` (0-based). Default: 500 ms doubling up to 30 s. */
  backoff?: (attempt: number) => number;
  /** Monitor clock (default `Date.now`), for `receivedAt`. */
  now?: () => number;
  /** Restrict the snapshot (e.g. `{ labels: { team: 'ops' } }`). Events of other containers are ignored. */
  list?: Pick<ListOptions, 'labels'>;
}

/**
 * Default backoff: 500 ms, 1 s, 2 s, … capped at 30 s.
 * @example
 * ```ts
 * defaultBackoff(0); // 500
 * defaultBackoff(10); // 30000
 * ```
 */
export const defaultBackoff = (attempt: number): number => Math.min(30_000, 500 * 2 ** Math.max(0, attempt));

/**
 * The monitor. An EventEmitter (eventemitter3) with typed events.
 * @example
 * ```ts
 * const monitor = createContainerMonitor([local, prod]);
 * monitor.on('container:health', (e) => console.log(`${e.host}/${e.name}: ${e.from} → ${e.to}`));
 * monitor.on('disconnected', (e) => console.warn(`${e.host} gone: ${e.error.message}; retry in ${e.retryInMs} ms`));
 * await monitor.start();
 * console.table(monitor.snapshot());
 * ```
 */
export interface ContainerMonitor extends EventEmitter<ContainerMonitorEvents> {
  /** Connect to every host; resolves once each host has synced once or failed its first attempt. */
  start(): Promise<void>;
  /** Close every stream and stop retrying. */
  stop(): Promise<void>;
  /** Every known container on every host (copies). */
  snapshot(): ContainerStatus[];
  /** Connection state per host. */
  hosts(): MonitorHostState[];
  readonly running: boolean;
}

interface Tracked {
  status: ContainerStatus;
  /** Last state/health reported to listeners (basis of from → to). */
  reportedState: ContainerState;
  reportedHealth: Health;
  /** Restart count as of the last restart reported (or the snapshot). */
  reportedRestarts: number;
  /** Policy restart count as of the last policy restart reported (or the snapshot). */
  reportedPolicyRestarts: number;
}

interface HostRun {
  host: DockerHost;
  containers: Map<string, Tracked>;
  connected: boolean;
  lastError: string | null;
  synced: boolean;
  stream: DockerEventStream | undefined;
}

const STATE_OF: Partial<Record<string, ContainerState | 'removed'>> = {
  create: 'created',
  start: 'running',
  restart: 'running',
  unpause: 'running',
  pause: 'paused',
  die: 'exited',
  stop: 'exited',
  destroy: 'removed',
};

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

class Monitor extends EventEmitter<ContainerMonitorEvents> implements ContainerMonitor {
  private readonly runs: HostRun[];
  private readonly backoff: (attempt: number) => number;
  private readonly now: () => number;
  private readonly listOptions: Pick<ListOptions, 'labels'>;
  private abort: AbortController | undefined;
  private loops: Promise<void>[] = [];

  constructor(hosts: DockerHost[], options: ContainerMonitorOptions) {
    super();
    const names = new Set<string>();
    for (const h of hosts) {
      if (names.has(h.name)) throw new DockerHostConfigError(`duplicate host name "${h.name}" given to the container monitor`, { hint: 'every host needs its own name' });
      names.add(h.name);
    }
    if (hosts.length === 0) throw new DockerHostConfigError('the container monitor needs at least one host');
    this.runs = hosts.map((host) => ({ host, containers: new Map(), connected: false, lastError: null, synced: false, stream: undefined }));
    this.backoff = options.backoff ?? defaultBackoff;
    this.now = options.now ?? Date.now;
    this.listOptions = options.list ?? {};
  }

  get running(): boolean {
    return this.abort !== undefined && !this.abort.signal.aborted;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    const firsts = this.runs.map((run) => {
      let first!: () => void;
      const firstDone = new Promise<void>((r) => (first = r));
      this.loops.push(this.loop(run, signal, first));
      return firstDone;
    });
    await Promise.all(firsts);
  }

  async stop(): Promise<void> {
    if (!this.abort) return;
    this.abort.abort();
    for (const run of this.runs) run.stream?.close();
    await Promise.all(this.loops);
    this.loops = [];
    for (const run of this.runs) run.connected = false;
  }

  snapshot(): ContainerStatus[] {
    const now = this.now();
    return this.runs.flatMap((run) =>
      [...run.containers.values()].map((t) => ({ ...t.status, uptimeSeconds: uptimeAt(t.status, now), labels: { ...t.status.labels } })),
    );
  }

  hosts(): MonitorHostState[] {
    return this.runs.map((r) => ({ host: r.host.name, kind: r.host.kind, address: r.host.address, connected: r.connected, lastError: r.lastError }));
  }

  // ---- per-host loop ---------------------------------------------------

  private async loop(run: HostRun, signal: AbortSignal, first: () => void): Promise<void> {
    let attempt = 0;
    let downSince: number | undefined;
    while (!signal.aborted) {
      let stream: DockerEventStream | undefined;
      try {
        stream = await run.host.events({ signal });
        run.stream = stream;
        const list = await run.host.listContainers({ ...this.listOptions, signal });
        const reason = run.synced ? 'resync' : 'start';
        this.applySnapshot(run, list);
        run.synced = true;
        run.connected = true;
        run.lastError = null;
        if (downSince !== undefined) this.emit('reconnected', { host: run.host.name, downMs: this.now() - downSince, attempts: attempt, at: this.now() });
        attempt = 0;
        downSince = undefined;
        this.emit('snapshot', { containers: this.snapshot(), host: run.host.name, reason, receivedAt: this.now() });
        first();
        for await (const ev of stream) {
          if (signal.aborted) break;
          await this.applyEvent(run, ev, signal);
        }
        if (signal.aborted) break;
        throw new DaemonUnreachableError(run.host.address, { host: run.host.name }, { hint: 'the event stream ended' });
      } catch (e) {
        stream?.close();
        run.stream = undefined;
        if (signal.aborted) break;
        const error = asError(e);
        run.connected = false;
        run.lastError = error.message;
        downSince ??= this.now();
        const retryInMs = Math.max(0, this.backoff(attempt));
        attempt++;
        this.emit('disconnected', { host: run.host.name, error, attempt, retryInMs, at: this.now() });
        first();
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, retryInMs);
          function done() {
            clearTimeout(t);
            signal.removeEventListener('abort', done);
            resolve();
          }
          signal.addEventListener('abort', done, { once: true });
        });
      }
    }
    first();
  }

  // ---- snapshot and events ---------------------------------------------

  private base(run: HostRun, s: Pick<ContainerStatus, 'id' | 'name' | 'image'>, time: number, source: 'event' | 'resync'): MonitorContainerEventBase {
    return { host: run.host.name, id: s.id, name: s.name, image: s.image, time, receivedAt: this.now(), source };
  }

  /** Replace a host's containers with a fresh list; after a reconnect, report what changed. */
  private applySnapshot(run: HostRun, list: ContainerStatus[]): void {
    const before = run.containers;
    const after = new Map<string, Tracked>();
    const now = this.now();
    const pending: Array<() => void> = [];
    for (const status of list) {
      const prev = before.get(status.id);
      after.set(status.id, { status, reportedState: status.state, reportedHealth: status.health, reportedRestarts: status.restartCount, reportedPolicyRestarts: status.policyRestartCount });
      if (!run.synced) continue;
      const b = this.base(run, status, now, 'resync');
      if (!prev) {
        pending.push(() => this.emit('container:state', { ...b, from: null, to: status.state, action: 'resync' }));
        continue;
      }
      if (prev.reportedState !== status.state) pending.push(() => this.emit('container:state', { ...b, from: prev.reportedState, to: status.state, action: 'resync' }));
      if (prev.reportedHealth !== status.health) pending.push(() => this.emit('container:health', { ...b, from: prev.reportedHealth, to: status.health }));
      if (status.restartCount > prev.reportedRestarts) pending.push(() => this.emit('container:restart', { ...b, kind: 'unknown', restartCount: status.restartCount }));
    }
    if (run.synced) {
      for (const [id, prev] of before) {
        if (!after.has(id)) pending.push(() => this.emit('container:state', { ...this.base(run, prev.status, now, 'resync'), from: prev.reportedState, to: 'removed', action: 'resync' }));
      }
    }
    // Listeners see the new snapshot when they are called.
    run.containers = after;
    for (const emit of pending) emit();
  }

  private matchesList(status: ContainerStatus): boolean {
    const want = Object.entries(this.listOptions.labels ?? {});
    return want.every(([k, v]) => (v === true ? k in status.labels : status.labels[k] === v));
  }

  private async refresh(run: HostRun, id: string, signal: AbortSignal): Promise<ContainerStatus | undefined> {
    try {
      return await run.host.status(id, { signal });
    } catch (e) {
      if (e instanceof ContainerNotFoundError) return undefined; // removed meanwhile
      if (e instanceof DaemonUnreachableError || signal.aborted) throw e;
      this.emit('error', { host: run.host.name, error: asError(e), at: this.now() });
      return undefined;
    }
  }

  private async applyEvent(run: HostRun, ev: DockerEvent, signal: AbortSignal): Promise<void> {
    let t = run.containers.get(ev.id);
    if (!t && ev.action === 'destroy') return; // never seen, already gone
    if (!t && this.listOptions.labels) {
      // Label-filtered monitor: only containers that match.
      const labels = ev.attributes;
      const ok = Object.entries(this.listOptions.labels).every(([k, v]) => (v === true ? k in labels : labels[k] === v));
      if (!ok) return;
    }
    const to = STATE_OF[ev.action];
    // `die` of a known container carries all the event needs (the exit code is in its
    // attributes): emit at once and refresh the record in the background, so a burst
    // of deaths is not serialised behind one inspect each.
    const backgroundRefresh = ev.action === 'die' && t !== undefined;
    const needsRefresh =
      !backgroundRefresh && (ev.action === 'create' || ev.action === 'start' || ev.action === 'restart' || ev.action === 'die' || ev.action === 'pause' || ev.action === 'unpause' || !t);
    let fresh: ContainerStatus | undefined;
    if (needsRefresh && ev.action !== 'destroy') fresh = await this.refresh(run, ev.id, signal);
    if (fresh && !this.matchesList(fresh)) return;

    if (!t) {
      const status: ContainerStatus = fresh ?? {
        host: run.host.name, id: ev.id, name: ev.name, image: ev.image ?? '', state: to && to !== 'removed' ? to : 'created', health: 'none',
        exitCode: null, oomKilled: false, createdAt: null, startedAt: null, finishedAt: null, uptimeSeconds: null, restartCount: 0, policyRestartCount: 0, labels: {}, tty: false,
      };
      // A container the monitor has not seen before: report it as new.
      t = { status, reportedState: status.state, reportedHealth: status.health, reportedRestarts: status.restartCount, reportedPolicyRestarts: status.policyRestartCount };
      run.containers.set(ev.id, t);
      this.emit('container:state', { ...this.base(run, status, ev.time, 'event'), from: null, to: to && to !== 'removed' ? to : status.state, action: ev.action });
      if (to && to !== 'removed') t.reportedState = to;
    }
    if (fresh) t.status = { ...fresh, state: to && to !== 'removed' ? to : fresh.state, health: ev.health ?? fresh.health };
    else if (to && to !== 'removed') t.status = { ...t.status, state: to };
    if (ev.action === 'die' && ev.exitCode !== undefined) t.status = { ...t.status, exitCode: ev.exitCode };
    if (ev.health) t.status = { ...t.status, health: ev.health };
    const b = this.base(run, { id: ev.id, name: ev.name || t.status.name, image: ev.image ?? t.status.image }, ev.time, 'event');

    switch (ev.action) {
      case 'health_status':
        if (ev.health && ev.health !== t.reportedHealth) {
          this.emit('container:health', { ...b, from: t.reportedHealth, to: ev.health });
          t.reportedHealth = ev.health;
        }
        break;
      case 'die': {
        this.emit('container:die', { ...b, exitCode: ev.exitCode ?? null });
        if (backgroundRefresh) {
          const tracked = t;
          // Only the fields a death settles (never the state, which later events own).
          void this.refresh(run, ev.id, signal)
            .then((fresh) => {
              if (fresh && run.containers.get(ev.id) === tracked) {
                tracked.status = { ...tracked.status, exitCode: fresh.exitCode ?? tracked.status.exitCode, oomKilled: fresh.oomKilled, finishedAt: fresh.finishedAt, uptimeSeconds: fresh.uptimeSeconds };
              }
            })
            .catch(() => undefined); // unreachable daemon: the stream loop reports it
        }
        break;
      }
      case 'oom':
        this.emit('container:oom', b);
        break;
      case 'restart':
        if (fresh) t.reportedRestarts = Math.max(t.reportedRestarts, fresh.restartCount);
        this.emit('container:restart', { ...b, kind: 'manual', restartCount: fresh?.restartCount ?? null });
        break;
      case 'start':
        // Docker's own RestartCount went up: the restart policy did it (a manual
        // start never raises it; a manual restart is reported by its own event).
        if (fresh && fresh.policyRestartCount > t.reportedPolicyRestarts) {
          t.reportedPolicyRestarts = fresh.policyRestartCount;
          t.reportedRestarts = Math.max(t.reportedRestarts, fresh.restartCount);
          this.emit('container:restart', { ...b, kind: 'policy', restartCount: fresh.restartCount });
        }
        break;
      case 'destroy':
        run.containers.delete(ev.id);
        break;
      default:
        break;
    }
    if (to && to !== t.reportedState) {
      this.emit('container:state', { ...b, from: t.reportedState, to, action: ev.action });
      if (to !== 'removed') t.reportedState = to;
    }
  }
}

/** Uptime as of `now` for a running container (the record's own figure is as of its last inspect). */
function uptimeAt(status: ContainerStatus, now: number): number | null {
  if (status.state !== 'running' || !status.startedAt) return status.state === 'running' ? status.uptimeSeconds : null;
  const started = Date.parse(status.startedAt);
  return Number.isFinite(started) ? Math.max(0, Math.floor((now - started) / 1000)) : status.uptimeSeconds;
}

/**
 * Watch containers on one or more hosts. Nothing happens until `start()`.
 * @example
 * ```ts
 * const monitor = createContainerMonitor(createMemoryHost({ containers: [{ name: 'db', healthcheck: true }] }));
 * monitor.on('container:health', (e) => e.to === 'unhealthy' && alert(e.name));
 * await monitor.start();
 * ```
 */
export function createContainerMonitor(hosts: DockerHost | DockerHost[], options: ContainerMonitorOptions = {}): ContainerMonitor {
  return new Monitor(Array.isArray(hosts) ? hosts : [hosts], options);
}
