/**
 * The tool palette: one button per catalogue tool. Click (or Enter) adds a
 * step at a free spot; drag it onto the canvas to place it.
 * @module
 */
import { useState, type ReactNode } from 'react';
import type { ToolInfo } from '../client/index.js';

/**
 * The drag-and-drop data type carrying a tool name.
 * @example e.dataTransfer.setData(TOOL_DRAG_TYPE, 'docker_logs')
 */
export const TOOL_DRAG_TYPE = 'application/x-agentos-tool';

/** Props of {@link ToolPalette}. */
export interface ToolPaletteProps {
  tools: ReadonlyArray<ToolInfo>;
  loading: boolean;
  error: Error | undefined;
  onAdd: (tool: string) => void;
  onRetry: () => void;
}

const hints = (t: ToolInfo): string[] => {
  const out: string[] = [];
  if (t.annotations.openWorldHint) out.push('sends out');
  if (t.annotations.destructiveHint) out.push('changes');
  else if (t.annotations.readOnlyHint) out.push('reads');
  return out;
};

/**
 * The palette.
 * @example <ToolPalette tools={tools} loading={false} error={undefined} onAdd={addStep} onRetry={reload} />
 */
export function ToolPalette({ tools, loading, error, onAdd, onRetry }: ToolPaletteProps): ReactNode {
  const [q, setQ] = useState('');
  const query = q.trim().toLowerCase();
  const shown = tools.filter((t) => query === '' || t.name.toLowerCase().includes(query) || t.description.toLowerCase().includes(query));
  return (
    <nav className="agentos-builder__palette" aria-label="Tools">
      <h3>Tools</h3>
      <input type="search" aria-label="Filter tools" placeholder="Filter tools" value={q} onChange={(e) => setQ(e.target.value)} />
      {error ? (
        <div role="alert" className="agentos-note agentos-note--failed">
          Could not load the tools: {error.message}{' '}
          <button type="button" className="agentos-btn agentos-btn--small" onClick={onRetry}>
            Retry
          </button>
        </div>
      ) : null}
      {loading && tools.length === 0 ? <p className="agentos-muted">Loading tools…</p> : null}
      <ul>
        {shown.map((t) => (
          <li key={t.name}>
            <button
              type="button"
              className="agentos-btn"
              aria-label={`Add ${t.name}`}
              title={t.description}
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(TOOL_DRAG_TYPE, t.name);
                e.dataTransfer.setData('text/plain', t.name);
                e.dataTransfer.effectAllowed = 'copy';
              }}
              onClick={() => onAdd(t.name)}
            >
              <span>
                <span className="agentos-mono">{t.name}</span>
                {hints(t).length ? <span className="agentos-muted"> · {hints(t).join(', ')}</span> : null}
                {t.pinViolation ? <span className="agentos-error"> · changed, blocked</span> : null}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {!loading && !error && shown.length === 0 ? <p className="agentos-muted">{tools.length ? 'No tool matches.' : 'The catalogue is empty.'}</p> : null}
      <p className="agentos-muted">Click a tool (or press Enter) to add it, or drag it onto the canvas.</p>
    </nav>
  );
}
