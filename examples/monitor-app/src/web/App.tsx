/**
 * The monitor app's page: sign-in (only when the server did not hand over
 * the token), then the four AgentOS widgets in tabs — Monitor, Runbook
 * Builder, Violations, Agent — with a light/dark toggle and a banner when
 * the server watches the in-memory Docker host instead of a real engine.
 * @module
 */
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import {
  AgentChat,
  AgentOSProvider,
  AgentOsHttpError,
  createAgentOsClient,
  MonitorDashboard,
  RunbookBuilder,
  useAgentOsEvents,
  ViolationLog,
  type InfoResponse,
} from '@agentos/react-ui';
import { Overview } from './overview.js';
import { applyTheme, initialTheme, storeToken, storedToken, tokenFromPage, type Theme } from './page-settings.js';

/** The tabs, in order, with the URL hash that opens each. */
export const TABS = [
  { id: 'monitor', label: 'Monitor' },
  { id: 'builder', label: 'Runbook Builder' },
  { id: 'violations', label: 'Violations' },
  { id: 'agent', label: 'Agent' },
] as const;
type TabId = (typeof TABS)[number]['id'];

const tabFromHash = (): TabId => {
  const h = location.hash.replace(/^#\/?/, '');
  return TABS.some((t) => t.id === h) ? (h as TabId) : 'monitor';
};

/** Props of {@link App}. */
export interface AppProps {
  /** CSP nonce for the widgets' `<style>` element. */
  styleNonce?: string;
}

/**
 * The whole page.
 * @example createRoot(el).render(<App styleNonce={cspNonce(document)} />);
 */
export function App({ styleNonce }: AppProps): ReactNode {
  const fromPage = useMemo(() => tokenFromPage(document), []);
  const [token, setToken] = useState<string | undefined>(() => fromPage ?? storedToken());
  const [signInError, setSignInError] = useState<string | undefined>();
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => applyTheme(theme), [theme]);

  const signOut = (why?: string) => {
    storeToken(undefined);
    setToken(undefined);
    setSignInError(why);
  };

  const toggle = <ThemeToggle theme={theme} onChange={setTheme} />;
  if (!token) {
    return (
      <Shell actions={toggle}>
        <SignIn
          error={signInError}
          onToken={(t) => {
            storeToken(t);
            setSignInError(undefined);
            setToken(t);
          }}
        />
      </Shell>
    );
  }
  return (
    <Console
      key={token}
      token={token}
      theme={theme}
      styleNonce={styleNonce}
      toggle={toggle}
      // A token from the page cannot be "signed out" of; a typed one can.
      onSignOut={fromPage ? undefined : () => signOut()}
      onRefused={() => (fromPage ? undefined : signOut('The server refused that token. Check it and try again.'))}
    />
  );
}

function Shell({ actions, children }: { actions?: ReactNode; children: ReactNode }): ReactNode {
  return (
    <div className="app">
      <header className="app-header">
        <div className="app-brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>
            AgentOS <span className="app-brand__sub">Monitor</span>
          </span>
        </div>
        <div className="app-header__actions">{actions}</div>
      </header>
      {children}
    </div>
  );
}

function ThemeToggle({ theme, onChange }: { theme: Theme; onChange: (t: Theme) => void }): ReactNode {
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="app-button" aria-label={`Switch to ${next} theme`} aria-pressed={theme === 'dark'} onClick={() => onChange(next)}>
      {theme === 'dark' ? '☀️ Light' : '🌙 Dark'}
    </button>
  );
}

