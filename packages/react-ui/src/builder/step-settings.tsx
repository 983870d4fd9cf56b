/**
 * The settings of the selected step: id, title, what it runs after (the
 * keyboard way to draw edges), and its arguments as a form generated from
 * the tool's input schema.
 * @module
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { ToolInfo } from '../client/index.js';
import { outputFields, type JsonSchema, type OutputField } from './json-schema.js';
import { STEP_ID_PATTERN } from './references.js';
import { SchemaForm } from './schema-form.js';
import { conditionLabel, isUpstream, type StepEdge, type StepNode } from './workflow-graph.js';

/** Props of {@link StepSettings}. */
export interface StepSettingsProps {
  node: StepNode;
  nodes: ReadonlyArray<StepNode>;
  edges: ReadonlyArray<StepEdge>;
  tools: ReadonlyMap<string, ToolInfo>;
  /** Rename a step; returns why not, or undefined when done. */
  onRename: (from: string, to: string) => string | undefined;
  onTitle: (id: string, title: string) => void;
  onArgs: (id: string, args: Record<string, unknown>) => void;
  onConnect: (source: string, target: string) => void;
  onSelectEdge: (edgeId: string) => void;
  onRemoveEdge: (edgeId: string) => void;
  onDelete: (id: string) => void;
}

/**
 * The outputs step `id` may reference: every step that does not depend on it.
 * @example referenceOptions('notify', nodes, edges, tools) // [{ ref: 'logs.text', type: 'string' }, …]
 */
export function referenceOptions(id: string, nodes: ReadonlyArray<StepNode>, edges: ReadonlyArray<StepEdge>, tools: ReadonlyMap<string, ToolInfo>): OutputField[] {
  return nodes
    .filter((n) => n.id !== id && !isUpstream(edges, id, n.id))
    .flatMap((n) => outputFields(n.id, tools.get(n.data.tool)?.outputSchema as JsonSchema | undefined));
}

/**
 * The selected step's settings panel.
 * @example <StepSettings node={selected} nodes={nodes} edges={edges} tools={tools} … />
 */
export function StepSettings({ node, nodes, edges, tools, onRename, onTitle, onArgs, onConnect, onSelectEdge, onRemoveEdge, onDelete }: StepSettingsProps): ReactNode {
  const uid = useId();
  const tool = tools.get(node.data.tool);
  const [idText, setIdText] = useState(node.id);
  const [idError, setIdError] = useState<string | undefined>();
  const [connectFrom, setConnectFrom] = useState('');
  useEffect(() => {
    setIdText(node.id);
    setIdError(undefined);
    setConnectFrom('');
  }, [node.id]);
  const incoming = edges.filter((e) => e.target === node.id);
  const candidates = nodes.filter((n) => n.id !== node.id && !isUpstream(edges, node.id, n.id) && !incoming.some((e) => e.source === n.id));
  const commitId = () => {
    const next = idText.trim();
    if (next === node.id) return setIdError(undefined);
    if (!STEP_ID_PATTERN.test(next)) return setIdError('A step id holds letters, digits, _ and -, and starts with a letter or _.');
    const why = onRename(node.id, next);
    setIdError(why);
  };
  return (
    <section className="agentos-panel" aria-label={`Settings of step ${node.id}`} data-testid="step-settings">
      <div className="agentos-toolbar">
        <h3>Step {node.id}</h3>
        <span className="agentos-node__tool">{node.data.tool}</span>
      </div>
      {tool?.description ? <p className="agentos-muted">{tool.description}</p> : null}
      <div className="agentos-form__field">
        <label htmlFor={`${uid}-id`}>Step id</label>
        <input
          id={`${uid}-id`}
          value={idText}
          aria-invalid={idError ? true : undefined}
          aria-describedby={idError ? `${uid}-id-err` : undefined}
          onChange={(e) => setIdText(e.target.value)}
          onBlur={commitId}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitId();
          }}
        />
        {idError ? (
          <p id={`${uid}-id-err`} role="alert" className="agentos-form__error">
            {idError}
          </p>
        ) : null}
      </div>
      <div className="agentos-form__field">
        <label htmlFor={`${uid}-title`}>Title</label>
        <input id={`${uid}-title`} value={node.data.title ?? ''} placeholder={node.id} onChange={(e) => onTitle(node.id, e.target.value)} />
      </div>
      <fieldset className="agentos-form__group">
        <legend>Runs after</legend>
        {incoming.length === 0 ? <p className="agentos-muted">Nothing: it starts the workflow.</p> : null}
        <ul className="agentos-stack" style={{ gap: 4 }}>
          {incoming.map((e) => (
            <li key={e.id} className="agentos-toolbar">
              <span>
                {e.source}
                {e.data?.when?.length ? <span className="agentos-muted"> — {conditionLabel(e.data.when)}</span> : null}
              </span>
              <span className="agentos-spacer" />
              <button type="button" className="agentos-btn agentos-btn--small" aria-label={`Condition of ${e.source} → ${node.id}`} onClick={() => onSelectEdge(e.id)}>
                Condition…
              </button>
              <button type="button" className="agentos-btn agentos-btn--small agentos-btn--danger" aria-label={`Remove dependency on ${e.source}`} onClick={() => onRemoveEdge(e.id)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        {candidates.length ? (
          <div className="agentos-toolbar">
            <label htmlFor={`${uid}-connect`} className="agentos-visually-hidden">
              Runs after step
            </label>
            <select id={`${uid}-connect`} value={connectFrom} onChange={(e) => setConnectFrom(e.target.value)}>
              <option value="">Runs after…</option>
              {candidates.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.id} ({n.data.tool})
                </option>
              ))}
            </select>
            <button
              type="button"
              className="agentos-btn agentos-btn--small"
              disabled={!connectFrom}
              onClick={() => {
                if (!connectFrom) return;
                onConnect(connectFrom, node.id);
                setConnectFrom('');
              }}
            >
              Connect
            </button>
          </div>
        ) : null}
      </fieldset>
      {tool ? (
        <SchemaForm
          key={node.id}
          schema={tool.inputSchema as JsonSchema}
          value={node.data.args}
          onChange={(args) => onArgs(node.id, args)}
          references={referenceOptions(node.id, nodes, edges, tools)}
          legend={`${node.data.tool} settings`}
        />
      ) : (
        <SchemaForm key={node.id} schema={{ type: 'object', properties: { args: { type: 'object', description: 'Arguments as JSON (the tool is not in the catalogue).' } } }} value={{ args: node.data.args }} onChange={(v) => onArgs(node.id, (v.args as Record<string, unknown>) ?? {})} legend="Arguments" />
      )}
      <div className="agentos-toolbar">
        <button type="button" className="agentos-btn agentos-btn--danger" onClick={() => onDelete(node.id)}>
          Delete step {node.id}
        </button>
      </div>
    </section>
  );
}
