/**
 * Event payloads of the container monitor.
 * @module
 */
import type { ContainerState, ContainerStatus, Health } from '../host/types.js';

/** What every container event carries. */
export interface MonitorContainerEventBase {
  /** Host name. */
  host: string;
  id: string;
  name: string;
  image: string;
  /** When the daemon reported it (epoch ms, from `timeNano`); for `resync` events, when the monitor noticed. */
  time: number;
  /** When the monitor received it (epoch ms, monitor clock). */
  receivedAt: number;
  /** `event`: from the daemon's event stream; `resync`: a difference found when re-reading the snapshot after a reconnect. */
  source: 'event' | 'resync';
}

/** A container changed state. `from` is null for a container the monitor did not know. */
export interface ContainerStateChange extends MonitorContainerEventBase {
  from: ContainerState | null;
  to: ContainerState | 'removed';
  /** The daemon action behind it (`start`, `die`, `destroy`, …; `resync` for resync events). */
  action: string;
}

/** A container's health changed (e.g. healthy → unhealthy, and back). */
export interface ContainerHealthChange extends MonitorContainerEventBase {
  from: Health;
  to: Health;
}

/** A container's main process ended. */
export interface ContainerDied extends MonitorContainerEventBase {
  exitCode: number | null;
}

/** The kernel OOM-killed a process in the container. */
export type ContainerOom = MonitorContainerEventBase;

/**
 * A container restarted: `manual` (docker restart), by its restart `policy`,
 * or `unknown` (the count rose while the monitor was disconnected).
 */
export interface ContainerRestarted extends MonitorContainerEventBase {
  kind: 'manual' | 'policy' | 'unknown';
  /** Restart count after this restart, when known. */
  restartCount: number | null;
}

/** The full picture: every container on every connected host. */
export interface MonitorSnapshot {
  containers: ContainerStatus[];
  /** Which host (re)synced to produce it. */
  host: string;
  reason: 'start' | 'resync';
  receivedAt: number;
}

/** A host's event stream failed or could not be opened; the monitor will retry. */
export interface MonitorDisconnected {
  host: string;
  error: Error;
  /** Consecutive failed attempts so far (1 for the first). */
  attempt: number;
  retryInMs: number;
  at: number;
}

/** A host is back: its snapshot was re-read and its event stream reopened. */
export interface MonitorReconnected {
  host: string;
  /** How long it was gone. */
  downMs: number;
  attempts: number;
  at: number;
}

/** Something went wrong that did not disconnect a host (e.g. a trigger handler threw). */
export interface MonitorError {
  host?: string;
  error: Error;
  at: number;
}

/** The typed events of {@link ContainerMonitor}. */
export type ContainerMonitorEvents = {
  snapshot: [MonitorSnapshot];
  'container:state': [ContainerStateChange];
  'container:health': [ContainerHealthChange];
  'container:die': [ContainerDied];
  'container:oom': [ContainerOom];
  'container:restart': [ContainerRestarted];
  disconnected: [MonitorDisconnected];
  reconnected: [MonitorReconnected];
  error: [MonitorError];
};

/** Connection state of one host. */
export interface MonitorHostState {
  host: string;
  kind: 'docker' | 'memory';
  address: string;
  connected: boolean;
  lastError: string | null;
}
