/**
 * `<MonitorDashboard>`: the live container list with filter, sort and
 * one-click actions (Restart, AI Fix Suggestion, Send Alert). Every action
 * goes through the server's runtime and policy engine; its outcome — done,
 * blocked (with what is shown instead), failed or awaiting approval — is
 * shown in place under the container's row.
 * @module
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { ActionResult, ContainerAction } from '../client/index.js';
import { AgentOSRoot } from '../context/root.js';
import { useAgentOs } from '../context/provider.js';
import { formatUptime } from '../format/duration.js';
import { currentUptime, containerKey, useContainers, type LiveContainer } from '../hooks/use-containers.js';
import { asError } from '../hooks/use-load.js';
import { useNow } from '../hooks/use-now.js';
import { StreamBadge } from '../shared/stream-badge.js';

/** Columns the list sorts by. */
export type ContainerSortKey = 'name' | 'image' | 'state' | 'health' | 'uptime' | 'restarts';

/** Props of {@link MonitorDashboard}. */
export interface MonitorDashboardProps {
  /** Heading. Default `Containers`. */
  title?: string;
  /** Actions offered per container, in order. Default all three. */
  actions?: ReadonlyArray<ContainerAction>;
  /** Initial sort. Default by name, ascending. */
  defaultSort?: { key: ContainerSortKey; direction: 'asc' | 'desc' };
  /** Called with each action's outcome (after it is shown in place). */
  onActionResult?: (result: ActionResult) => void;
  className?: string;
}

/**
 * Button labels of the actions.
 * @example ACTION_LABELS.alert // 'Send Alert'
 */
export const ACTION_LABELS: Readonly<Record<ContainerAction, string>> = {
  restart: 'Restart',
  'fix-suggestion': 'AI Fix Suggestion',
  alert: 'Send Alert',
};

/**
 * The accessible name of an action button: `Restart db`, `AI Fix Suggestion for db`, `Send Alert for db`.
 * @example actionButtonName('alert', 'db') // 'Send Alert for db'
 */
export function actionButtonName(action: ContainerAction, container: string): string {
  return action === 'restart' ? `Restart ${container}` : `${ACTION_LABELS[action]} for ${container}`;
}

const HEALTH_RANK: Record<string, number> = { unhealthy: 0, starting: 1, healthy: 2, none: 3 };
const COLUMNS: ReadonlyArray<{ key: ContainerSortKey; label: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'image', label: 'Image' },
  { key: 'state', label: 'State' },
  { key: 'health', label: 'Health' },
  { key: 'uptime', label: 'Uptime' },
  { key: 'restarts', label: 'Restarts' },
];

function compare(key: ContainerSortKey, now: number): (a: LiveContainer, b: LiveContainer) => number {
  switch (key) {
    case 'name':
      return (a, b) => a.name.localeCompare(b.name);
    case 'image':
      return (a, b) => a.image.localeCompare(b.image) || a.name.localeCompare(b.name);
    case 'state':
      return (a, b) => a.state.localeCompare(b.state) || a.name.localeCompare(b.name);
    case 'health':
      return (a, b) => (HEALTH_RANK[a.health] ?? 9) - (HEALTH_RANK[b.health] ?? 9) || a.name.localeCompare(b.name);
    case 'uptime':
      return (a, b) => (currentUptime(a, now) ?? -1) - (currentUptime(b, now) ?? -1) || a.name.localeCompare(b.name);
    case 'restarts':
      return (a, b) => a.restartCount - b.restartCount || a.name.localeCompare(b.name);
  }
}

const healthBadge = (h: string) => (h === 'healthy' ? 'ok' : h === 'unhealthy' ? 'bad' : h === 'starting' ? 'warn' : '');

/**
 * The live container dashboard.
 * @example
 * ```tsx
 * <AgentOSProvider client={createAgentOsClient('/api', { token })}>
 *   <MonitorDashboard actions={['restart', 'alert']} />
 * </AgentOSProvider>
 * ```
 */
