/**
 * Containers as the dashboard sees them: monitor data → {@link ContainerView},
 * monitor events → `container:update` payloads, hosts → `docker` info.
 * @module
 */
import type {
  ContainerChange,
  ContainerHealth,
  ContainerUpdate,
  ContainerView,
  ContainerViewState,
  DockerInfo,
  MonitorContainerLike,
  MonitorEventBaseLike,
  MonitorLike,
} from './types.js';

const STATES = new Set<string>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead', 'removed', 'unknown']);
const HEALTHS = new Set<string>(['healthy', 'unhealthy', 'starting', 'none']);

/**
 * The view of one monitored container.
 * @example
 * ```ts
 * const views = monitor.snapshot().map(toContainerView);
 * ```
 */
export function toContainerView(c: MonitorContainerLike): ContainerView {
  return {
    id: c.id,
    name: c.name.replace(/^\//, ''),
    image: c.image,
    state: (STATES.has(c.state) ? c.state : 'unknown') as ContainerViewState,
    health: (HEALTHS.has(c.health) ? c.health : 'none') as ContainerHealth,
    uptimeSeconds: c.uptimeSeconds,
    restartCount: c.restartCount,
    host: c.host,
    labels: { ...c.labels },
  };
}

/**
 * A view for a container the monitor does not (or no longer) know: what the
 * event says, the rest unknown.
 */
export function viewFromEvent(e: MonitorEventBaseLike, state: ContainerViewState): ContainerView {
  return { id: e.id, name: e.name.replace(/^\//, ''), image: e.image, state, health: 'none', uptimeSeconds: null, restartCount: 0, host: e.host, labels: {} };
}

/** The current view of the container an event is about (after the monitor applied it). */
export function currentView(monitor: MonitorLike, e: MonitorEventBaseLike, fallback: ContainerViewState): ContainerView {
  const found = monitor.snapshot().find((c) => c.id === e.id && c.host === e.host);
  return found ? toContainerView(found) : viewFromEvent(e, fallback);
}

/** `container:update` payloads for each monitor event, by event name. */
export function updateFor(
  monitor: MonitorLike,
  name: 'container:state' | 'container:health' | 'container:die' | 'container:oom' | 'container:restart',
  e: MonitorEventBaseLike & { from?: string | null; to?: string; action?: string; exitCode?: number | null },
): ContainerUpdate {
  switch (name) {
    case 'container:state': {
      const removed = e.to === 'removed';
      const change: ContainerChange = removed ? 'destroy' : e.action === 'start' ? 'start' : e.action === 'stop' ? 'stop' : 'state';
      const container = removed ? viewFromEvent(e, 'removed') : currentView(monitor, e, (e.to as ContainerViewState) ?? 'unknown');
      return { container, change, from: e.from ?? null, ...(e.to !== undefined ? { to: e.to } : {}), time: e.time };
    }
    case 'container:health':
      return { container: currentView(monitor, e, 'unknown'), change: 'health', from: e.from ?? null, ...(e.to !== undefined ? { to: e.to } : {}), time: e.time };
    case 'container:die':
      return { container: currentView(monitor, e, 'exited'), change: 'die', exitCode: e.exitCode ?? null, time: e.time };
    case 'container:oom':
      return { container: currentView(monitor, e, 'unknown'), change: 'oom', time: e.time };
    case 'container:restart':
      return { container: currentView(monitor, e, 'running'), change: 'restart', time: e.time };
  }
}

/**
 * Where the containers come from, for `/info` and `/containers`: null
 * without a monitor; `memory` only when every host is the in-memory one.
 */
export function dockerInfo(monitor: MonitorLike | undefined): DockerInfo | null {
  if (!monitor) return null;
  const hosts = monitor.hosts?.() ?? [];
  if (hosts.length === 0) return { kind: 'docker', description: 'container monitor' };
  const kind = hosts.every((h) => h.kind === 'memory') ? 'memory' : 'docker';
  const description = hosts
    .map((h) => `${h.host}: ${h.kind === 'memory' ? 'in-memory Docker host (no daemon)' : `Docker engine at ${h.address}`}${h.connected ? '' : ` (disconnected${h.lastError ? `: ${h.lastError}` : ''})`}`)
    .join('; ');
  return { kind, description };
}