/** Asked only when the server did not put the token in the page (not bound to 127.0.0.1, or `vite` dev). */
function SignIn({ error, onToken }: { error: string | undefined; onToken: (token: string) => void }): ReactNode {
  const [value, setValue] = useState('');
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = value.trim();
    if (!t) return;
    setChecking(true);
    setProblem(undefined);
    try {
      await createAgentOsClient('/api', { token: t }).info();
      onToken(t);
    } catch (err) {
      setProblem(err instanceof AgentOsHttpError && err.status === 401 ? 'The server refused that token. Check it and try again.' : `Could not reach the server: ${(err as Error).message}`);
    } finally {
      setChecking(false);
    }
  };
  return (
    <main className="app-main app-main--narrow">
      <form className="app-card app-signin" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in</h1>
        <p>
          The AgentOS API needs its token. <code>npm start</code> prints it; it is kept for this browser tab only.
        </p>
        <label htmlFor="token">API token</label>
        <input id="token" type="password" autoComplete="current-password" value={value} onChange={(e) => setValue(e.target.value)} required />
        {problem ? (
          <p role="alert" className="app-error">
            {problem}
          </p>
        ) : null}
        <button type="submit" className="app-button app-button--primary" disabled={checking || !value.trim()}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

interface ConsoleProps {
  token: string;
  theme: Theme;
  styleNonce: string | undefined;
  toggle: ReactNode;
  onSignOut: (() => void) | undefined;
  onRefused: () => void;
}

function Console({ token, theme, styleNonce, toggle, onSignOut, onRefused }: ConsoleProps): ReactNode {
  const client = useMemo(() => createAgentOsClient('/api', { token }), [token]);
  const [info, setInfo] = useState<InfoResponse | undefined>();
  const [infoError, setInfoError] = useState<string | undefined>();
  const [tab, setTab] = useState<TabId>(tabFromHash);
  // Panels are mounted on first visit and then kept (a half-built runbook survives a tab switch).
  const [visited, setVisited] = useState<ReadonlySet<TabId>>(() => new Set([tabFromHash()]));

  useEffect(() => {
    const ctrl = new AbortController();
    client
      .info({ signal: ctrl.signal })
      .then(setInfo)
      .catch((e: unknown) => {
        if (ctrl.signal.aborted) return;
        if (e instanceof AgentOsHttpError && e.status === 401) onRefused();
        setInfoError(e instanceof Error ? e.message : String(e));
      });
    return () => ctrl.abort();
  }, [client]);

  useEffect(() => {
    const onHash = () => open(tabFromHash(), false);
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  function open(id: TabId, push = true) {
    setTab(id);
    setVisited((v) => (v.has(id) ? v : new Set([...v, id])));
    if (push && location.hash !== `#/${id}`) history.replaceState(null, '', `#/${id}`);
  }

  return (
    <AgentOSProvider client={client} theme={theme} {...(styleNonce ? { styleNonce } : {})}>
      <Shell
        actions={
          <>
            <EngineBadge info={info} />
            {toggle}
            {onSignOut ? (
              <button type="button" className="app-button" onClick={onSignOut}>
                Sign out
              </button>
            ) : null}
          </>
        }
      >
        {info?.docker?.kind === 'memory' ? (
          <div className="app-banner" role="status" data-testid="memory-banner" title={info.docker.description}>
            <strong>In-memory Docker host — no daemon found.</strong> The containers below are simulated; start Docker and restart the app to watch real ones.
          </div>
        ) : null}
        {infoError ? (
          <div className="app-banner app-banner--error" role="alert">
            Could not read the server's info: {infoError}
          </div>
        ) : null}
        <nav className="app-tabs" role="tablist" aria-label="Views">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`panel-${t.id}`}
              tabIndex={tab === t.id ? 0 : -1}
              className="app-tab"
              onClick={() => open(t.id)}
              onKeyDown={(e) => {
                const i = TABS.findIndex((x) => x.id === t.id);
                const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                if (!step) return;
                const next = TABS[(i + step + TABS.length) % TABS.length]!;
                open(next.id);
                document.getElementById(`tab-${next.id}`)?.focus();
              }}
            >
              {t.label}
              {t.id === 'violations' ? <ViolationCount active={tab === 'violations'} /> : null}
            </button>
          ))}
        </nav>
        <main className="app-main">
          {TABS.map((t) =>
            visited.has(t.id) ? (
              <section key={t.id} id={`panel-${t.id}`} role="tabpanel" aria-labelledby={`tab-${t.id}`} hidden={tab !== t.id} className="app-panel">
                <Panel id={t.id} info={info} />
              </section>
            ) : null,
          )}
        </main>
        <footer className="app-footer">
          Every action on this page goes through the AgentOS policy engine on the server. {info ? `AgentOS ${info.version}.` : ''}
        </footer>
      </Shell>
    </AgentOSProvider>
  );
}

function Panel({ id, info }: { id: TabId; info: InfoResponse | undefined }): ReactNode {
  switch (id) {
    case 'monitor':
      return (
        <>
          <Overview />
          <MonitorDashboard />
        </>
      );
    case 'builder':
      return <RunbookBuilder />;
    case 'violations':
      return <ViolationLog />;
    case 'agent':
      if (info && !info.agent) {
        return (
          <div className="app-card app-empty" role="status" data-testid="no-agent">
            <h2>No LLM configured</h2>
            <p>
              This server runs without an agent, so there is nobody to chat with. The Monitor, Runbook Builder and Violations views work without one. To chat, start the
              app with an agent from <code>@agentos/agent</code> (see the README).
            </p>
          </div>
        );
      }
      return <AgentChat />;
  }
}

/** New violations since the Violations tab was last open. */
function ViolationCount({ active }: { active: boolean }): ReactNode {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (active) setCount(0);
  }, [active]);
  useAgentOsEvents((e) => {
    if (e.type === 'violation' && !active) setCount((c) => c + 1);
  });
  return count ? (
    <span className="app-count" aria-label={`${count} new`}>
      {count}
    </span>
  ) : null;
}

function EngineBadge({ info }: { info: InfoResponse | undefined }): ReactNode {
  if (!info) return null;
  const d = info.docker;
  const [cls, text] = !d ? ['', 'No monitor'] : d.kind === 'memory' ? ['warn', 'In-memory host'] : ['ok', 'Docker engine'];
  return (
    <span className={`app-pill app-pill--${cls}`} title={d?.description} data-testid="engine-badge" data-kind={d?.kind ?? 'none'}>
      {text}
    </span>
  );
}