export function MonitorDashboard({ title = 'Containers', actions = ['restart', 'fix-suggestion', 'alert'], defaultSort, onActionResult, className }: MonitorDashboardProps): ReactNode {
  const { containers, docker, loading, error, monitor, refresh } = useContainers();
  const now = useNow(1000);
  const [query, setQuery] = useState('');
  const [stateFilter, setStateFilter] = useState('');
  const [healthFilter, setHealthFilter] = useState('');
  const [sort, setSort] = useState(defaultSort ?? { key: 'name' as ContainerSortKey, direction: 'asc' as const });

  const states = useMemo(() => [...new Set(containers.map((c) => c.state))].sort(), [containers]);
  const multiHost = useMemo(() => new Set(containers.map((c) => c.host)).size > 1, [containers]);
  const q = query.trim().toLowerCase();
  const shown = containers
    .filter((c) => (q === '' || c.name.toLowerCase().includes(q) || c.image.toLowerCase().includes(q) || c.host.toLowerCase().includes(q)) && (stateFilter === '' || c.state === stateFilter) && (healthFilter === '' || c.health === healthFilter))
    .sort((a, b) => (sort.direction === 'asc' ? 1 : -1) * compare(sort.key, now)(a, b));

  const toggleSort = (key: ContainerSortKey) => setSort((s) => (s.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: 'asc' }));

  return (
    <AgentOSRoot className={className ? `agentos-monitor ${className}` : 'agentos-monitor'} role="region" aria-label={title}>
      <div className="agentos-stack">
        <div className="agentos-toolbar">
          <h2>{title}</h2>
          {docker ? <span className="agentos-muted">{docker.description}</span> : null}
          <span className="agentos-spacer" />
          <StreamBadge />
        </div>
        {monitor && !monitor.connected ? (
          <p role="status" className="agentos-note agentos-note--warn">
            Live updates from Docker are paused{monitor.reason ? `: ${monitor.reason}` : ''}. The list may be out of date.
          </p>
        ) : null}
        <div className="agentos-toolbar" role="search">
          <input type="search" aria-label="Filter containers" placeholder="Filter by name, image or host" value={query} onChange={(e) => setQuery(e.target.value)} />
          <label>
            State
            <select value={stateFilter} onChange={(e) => setStateFilter(e.target.value)}>
              <option value="">All</option>
              {states.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Health
            <select value={healthFilter} onChange={(e) => setHealthFilter(e.target.value)}>
              <option value="">All</option>
              {['healthy', 'unhealthy', 'starting', 'none'].map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>
          <span className="agentos-muted" aria-live="polite">
            {shown.length} of {containers.length} shown
          </span>
        </div>
        {error ? (
          <div role="alert" className="agentos-note agentos-note--failed">
            Could not load the containers: {error.message}{' '}
            <button type="button" className="agentos-btn agentos-btn--small" onClick={refresh}>
              Retry
            </button>
          </div>
        ) : null}
        <table className="agentos-table">
          <thead>
            <tr>
              {COLUMNS.map((col) => (
                <th key={col.key} scope="col" aria-sort={sort.key === col.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" onClick={() => toggleSort(col.key)}>
                    {col.label}
                    {sort.key === col.key ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
              {multiHost ? <th scope="col">Host</th> : null}
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <ContainerRow key={containerKey(c)} c={c} now={now} actions={actions} showHost={multiHost} onActionResult={onActionResult} />
            ))}
            {shown.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS.length + 1 + (multiHost ? 1 : 0)} className="agentos-muted">
                  {loading ? 'Loading containers…' : containers.length === 0 ? 'No containers.' : 'No container matches the filter.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </AgentOSRoot>
  );
}

interface ContainerRowProps {
  c: LiveContainer;
  now: number;
  actions: ReadonlyArray<ContainerAction>;
  showHost: boolean;
  onActionResult: ((r: ActionResult) => void) | undefined;
}

function ContainerRow({ c, now, actions, showHost, onActionResult }: ContainerRowProps): ReactNode {
  const { client } = useAgentOs();
  const [busy, setBusy] = useState<ContainerAction | null>(null);
  const [result, setResult] = useState<ActionResult | null>(null);
  const run = async (action: ContainerAction) => {
    setBusy(action);
    setResult(null);
    try {
      const r = await client.containerAction(c.name, action, { host: c.host });
      setResult(r);
      onActionResult?.(r);
    } catch (e) {
      setResult({ action, container: c.name, status: 'failed', message: `${ACTION_LABELS[action]} failed: ${asError(e).message}` });
    } finally {
      setBusy(null);
    }
  };
  const cols = COLUMNS.length + 1 + (showHost ? 1 : 0);
  return (
    <>
      <tr data-testid={`container-row-${c.name}`} data-state={c.state} data-health={c.health}>
        <th scope="row" data-testid="container-name">
          {c.name}
        </th>
        <td className="agentos-mono" data-testid="container-image">
          {c.image}
        </td>
        <td data-testid="container-state" className={`agentos-state--${c.state}`}>
          {c.state}
        </td>
        <td data-testid="container-health">
          <span className={`agentos-badge agentos-badge--${healthBadge(c.health)}`}>{c.health}</span>
        </td>
        <td data-testid="container-uptime">{formatUptime(currentUptime(c, now) ?? undefined)}</td>
        <td data-testid="container-restarts">{c.restartCount}</td>
        {showHost ? <td data-testid="container-host">{c.host}</td> : null}
        <td>
          <div className="agentos-actions">
            {actions.map((a) => (
              <button key={a} type="button" className="agentos-btn agentos-btn--small" aria-label={actionButtonName(a, c.name)} disabled={busy !== null} aria-busy={busy === a || undefined} onClick={() => void run(a)}>
                {busy === a ? `${ACTION_LABELS[a]}…` : ACTION_LABELS[a]}
              </button>
            ))}
          </div>
        </td>
      </tr>
      {busy || result ? (
        <tr className="agentos-result-row">
          <td colSpan={cols}>
            {busy ? (
              <p role="status" className="agentos-muted">
                {ACTION_LABELS[busy]} {c.name}: checking policies and running…
              </p>
            ) : result ? (
              <ActionResultView result={result} onDismiss={() => setResult(null)} />
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

const ICONS: Record<ActionResult['status'], string> = { done: '✅', blocked: '⛔', failed: '❌', awaiting_approval: '⏳' };

/**
 * An action's outcome, in place: the message, what is shown instead of a blocked
 * call (the alert text), the policy's reason, and approve/reject for a paused one.
 * @example <ActionResultView result={r} onDismiss={() => setR(null)} />
 */
export function ActionResultView({ result, onDismiss }: { result: ActionResult; onDismiss?: () => void }): ReactNode {
  const { client, user } = useAgentOs();
  const [decided, setDecided] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const text = result.output?.text;
  const pending = result.status === 'awaiting_approval' && result.output?.runId && result.output.stepId ? { runId: result.output.runId, stepId: result.output.stepId } : null;
  const decide = async (approve: boolean) => {
    if (!pending) return;
    setError(null);
    try {
      if (approve) await client.approvals.approve(pending.runId, pending.stepId, user);
      else await client.approvals.reject(pending.runId, pending.stepId, user);
      setDecided(approve ? 'Approved.' : 'Rejected.');
    } catch (e) {
      setError(asError(e).message);
    }
  };
  return (
    <div
      role={result.status === 'failed' ? 'alert' : 'status'}
      className={`agentos-note agentos-note--${result.status}`}
      data-testid={`action-result-${result.container}`}
      data-status={result.status}
      data-action={result.action}
    >
      <div className="agentos-toolbar">
        <strong>
          {ICONS[result.status]} {result.message}
        </strong>
        <span className="agentos-spacer" />
        {onDismiss ? (
          <button type="button" className="agentos-btn agentos-btn--small" aria-label={`Dismiss result for ${result.container}`} onClick={onDismiss}>
            ✕
          </button>
        ) : null}
      </div>
      {result.status === 'blocked' && result.decision ? <p className="agentos-muted">Policy: {result.decision.reason}</p> : null}
      {text ? <pre data-testid="action-output">{text}</pre> : null}
      {pending && !decided ? (
        <div className="agentos-toolbar">
          <button type="button" className="agentos-btn agentos-btn--primary agentos-btn--small" onClick={() => void decide(true)}>
            Approve
          </button>
          <button type="button" className="agentos-btn agentos-btn--danger agentos-btn--small" onClick={() => void decide(false)}>
            Reject
          </button>
        </div>
      ) : null}
      {decided ? <p>{decided}</p> : null}
      {error ? <p className="agentos-error">Could not send the decision: {error}</p> : null}
    </div>
  );
}
