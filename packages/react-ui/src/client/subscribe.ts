/**
 * The live `/events` subscription: `EventSource` in browsers (with
 * `?token=`), or fetch streaming where there is none (Node, tests, or when
 * you ask for it), with automatic reconnects and a connection status.
 * @module
 */
import { AgentOsHttpError, errorFromResponse, networkError } from './errors.js';
import { readSse, SseParser, type SseMessage } from './sse-parser.js';
import { AGENTOS_EVENT_NAMES, type AgentOsEvent, type EventSourceConstructor, type FetchLike, type SubscriptionStatus } from './types.js';

/** What the status callback gets besides the status. */
export interface SubscriptionStatusDetail {
  /** Why it disconnected (the server's answer, or the network error), when known. */
  error?: AgentOsHttpError;
  /** When the client tries again, ms (absent while the browser's EventSource reconnects by itself). */
  retryInMs?: number;
}

/** Options of `client.subscribe`. */
export interface SubscribeOptions {
  /** Connection status changes: `connecting`, `connected`, `disconnected`. */
  onStatus?: (status: SubscriptionStatus, detail: SubscriptionStatusDetail) => void;
  /** A message that could not be handled (bad JSON, or `onEvent` threw). Default `console.error`. */
  onError?: (error: unknown) => void;
  /** `auto` (default): `EventSource` when the environment has one, else fetch streaming. */
  transport?: 'auto' | 'eventsource' | 'fetch';
  /** First reconnect delay, ms; doubles up to `maxReconnectMs`. Default 1000. */
  reconnectMs?: number;
  /** Default 30000. */
  maxReconnectMs?: number;
  /** Unsubscribes when aborted. */
  signal?: AbortSignal;
}

/** What a subscription needs from the client. */
export interface SubscriptionDeps {
  /** Absolute or same-origin URL of `/events`, without a token. */
  url: string;
  token?: string;
  fetch: FetchLike;
  /** The EventSource constructor to use (default: the global one, when present). */
  EventSource?: EventSourceConstructor;
}

const NAMES = new Set<string>(AGENTOS_EVENT_NAMES);
const CLOSED = 2;

/**
 * Subscribe to `/events`. Returns the unsubscribe function; after it, no
 * callback runs.
 * @example
 * ```ts
 * const stop = subscribeEvents({ url: '/api/events', token, fetch }, (e) => console.log(e.type, e.data), { onStatus: console.log });
 * stop();
 * ```
 */
export function subscribeEvents(deps: SubscriptionDeps, onEvent: (event: AgentOsEvent) => void, options: SubscribeOptions = {}): () => void {
  const first = options.reconnectMs ?? 1000;
  const max = options.maxReconnectMs ?? 30_000;
  const onError = options.onError ?? ((e: unknown) => console.error('[agentos client]', e));
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  let source: InstanceType<EventSourceConstructor> | undefined;

  const status = (s: SubscriptionStatus, detail: SubscriptionStatusDetail = {}) => {
    if (!stopped) options.onStatus?.(s, detail);
  };
  const nextDelay = () => Math.min(max, first * 2 ** attempt++);
  const dispatch = (m: SseMessage) => {
    if (stopped || !NAMES.has(m.event)) return;
    let data: unknown;
    try {
      data = JSON.parse(m.data);
    } catch (e) {
      onError(new AgentOsHttpError(0, 'BAD_EVENT', `the "${m.event}" event does not hold JSON`, { cause: e }));
      return;
    }
    try {
      onEvent({ type: m.event, data } as AgentOsEvent);
    } catch (e) {
      onError(e);
    }
  };
  const schedule = (error?: AgentOsHttpError) => {
    if (stopped) return;
    const retryInMs = nextDelay();
    status('disconnected', { ...(error ? { error } : {}), retryInMs });
    timer = setTimeout(connect, retryInMs);
  };

  const ES = deps.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
  const useEventSource = options.transport === 'eventsource' || (options.transport !== 'fetch' && ES !== undefined);
  if (useEventSource && !ES) throw new TypeError('transport "eventsource" was asked for, but this environment has no EventSource');

  const connectEventSource = () => {
    const url = deps.token ? `${deps.url}${deps.url.includes('?') ? '&' : '?'}token=${encodeURIComponent(deps.token)}` : deps.url;
    const es = new ES!(url);
    source = es;
    es.onopen = () => {
      attempt = 0;
      status('connected');
    };
    es.onerror = () => {
      if (stopped || source !== es) return;
      if (es.readyState === CLOSED) {
        // The browser gave up (e.g. 401): try again ourselves, with backoff.
        es.close();
        source = undefined;
        schedule();
      } else {
        status('disconnected', {});
      }
    };
    for (const name of AGENTOS_EVENT_NAMES) es.addEventListener(name, (ev: MessageEvent) => dispatch({ event: name, data: String(ev.data) }));
  };

  const connectFetch = async () => {
    const c = new AbortController();
    controller = c;
    let error: AgentOsHttpError | undefined;
    try {
      const res = await deps.fetch(deps.url, {
        headers: { accept: 'text/event-stream', ...(deps.token ? { authorization: `Bearer ${deps.token}` } : {}) },
        cache: 'no-store',
        signal: c.signal,
      });
      if (!res.ok) error = await errorFromResponse(res);
      else if (!res.body) error = new AgentOsHttpError(0, 'NO_STREAM', 'the server answered without a body to stream');
      else {
        attempt = 0;
        status('connected');
        for await (const m of readSse(res.body, new SseParser())) {
          if (stopped) break;
          dispatch(m);
        }
      }
    } catch (e) {
      if (stopped) return;
      error = networkError(deps.url, e);
    }
    schedule(error);
  };

  function connect() {
    timer = undefined;
    if (stopped) return;
    status('connecting');
    if (useEventSource) connectEventSource();
    else void connectFetch();
  }

  const unsubscribe = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    controller?.abort();
    source?.close();
    options.signal?.removeEventListener('abort', unsubscribe);
  };
  if (options.signal?.aborted) {
    unsubscribe();
    return unsubscribe;
  }
  options.signal?.addEventListener('abort', unsubscribe, { once: true });
  connect();
  return unsubscribe;
}
