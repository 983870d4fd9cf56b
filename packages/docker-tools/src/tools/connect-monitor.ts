/**
 * Monitor → runbooks: container events from the live monitor trigger the
 * runtime's registered workflows ("when `db` becomes unhealthy, run
 * 'Database Health Monitor'").
 * @module
 */
import type { ContainerTriggerEvent as RuntimeContainerEvent, RunHandle } from '@agentos/core';
import type { ContainerMonitor } from '../monitor/container-monitor.js';
import { onContainerEvent, type ContainerTriggerPayloads } from '../monitor/trigger.js';

/** The container events workflows can be triggered by (core's `CONTAINER_EVENTS`). */
export const RUNBOOK_EVENTS = ['unhealthy', 'healthy', 'die', 'oom', 'restart', 'start', 'stop'] as const;
/** One of {@link RUNBOOK_EVENTS}. */
export type RunbookEvent = (typeof RUNBOOK_EVENTS)[number];

/** What {@link connectMonitorToRuntime} needs from a runtime (`createRuntime(…)` satisfies it). */
export interface DispatchingRuntime {
  dispatch(event: RuntimeContainerEvent): RunHandle[];
}

/** Options of {@link connectMonitorToRuntime}. */
export interface ConnectMonitorOptions {
  /** Which events to forward (default: all of {@link RUNBOOK_EVENTS}). */
  events?: readonly RunbookEvent[];
  /** Also forward differences found on resync after a reconnect (default true: a container that turned unhealthy while the monitor was away still triggers). */
  includeResync?: boolean;
  /** Called with the runs each event started (none when no registered workflow matched). */
  onRuns?: (runs: RunHandle[], event: RuntimeContainerEvent) => void;
}

/** Extra payload each event carries into the run's `trigger`. */
function extras(event: RunbookEvent, e: ContainerTriggerPayloads[RunbookEvent]): Record<string, unknown> {
  const base: Record<string, unknown> = { image: e.image, source: e.source, receivedAt: e.receivedAt };
  switch (event) {
    case 'unhealthy':
    case 'healthy': {
      const h = e as ContainerTriggerPayloads['unhealthy'];
      return { ...base, from: h.from, to: h.to };
    }
    case 'die':
      return { ...base, exitCode: (e as ContainerTriggerPayloads['die']).exitCode };
    case 'restart': {
      const r = e as ContainerTriggerPayloads['restart'];
      return { ...base, kind: r.kind, restartCount: r.restartCount };
    }
    case 'start':
    case 'stop': {
      const s = e as ContainerTriggerPayloads['start'];
      return { ...base, from: s.from, to: s.to, action: s.action };
    }
    default:
      return base;
  }
}

/**
 * Forward the monitor's container events to `runtime.dispatch(…)`: every
 * registered workflow whose `{ type: 'event', event, container?, host? }`
 * trigger matches starts a run, with the event as its `trigger`
 * (`{{ trigger.container.name }}`). Errors go to the monitor's `error` event.
 * Returns a function that disconnects.
 * @example
 * ```ts
 * runtime.register(workflow('Database Health Monitor', { trigger: { type: 'event', event: 'unhealthy', container: 'db' } })
 *   .step('restart', docker.docker_restart({ container: 'db' }))
 *   .step('alert', slack_notify({ text: 'db was unhealthy and has been restarted' }), { after: ['restart'] }));
 * const disconnect = connectMonitorToRuntime(monitor, runtime);
 * await monitor.start();
 * // later
 * disconnect();
 * ```
 */
export function connectMonitorToRuntime(monitor: ContainerMonitor, runtime: DispatchingRuntime, options: ConnectMonitorOptions = {}): () => void {
  const events = options.events ?? RUNBOOK_EVENTS;
  for (const e of events) {
    if (!(RUNBOOK_EVENTS as readonly string[]).includes(e)) {
      throw new TypeError(`connectMonitorToRuntime: unknown event "${String(e)}"; use one of ${RUNBOOK_EVENTS.join(', ')}`);
    }
  }
  const offs = events.map((event) =>
    onContainerEvent(monitor, {
      event,
      ...(options.includeResync !== undefined ? { includeResync: options.includeResync } : {}),
      handler: (e) => {
        const payload: RuntimeContainerEvent = {
          ...extras(event, e),
          event,
          container: { id: e.id, name: e.name, host: e.host },
          time: e.time,
        };
        const runs = runtime.dispatch(payload);
        options.onRuns?.(runs, payload);
      },
    }),
  );
  let connected = true;
  return () => {
    if (!connected) return;
    connected = false;
    for (const off of offs) off();
  };
}
