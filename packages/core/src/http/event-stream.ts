/**
 * `GET /events`: forwards runtime events (runs, steps, violations) and
 * container monitor events to one SSE client. Listeners are added when the
 * client connects and all removed when it goes.
 * @module
 */
import { formatViolation, type Violation } from '@agentos/policy';
import type { Runtime } from '../runtime/runtime.js';
import type { RuntimeEvents } from '../runtime/events.js';
import { toContainerView, updateFor } from './container-view.js';
import type { SseStream } from './sse.js';
import type { AgentOsEventMap, AgentOsEventName, MonitorEventMapLike, MonitorLike } from './types.js';

/** Runtime events forwarded as they are. */
const RUNTIME_EVENTS = ['run:start', 'step:start', 'step:end', 'step:blocked', 'step:approval', 'run:paused', 'run:end'] as const;
const CONTAINER_EVENTS = ['container:state', 'container:health', 'container:die', 'container:oom', 'container:restart'] as const;

/** What {@link streamEvents} forwards from, and where its own failures go. */
export interface EventStreamDeps {
  runtime: Runtime;
  monitor: MonitorLike | undefined;
  now: () => number;
  onError: (error: unknown) => void;
}

/**
 * Wire a client's SSE stream to the runtime (and monitor): `hello`, the
 * container snapshot and monitor status, then live events until the stream
 * closes.
 * @example
 * ```ts
 * streamEvents(openSse(req, res), { runtime, monitor, now: Date.now, onError: console.error });
 * ```
 */
export function streamEvents(stream: SseStream, deps: EventStreamDeps): void {
  const { runtime, monitor, now, onError } = deps;
  // Listeners run inside the runtime's and the monitor's emit: they must never throw there.
  const send = <K extends AgentOsEventName>(name: K, data: AgentOsEventMap[K] | (() => AgentOsEventMap[K])) => {
    try {
      stream.send(name, typeof data === 'function' ? (data as () => AgentOsEventMap[K])() : data);
    } catch (e) {
      onError(e);
      stream.close();
    }
  };
  const offs: Array<() => void> = [];

  send('hello', { time: now() });
  if (monitor) {
    send('containers:snapshot', () => ({ containers: monitor.snapshot().map(toContainerView) }));
    const hosts = monitor.hosts?.();
    if (hosts && hosts.length > 0) {
      const down = hosts.filter((h) => !h.connected);
      send('monitor:status', down.length === 0 ? { connected: true } : { connected: false, reason: down.map((h) => `${h.host}: ${h.lastError ?? 'not connected'}`).join('; ') });
    }
  }

  for (const name of RUNTIME_EVENTS) {
    const fn = (e: Parameters<RuntimeEvents[typeof name]>[0]) => send(name, e as AgentOsEventMap[typeof name]);
    runtime.on(name, fn as never);
    offs.push(() => runtime.off(name, fn as never));
  }
  const onViolation = (violation: Violation) => send('violation', () => ({ violation, line: formatViolation(violation, { now: now() }) }));
  runtime.on('violation', onViolation);
  offs.push(() => runtime.off('violation', onViolation));

  if (monitor) {
    const listen = <E extends keyof MonitorEventMapLike>(event: E, fn: (e: MonitorEventMapLike[E]) => void) => {
      monitor.on(event, fn);
      offs.push(() => monitor.off(event, fn));
    };
    for (const name of CONTAINER_EVENTS) listen(name, (e) => send('container:update', () => updateFor(monitor, name, e)));
    listen('snapshot', () => send('containers:snapshot', () => ({ containers: monitor.snapshot().map(toContainerView) })));
    listen('disconnected', (e) => send('monitor:status', { connected: false, host: e.host, reason: e.error.message }));
    listen('reconnected', (e) => send('monitor:status', { connected: true, host: e.host }));
  }

  stream.onClose(() => {
    for (const off of offs.splice(0)) off();
  });
}
