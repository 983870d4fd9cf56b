/**
 * `onContainerEvent`: subscribe a handler to one kind of container event,
 * optionally for one container (name, glob or id) on one host. The lead
 * wires this to core's runbook triggers.
 * @module
 */
import { globToRegExp, isGlob } from '@agentos/policy';
import type { ContainerMonitor } from './container-monitor.js';
import type { ContainerDied, ContainerHealthChange, ContainerOom, ContainerRestarted, ContainerStateChange, ContainerMonitorEvents } from './types.js';

/** Trigger names and the payload each handler receives. */
export interface ContainerTriggerPayloads {
  /** Health became `unhealthy`. */
  unhealthy: ContainerHealthChange;
  /** Health became `healthy` (e.g. recovered). */
  healthy: ContainerHealthChange;
  /** Any health change. */
  health: ContainerHealthChange;
  die: ContainerDied;
  oom: ContainerOom;
  restart: ContainerRestarted;
  /** State became `running`. */
  start: ContainerStateChange;
  /** State became `exited`. */
  stop: ContainerStateChange;
  /** The container was removed. */
  removed: ContainerStateChange;
  /** Any state change. */
  state: ContainerStateChange;
}

/** A trigger name. */
export type ContainerTriggerEvent = keyof ContainerTriggerPayloads;

/** Options of {@link onContainerEvent}. */
export interface ContainerTriggerOptions<E extends ContainerTriggerEvent> {
  event: E;
  /** A container name, a glob over names (`web-*`, `db-?`), or an id (or 12+ character id prefix). Default: every container. */
  container?: string;
  /** Only this host. */
  host?: string;
  /** Also fire for differences found on resync after a reconnect (default true). */
  includeResync?: boolean;
  /** Called for each matching event. Errors (thrown or rejected) go to the monitor's `error` event. */
  handler: (event: ContainerTriggerPayloads[E]) => void | Promise<void>;
}

type Source = {
  [E in ContainerTriggerEvent]: { on: keyof ContainerMonitorEvents; accept: (e: ContainerTriggerPayloads[E]) => boolean };
};

const SOURCES: Source = {
  unhealthy: { on: 'container:health', accept: (e) => e.to === 'unhealthy' },
  healthy: { on: 'container:health', accept: (e) => e.to === 'healthy' },
  health: { on: 'container:health', accept: () => true },
  die: { on: 'container:die', accept: () => true },
  oom: { on: 'container:oom', accept: () => true },
  restart: { on: 'container:restart', accept: () => true },
  start: { on: 'container:state', accept: (e) => e.to === 'running' },
  stop: { on: 'container:state', accept: (e) => e.to === 'exited' },
  removed: { on: 'container:state', accept: (e) => e.to === 'removed' },
  state: { on: 'container:state', accept: () => true },
};

function containerMatcher(pattern: string | undefined): (e: { id: string; name: string }) => boolean {
  if (pattern === undefined || pattern === '*') return () => true;
  const p = pattern.replace(/^\//, '');
  if (isGlob(p)) {
    const re = globToRegExp(p);
    return (e) => re.test(e.name);
  }
  const idLike = /^[a-f0-9]{12,64}$/.test(p);
  return (e) => e.name === p || (idLike && e.id.startsWith(p));
}

/**
 * Call `handler` for one kind of container event. Returns an unsubscribe function.
 * @example
 * ```ts
 * const off = onContainerEvent(monitor, {
 *   event: 'unhealthy',
 *   container: 'db-*',
 *   handler: async (e) => { await host.restart(e.name, { timeoutSeconds: 10 }); },
 * });
 * // later
 * off();
 * ```
 */
export function onContainerEvent<E extends ContainerTriggerEvent>(monitor: ContainerMonitor, options: ContainerTriggerOptions<E>): () => void {
  const source = SOURCES[options.event] as unknown as { on: keyof ContainerMonitorEvents; accept: (e: ContainerTriggerPayloads[E]) => boolean } | undefined;
  if (!source) throw new TypeError(`unknown container trigger event "${String(options.event)}"; use one of ${Object.keys(SOURCES).join(', ')}`);
  const matches = containerMatcher(options.container);
  const includeResync = options.includeResync !== false;
  const listener = (e: ContainerTriggerPayloads[E]) => {
    if (options.host !== undefined && e.host !== options.host) return;
    if (!includeResync && e.source === 'resync') return;
    if (!matches(e) || !source.accept(e)) return;
    const report = (err: unknown) =>
      monitor.emit('error', { host: e.host, error: err instanceof Error ? err : new Error(String(err)), at: Date.now() });
    try {
      const r = options.handler(e);
      if (r && typeof (r as Promise<void>).then === 'function') (r as Promise<void>).catch(report);
    } catch (err) {
      report(err);
    }
  };
  const on = monitor.on.bind(monitor) as (event: string, fn: (e: ContainerTriggerPayloads[E]) => void) => void;
  const off = monitor.off.bind(monitor) as (event: string, fn: (e: ContainerTriggerPayloads[E]) => void) => void;
  on(source.on, listener);
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    off(source.on, listener);
  };
}
