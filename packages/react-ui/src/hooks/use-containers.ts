/**
 * `useContainers`: the monitored containers, loaded once and then kept up to
 * date from the live event stream (no polling, no re-fetch).
 * @module
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ContainerUpdate, ContainerView, DockerInfo } from '../client/index.js';
import { useAgentOs, useAgentOsEvents } from '../context/provider.js';
import { asError } from './use-load.js';

/** A container with the time its figures were received (uptime keeps counting from there). */
export interface LiveContainer extends ContainerView {
  /** Epoch ms when this view arrived. */
  receivedAt: number;
  /** The last change the monitor reported, if any. */
  lastChange?: { change: ContainerUpdate['change']; from?: string | null; to?: string; time: number };
}

/** What {@link useContainers} returns. */
export interface ContainersState {
  containers: LiveContainer[];
  /** Where the containers come from, once loaded. */
  docker: DockerInfo | null | undefined;
  loading: boolean;
  error: Error | undefined;
  /** The monitor's connection to Docker, as last reported (`monitor:status`). */
  monitor: { connected: boolean; reason?: string } | undefined;
  /** Fetch the list again. */
  refresh: () => void;
}

/**
 * A stable key of a container: host and id.
 * @example containerKey({ host: 'local', id: 'abc' }) // 'local/abc'
 */
export const containerKey = (c: Pick<ContainerView, 'host' | 'id'>): string => `${c.host}/${c.id}`;

/**
 * Uptime now, counting from when the figure arrived; null unless running.
 * @example currentUptime(c, Date.now())
 */
export function currentUptime(c: LiveContainer, now: number): number | null {
  if (c.uptimeSeconds === null || c.state !== 'running') return null;
  return c.uptimeSeconds + Math.max(0, (now - c.receivedAt) / 1000);
}

type State = Omit<ContainersState, 'refresh'> & { byKey: Map<string, LiveContainer> };
type Action =
  | { type: 'loading' }
  /** `containers` undefined: a snapshot arrived meanwhile and is newer than the answer. */
  | { type: 'loaded'; containers: ContainerView[] | undefined; docker: DockerInfo | null; updates: ContainerUpdate[] }
  | { type: 'failed'; error: Error }
  | { type: 'snapshot'; containers: ContainerView[] }
  | { type: 'update'; update: ContainerUpdate }
  | { type: 'monitor'; connected: boolean; reason?: string };

const GONE = new Set(['removed']);

function applyUpdate(map: Map<string, LiveContainer>, u: ContainerUpdate): void {
  const key = containerKey(u.container);
  if (u.change === 'destroy' || GONE.has(u.container.state)) {
    map.delete(key);
    return;
  }
  map.set(key, {
    ...u.container,
    receivedAt: Date.now(),
    lastChange: { change: u.change, ...(u.from !== undefined ? { from: u.from } : {}), ...(u.to !== undefined ? { to: u.to } : {}), time: u.time },
  });
}

const fromList = (list: ContainerView[]) => new Map(list.filter((c) => !GONE.has(c.state)).map((c) => [containerKey(c), { ...c, receivedAt: Date.now() }]));
const withList = (s: State, byKey: Map<string, LiveContainer>): State => ({ ...s, byKey, containers: [...byKey.values()] });

function reducer(s: State, a: Action): State {
  switch (a.type) {
    case 'loading':
      return { ...s, loading: true, error: undefined };
    case 'loaded': {
      if (!a.containers) return { ...s, docker: a.docker, loading: false, error: undefined };
      const map = fromList(a.containers);
      for (const u of a.updates) applyUpdate(map, u);
      return { ...withList(s, map), docker: a.docker, loading: false, error: undefined };
    }
    case 'failed':
      return { ...s, loading: false, error: a.error };
    case 'snapshot':
      return { ...withList(s, fromList(a.containers)), loading: false };
    case 'update': {
      const map = new Map(s.byKey);
      applyUpdate(map, a.update);
      return withList(s, map);
    }
    case 'monitor':
      return { ...s, monitor: a.reason ? { connected: a.connected, reason: a.reason } : { connected: a.connected } };
  }
}

const initial: State = { containers: [], byKey: new Map(), docker: undefined, loading: true, error: undefined, monitor: undefined };

/**
 * The live container list.
 * @example
 * ```tsx
 * const { containers, error } = useContainers();
 * return <ul>{containers.map((c) => <li key={c.id}>{c.name}: {c.state}, {c.health}</li>)}</ul>;
 * ```
 */
export function useContainers(): ContainersState {
  const { client } = useAgentOs();
  const [state, dispatch] = useReducer(reducer, initial);
  // Events that arrive while the list loads are applied on top of it; a snapshot makes the load moot.
  const pending = useRef<{ updates: ContainerUpdate[]; snapshotSeen: boolean } | null>(null);
  const load = useCallback(
    (signal?: AbortSignal) => {
      const batch = { updates: [] as ContainerUpdate[], snapshotSeen: false };
      pending.current = batch;
      dispatch({ type: 'loading' });
      client.containers(signal ? { signal } : {}).then(
        (r) => {
          if (signal?.aborted || pending.current !== batch) return;
          pending.current = null;
          if (batch.snapshotSeen) {
            dispatch({ type: 'loaded', containers: undefined, docker: r.docker, updates: [] });
            return;
          }
          dispatch({ type: 'loaded', containers: r.containers, docker: r.docker, updates: batch.updates });
        },
        (e: unknown) => {
          if (signal?.aborted || pending.current !== batch) return;
          pending.current = null;
          dispatch({ type: 'failed', error: asError(e) });
        },
      );
    },
    [client],
  );
  useEffect(() => {
    const c = new AbortController();
    load(c.signal);
    return () => c.abort();
  }, [load]);
  useAgentOsEvents((e) => {
    if (e.type === 'containers:snapshot') {
      if (pending.current) pending.current.snapshotSeen = true;
      dispatch({ type: 'snapshot', containers: e.data.containers });
    } else if (e.type === 'container:update') {
      if (pending.current && !pending.current.snapshotSeen) pending.current.updates.push(e.data);
      dispatch({ type: 'update', update: e.data });
    } else if (e.type === 'monitor:status') {
      dispatch({ type: 'monitor', connected: e.data.connected, ...(e.data.reason ? { reason: e.data.reason } : {}) });
    }
  });
  const refresh = useCallback(() => load(), [load]);
  const { byKey: _byKey, ...rest } = state;
  return { ...rest, refresh };
}
