/**
 * `<ViolationLog>`: every blocked or sanitized call as the line users know
 * (`⛔ 2 min ago · Workflow: "…" · Tool: … · Reason: … · Source: …`),
 * filterable, updated live.
 * @module
 */
import { Fragment, useMemo, useState, type ReactNode } from 'react';
import type { Violation } from '../client/index.js';
import { AgentOSRoot } from '../context/root.js';
import { violationFields } from '../format/violation-line.js';
import { useNow } from '../hooks/use-now.js';
import { useViolations } from '../hooks/use-violations.js';
import { StreamBadge } from '../shared/stream-badge.js';

/** Props of {@link ViolationLog}. */
export interface ViolationLogProps {
  /** Heading. Default `Violation log`. */
  title?: string;
  /** How many to load and keep. Default 200. */
  limit?: number;
  /** Only violations of this workflow (server-side filter). */
  workflow?: string;
  /** Only violations of this tool (server-side filter). */
  tool?: string;
  className?: string;
}

/**
 * The violation log.
 * @example
 * ```tsx
 * <AgentOSProvider client={client}><ViolationLog limit={100} /></AgentOSProvider>
 * ```
 */
export function ViolationLog({ title = 'Violation log', limit, workflow, tool, className }: ViolationLogProps): ReactNode {
  const { violations, loading, error, refresh } = useViolations({
    ...(limit !== undefined ? { limit } : {}),
    ...(workflow !== undefined ? { workflow } : {}),
    ...(tool !== undefined ? { tool } : {}),
  });
  const now = useNow(15_000);
  const [kind, setKind] = useState<'' | Violation['kind']>('');
  const [wf, setWf] = useState('');
  const [tl, setTl] = useState('');
  const [text, setText] = useState('');
  const workflows = useMemo(() => [...new Set(violations.map((v) => v.workflow))].sort(), [violations]);
  const tools = useMemo(() => [...new Set(violations.map((v) => v.tool))].sort(), [violations]);
  const q = text.trim().toLowerCase();
  const shown = violations.filter(
    (v) =>
      (kind === '' || v.kind === kind) &&
      (wf === '' || v.workflow === wf) &&
      (tl === '' || v.tool === tl) &&
      (q === '' || [v.workflow, v.tool, v.reason, v.detected ?? '', v.attempted ?? '', ...v.sources.map((s) => s.tool)].some((s) => s.toLowerCase().includes(q))),
  );
  return (
    <AgentOSRoot className={className ? `agentos-violations ${className}` : 'agentos-violations'} role="region" aria-label={title}>
      <div className="agentos-stack">
        <div className="agentos-toolbar">
          <h2>{title}</h2>
          <span className="agentos-spacer" />
          <StreamBadge />
        </div>
        <div className="agentos-toolbar" role="search">
          <label>
            Kind
            <select value={kind} onChange={(e) => setKind(e.target.value as '' | Violation['kind'])}>
              <option value="">All</option>
              <option value="blocked">⛔ Blocked</option>
              <option value="sanitized">⚠️ Sanitized</option>
            </select>
          </label>
          {workflow === undefined ? (
            <label>
              Workflow
              <select value={wf} onChange={(e) => setWf(e.target.value)}>
                <option value="">All</option>
                {workflows.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {tool === undefined ? (
            <label>
              Tool
              <select value={tl} onChange={(e) => setTl(e.target.value)}>
                <option value="">All</option>
                {tools.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <input type="search" aria-label="Search violations" placeholder="Search reason, source…" value={text} onChange={(e) => setText(e.target.value)} />
          <span className="agentos-muted" aria-live="polite">
            {shown.length} of {violations.length} shown
          </span>
        </div>
        {error ? (
          <div role="alert" className="agentos-note agentos-note--failed">
            Could not load the violation log: {error.message}{' '}
            <button type="button" className="agentos-btn agentos-btn--small" onClick={refresh}>
              Retry
            </button>
          </div>
        ) : null}
        <ol className="agentos-violation-list" role="log" aria-label={`${title} entries`}>
          {shown.map((v) => (
            <ViolationRow key={v.id} v={v} now={now} />
          ))}
        </ol>
        {shown.length === 0 && !error ? (
          <p className="agentos-muted">{loading ? 'Loading…' : violations.length === 0 ? 'No violations recorded.' : 'No violation matches the filter.'}</p>
        ) : null}
      </div>
    </AgentOSRoot>
  );
}

const Sep = () => <span className="agentos-muted"> · </span>;

/**
 * One violation line. Its text is exactly `formatViolationLine(v, now)`.
 * @example <ViolationRow v={violation} now={Date.now()} />
 */
export function ViolationRow({ v, now }: { v: Violation; now: number }): ReactNode {
  const f = violationFields(v, now);
  const parts: Array<[string, ReactNode]> = [
    ['Workflow', `"${f.workflow}"`],
    ['Tool', <code key="t">{f.tool}</code>],
    [f.outcome.label, f.outcome.text],
  ];
  if (f.detail) parts.push([f.detail.label, f.detail.text]);
  return (
    <li className="agentos-violation" data-testid="violation-row" data-kind={v.kind} data-tool={v.tool} data-workflow={v.workflow} title={`run ${v.run}, step ${v.step}${v.policy ? `, policy ${v.policy}` : ''}`}>
      <span>
        <span role="img" aria-label={v.kind === 'sanitized' ? 'Sanitized' : 'Blocked'}>
          {f.icon}
        </span>{' '}
        <time className="agentos-violation__when" dateTime={new Date(v.time).toISOString()}>
          {f.when}
        </time>
      </span>
      {parts.map(([label, value]) => (
        <Fragment key={label}>
          <Sep />
          <span>
            <span className="agentos-violation__label">{label}:</span> {value}
          </span>
        </Fragment>
      ))}
    </li>
  );
}
