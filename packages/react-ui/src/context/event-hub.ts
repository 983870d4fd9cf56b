/**
 * One live `/events` subscription shared by every widget and hook under a
 * provider, with a short history so a view that mounts late (a run view
 * opened after `POST /runs` answered) still sees the events it missed.
 * @module
 */
import type { AgentOsClient, AgentOsEvent, SubscriptionStatus, SubscriptionStatusDetail } from '../client/index.js';

/** The connection state of the shared subscription. */
export interface EventStreamState {
  status: SubscriptionStatus | 'idle';
  /** Why it is disconnected, when known. */
  error?: string;
}

/** Listener of {@link EventHub} events. */
export type AgentOsEventListener = (event: AgentOsEvent) => void;

/**
 * How many events the hub remembers.
 * @example hub.recent().length <= EVENT_HISTORY_SIZE // true
 */
export const EVENT_HISTORY_SIZE = 1000;

/**
 * Fans one client subscription out to many listeners.
 * @example
 * ```ts
 * const hub = new EventHub();
 * const stop = hub.connect(client);
 * const off = hub.listen((e) => console.log(e.type));
 * ```
 */
export class EventHub {
  private readonly listeners = new Set<AgentOsEventListener>();
  private readonly stateListeners = new Set<() => void>();
  private history: AgentOsEvent[] = [];
  private state: EventStreamState = { status: 'idle' };

  /** Subscribe to the client's stream; returns the function that stops it. */
  connect(client: AgentOsClient): () => void {
    this.setState({ status: 'connecting' });
    const stop = client.subscribe((e) => this.emit(e), {
      onStatus: (status: SubscriptionStatus, detail: SubscriptionStatusDetail) =>
        this.setState(detail.error ? { status, error: detail.error.message } : { status }),
      onError: (e: unknown) => console.error('[agentos] a live event could not be handled:', e),
    });
    return () => {
      stop();
      this.setState({ status: 'idle' });
    };
  }

  /** Deliver an event to every listener (and remember it). */
  emit(event: AgentOsEvent): void {
    this.history.push(event);
    if (this.history.length > EVENT_HISTORY_SIZE) this.history = this.history.slice(-EVENT_HISTORY_SIZE);
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (e) {
        console.error(`[agentos] a listener of "${event.type}" failed:`, e);
      }
    }
  }

  /** Listen to events; returns the function that stops listening. */
  listen(listener: AgentOsEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events seen so far (at most {@link EVENT_HISTORY_SIZE}), oldest first. */
  recent(): ReadonlyArray<AgentOsEvent> {
    return this.history;
  }

  /** The connection state (stable object between changes, for `useSyncExternalStore`). */
  getState = (): EventStreamState => this.state;

  /** Listen to connection state changes. */
  onState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  private setState(next: EventStreamState): void {
    if (next.status === this.state.status && next.error === this.state.error) return;
    this.state = next;
    for (const l of [...this.stateListeners]) l();
  }
}
