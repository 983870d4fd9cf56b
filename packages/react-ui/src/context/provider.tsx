/**
 * `<AgentOSProvider>`: the client, the shared live event stream, the theme
 * and the name approvals are signed with, for every widget and hook below it.
 * @module
 */
import { createContext, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { AgentOsClient, AgentOsEvent } from '../client/index.js';
import { EventHub, type EventStreamState } from './event-hub.js';

/** `light`, `dark`, or `system` (follows the operating system). */
export type AgentOsThemeSetting = 'light' | 'dark' | 'system';

/** Props of {@link AgentOSProvider}. */
export interface AgentOSProviderProps {
  /** The API client: `createAgentOsClient('/api', { token })`. Create it once: a new client opens a new event stream. */
  client: AgentOsClient;
  /** Colour theme of the widgets. Default `light`. */
  theme?: AgentOsThemeSetting;
  /** Add the widgets' `<style>` to the page (scoped under `.agentos-root`). Default true. */
  injectStyles?: boolean;
  /** CSP nonce for the injected `<style>`. */
  styleNonce?: string;
  /** Who approves or rejects steps from these widgets (sent as `by`). Default `web-ui`. */
  user?: string;
  /** Open the live event stream. Default true; turn off for static pages. */
  live?: boolean;
  children?: ReactNode;
}

/** What the provider shares. */
export interface AgentOsContextValue {
  client: AgentOsClient;
  theme: 'light' | 'dark';
  injectStyles: boolean;
  styleNonce: string | undefined;
  user: string;
  hub: EventHub;
}

const AgentOsContext = createContext<AgentOsContextValue | null>(null);

const DARK_QUERY = '(prefers-color-scheme: dark)';

function useSystemDark(enabled: boolean): boolean {
  const [dark, setDark] = useState(() => enabled && typeof window !== 'undefined' && !!window.matchMedia?.(DARK_QUERY).matches);
  useEffect(() => {
    if (!enabled || typeof window === 'undefined' || !window.matchMedia) return;
    const mq = window.matchMedia(DARK_QUERY);
    setDark(mq.matches);
    const on = (e: MediaQueryListEvent) => setDark(e.matches);
    mq.addEventListener?.('change', on);
    return () => mq.removeEventListener?.('change', on);
  }, [enabled]);
  return dark;
}

/**
 * Provide a client (and the live event stream) to AgentOS widgets and hooks.
 * @example
 * ```tsx
 * const client = createAgentOsClient('/api', { token });
 * <AgentOSProvider client={client} theme="dark">
 *   <MonitorDashboard />
 *   <ViolationLog />
 * </AgentOSProvider>
 * ```
 */
export function AgentOSProvider({ client, theme = 'light', injectStyles = true, styleNonce, user = 'web-ui', live = true, children }: AgentOSProviderProps): ReactNode {
  const hub = useMemo(() => new EventHub(), [client]);
  useEffect(() => (live ? hub.connect(client) : undefined), [hub, client, live]);
  const systemDark = useSystemDark(theme === 'system');
  const resolved = theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;
  const value = useMemo<AgentOsContextValue>(
    () => ({ client, theme: resolved, injectStyles, styleNonce, user, hub }),
    [client, resolved, injectStyles, styleNonce, user, hub],
  );
  return <AgentOsContext.Provider value={value}>{children}</AgentOsContext.Provider>;
}

/**
 * The provider's value. Throws when there is no `<AgentOSProvider>` above.
 * @example const { client, user } = useAgentOs();
 */
export function useAgentOs(): AgentOsContextValue {
  const v = useContext(AgentOsContext);
  if (!v) {
    throw new Error('AgentOS widgets and hooks need an <AgentOSProvider client={createAgentOsClient(url)}> above them in the React tree');
  }
  return v;
}

/**
 * The API client of the nearest provider.
 * @example const client = useAgentOsClient(); await client.containers();
 */
export function useAgentOsClient(): AgentOsClient {
  return useAgentOs().client;
}

/**
 * Call `handler` for every live event (the latest handler; no re-subscribe on re-render).
 * With `replay`, events already received are delivered first.
 * @example useAgentOsEvents((e) => { if (e.type === 'violation') console.log(e.data.line); });
 */
export function useAgentOsEvents(handler: (event: AgentOsEvent) => void, options: { replay?: boolean } = {}): void {
  const { hub } = useAgentOs();
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  const replay = options.replay ?? false;
  useEffect(() => {
    if (replay) for (const e of hub.recent()) ref.current(e);
    return hub.listen((e) => ref.current(e));
  }, [hub, replay]);
}

/**
 * The state of the live event stream: `connecting`, `connected`, `disconnected` (with the error) or `idle`.
 * @example const { status } = useEventStreamState();
 */
export function useEventStreamState(): EventStreamState {
  const { hub } = useAgentOs();
  return useSyncExternalStore(hub.onState, hub.getState, hub.getState);
}

/**
 * The resolved theme (`light` or `dark`).
 * @example const theme = useAgentOsTheme();
 */
export function useAgentOsTheme(): 'light' | 'dark' {
  return useAgentOs().theme;
}
