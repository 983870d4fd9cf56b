/**
 * `<RunbookBuilder>`: build a workflow from the tool catalogue — on a canvas
 * (drag, connect) or with the keyboard (palette buttons, "Runs after"
 * selects) — with a live policy preview that marks steps that would be
 * blocked before anything runs; save and load workflow JSON; run it and
 * watch each step's status, approving steps that wait for a person.
 * @module
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type IsValidConnection,
  type NodeTypes,
} from '@xyflow/react';
import type { When } from '@agentos/policy';
import { AgentOsHttpError, type StepPreview, type WorkflowJson } from '../client/index.js';
import { AgentOSRoot } from '../context/root.js';
import { useAgentOs } from '../context/provider.js';
import { blockedStepMessage } from '../format/violation-line.js';
import { isRunFinished } from '../hooks/run-state.js';
import { asError, useLoad } from '../hooks/use-load.js';
import { useRun } from '../hooks/use-run.js';
import { useTools } from '../hooks/use-tools.js';
import { BuilderContext, type BuilderContextValue } from './builder-context.js';
import { EdgeSettings } from './edge-settings.js';
import { ToolPalette, TOOL_DRAG_TYPE } from './palette.js';
import { referencedSteps, renameRef, renameReferences, RESERVED_REF_NAMES } from './references.js';
import { StepNodeView } from './step-node.js';
import { StepSettings } from './step-settings.js';
import { nodePreviewState, nodeRunStatus, RUN_STATUS_LABELS } from './step-status.js';
import { previewKey, useWorkflowPreview } from './use-preview.js';
import { freePosition, graphToWorkflow, isUpstream, makeEdge, newStepId, workflowToGraph, type StepEdge, type StepNode, type WorkflowMeta } from './workflow-graph.js';

/** Props of {@link RunbookBuilder}. */
export interface RunbookBuilderProps {
  /** The workflow to start from. Default: an empty one named `Untitled workflow`. */
  initialWorkflow?: WorkflowJson;
  /** Called with the workflow JSON after every change. */
  onChange?: (workflow: WorkflowJson) => void;
  /** Called with the run id once a run started. */
  onRunStart?: (runId: string) => void;
  /** Debounce of the policy preview, ms. Default 300. */
  previewDelayMs?: number;
  /** Heading. Default `Runbook builder`. */
  title?: string;
  className?: string;
}

const NODE_TYPES: NodeTypes = { step: StepNodeView };
const EMPTY_NAME = 'Untitled workflow';

const ariaFor = (id: string, tool: string) => `Step ${id}: ${tool}`;
const withAria = (n: StepNode): StepNode => ({ ...n, ariaLabel: ariaFor(n.id, n.data.tool) });

/** A message for the status line: what happened, or what went wrong. */
type Notice = { kind: 'info' | 'error'; text: string; issues?: ReadonlyArray<{ path: string; message: string }> };

function errorNotice(prefix: string, e: unknown): Notice {
  const err = asError(e);
  const issues = err instanceof AgentOsHttpError ? err.issues : [];
  const where = err instanceof AgentOsHttpError && err.path && !issues.length ? ` (at ${err.path})` : '';
  return { kind: 'error', text: `${prefix}: ${err.message}${where}`, ...(issues.length ? { issues } : {}) };
}

/**
 * The runbook builder.
 * @example
 * ```tsx
 * <AgentOSProvider client={createAgentOsClient('/api', { token })}>
 *   <RunbookBuilder onRunStart={(id) => console.log('run', id)} />
 * </AgentOSProvider>
 * ```
 */
export function RunbookBuilder(props: RunbookBuilderProps): ReactNode {
  return (
    <ReactFlowProvider>
      <BuilderWorkspace {...props} />
    </ReactFlowProvider>
  );
}

function BuilderWorkspace({ initialWorkflow, onChange, onRunStart, previewDelayMs, title = 'Runbook builder', className }: RunbookBuilderProps): ReactNode {
  const { client, user, theme } = useAgentOs();
  const flow = useReactFlow<StepNode, StepEdge>();
  const toolsLoad = useTools();
  const tools = useMemo(() => new Map((toolsLoad.data ?? []).map((t) => [t.name, t])), [toolsLoad.data]);

  const initial = useMemo(() => (initialWorkflow ? workflowToGraph(initialWorkflow) : { meta: { name: EMPTY_NAME } as WorkflowMeta, nodes: [], edges: [] }), []);
  const [meta, setMeta] = useState<WorkflowMeta>(initial.meta);
  const [nodes, setNodes, onNodesChange] = useNodesState<StepNode>(initial.nodes.map(withAria));
  const [edges, setEdges, onEdgesChange] = useEdgesState<StepEdge>(initial.edges);
  const [notice, setNotice] = useState<Notice | null>(null);

  const workflow = useMemo(() => graphToWorkflow({ meta, nodes, edges }), [meta, nodes, edges]);
  const json = useMemo(() => JSON.stringify(workflow, null, 2), [workflow]);
  const key = useMemo(() => previewKey(workflow), [workflow]);

  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => {
    onChangeRef.current?.(JSON.parse(json) as WorkflowJson);
  }, [json]);

  // ---- policy preview ---------------------------------------------------
  const { preview, error: previewError, pending: previewPending } = useWorkflowPreview(nodes.length ? workflow : undefined, previewDelayMs);
  const previewById = useMemo(() => {
    const m = new Map<string, StepPreview>();
    const toolOf = new Map(nodes.map((n) => [n.id, n.data.tool]));
    for (const s of preview?.steps ?? []) if (toolOf.get(s.id) === s.tool) m.set(s.id, s);
    return m;
  }, [preview, nodes]);

  // ---- runs ----------------------------------------------------------------
  const [runId, setRunId] = useState<string | undefined>();
  const runKey = useRef<string>('');
  const [starting, setStarting] = useState(false);
  const { state: runState, error: runLoadError } = useRun(runId);
  const runFinished = isRunFinished(runState?.status);
  // A finished run's colours go away once the workflow is edited.
  const shownRun = runState && (runKey.current === key || !runFinished) ? runState : undefined;
  const runActive = !!runId && !runFinished;
  const [decisionError, setDecisionError] = useState<string | null>(null);
  const decide = useCallback(
    (stepId: string, approve: boolean) => {
      if (!runId) return;
      setDecisionError(null);
      const p = approve ? client.approvals.approve(runId, stepId, user) : client.approvals.reject(runId, stepId, user);
      p.catch((e: unknown) => setDecisionError(`Could not ${approve ? 'approve' : 'reject'} ${stepId}: ${asError(e).message}`));
    },
    [client, runId, user],
  );
  const startRun = async () => {
    setNotice(null);
    setStarting(true);
    try {
      const { runId: id } = await client.runs.start({ workflow });
      runKey.current = key;
      setRunId(id);
      onRunStart?.(id);
    } catch (e) {
      setNotice(errorNotice('Could not start the run', e));
    } finally {
      setStarting(false);
    }
  };

  // ---- editing ---------------------------------------------------------------
  const selectNode = useCallback(
    (id: string | null) => {
      setNodes((ns) => ns.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })));
      setEdges((es) => es.map((e) => (e.selected ? { ...e, selected: false } : e)));
    },
    [setNodes, setEdges],
  );
  const selectEdge = useCallback(
    (id: string) => {
      setNodes((ns) => ns.map((n) => (n.selected ? { ...n, selected: false } : n)));
      setEdges((es) => es.map((e) => (e.selected === (e.id === id) ? e : { ...e, selected: e.id === id })));
    },
    [setNodes, setEdges],
  );
  const addStep = (tool: string, position?: { x: number; y: number }) => {
    const id = newStepId(tool, new Set(nodes.map((n) => n.id)));
    const node: StepNode = withAria({ id, type: 'step', position: position ?? freePosition(nodes), data: { tool, args: {} }, selected: true });
    setNodes((ns) => [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
    setEdges((es) => es.map((e) => (e.selected ? { ...e, selected: false } : e)));
    setNotice({ kind: 'info', text: `Added step ${id} (${tool}). Its settings are open.` });
  };
  const connect = (source: string, target: string): boolean => {
    if (source === target || edges.some((e) => e.source === source && e.target === target)) return false;
    if (isUpstream(edges, target, source)) {
      setNotice({ kind: 'error', text: `${target} already runs before ${source}: connecting ${source} → ${target} would make a cycle.` });
      return false;
    }
    setEdges((es) => [...es, makeEdge(source, target)]);
    setNotice({ kind: 'info', text: `${target} now runs after ${source}.` });
    return true;
  };
  const onConnect = (c: Connection) => {
    if (c.source && c.target) connect(c.source, c.target);
  };
  const isValidConnection: IsValidConnection<StepEdge> = (c: StepEdge | Connection) =>
    !!c.source && !!c.target && c.source !== c.target && !isUpstream(edges, c.target, c.source) && !edges.some((e) => e.source === c.source && e.target === c.target);
  const updateArgs = (id: string, args: Record<string, unknown>) => {
    setNodes((ns) => ns.map((n) => (n.id === id ? { ...n, data: { ...n.data, args } } : n)));
    // A reference to a step is a dependency on it: draw the edge.
    const ids = new Set(nodes.map((n) => n.id));
    const missing = [...referencedSteps(args)].filter((s) => ids.has(s) && s !== id && !edges.some((e) => e.source === s && e.target === id) && !isUpstream(edges, id, s));
    if (missing.length) setEdges((es) => [...es, ...missing.map((s) => makeEdge(s, id))]);
  };
  const setTitle = (id: string, t: string) =>
    setNodes((ns) =>
      ns.map((n) => {
        if (n.id !== id) return n;
        const data = { ...n.data };
        if (t) data.title = t;
        else delete data.title;
        return { ...n, data };
      }),
    );
  const rename = (from: string, to: string): string | undefined => {
    if (RESERVED_REF_NAMES.includes(to)) return `"${to}" is reserved for the run's ${to}.`;
    if (nodes.some((n) => n.id === to)) return `A step named "${to}" exists already.`;
    setNodes((ns) =>
      ns.map((n) => {
        const data = { ...n.data, args: renameReferences(n.data.args, from, to) };
        if (data.ownWhen) data.ownWhen = data.ownWhen.map((w) => ({ ...w, ref: renameRef(w.ref, from, to) }));
        return n.id === from ? withAria({ ...n, id: to, data }) : { ...n, data };
      }),
    );
    setEdges((es) =>
      es.map((e) => {
        const source = e.source === from ? to : e.source;
        const target = e.target === from ? to : e.target;
        const when = e.data?.when?.map((w) => ({ ...w, ref: renameRef(w.ref, from, to) }));
        return { ...makeEdge(source, target, when), selected: e.selected ?? false };
      }),
    );
    setNotice({ kind: 'info', text: `Renamed ${from} to ${to}.` });
    return undefined;
  };
  const removeEdge = (id: string) => setEdges((es) => es.filter((e) => e.id !== id));
  const setConditions = (id: string, when: When[]) =>
    setEdges((es) => es.map((e) => (e.id === id ? { ...makeEdge(e.source, e.target, when), selected: e.selected ?? false } : e)));
  const deleteStep = (id: string) => {
    setNodes((ns) => ns.filter((n) => n.id !== id));
    setEdges((es) => es.filter((e) => e.source !== id && e.target !== id));
    const dangling = nodes.filter((n) => n.id !== id && referencedSteps(n.data.args).has(id)).map((n) => n.id);
    setNotice({ kind: 'info', text: `Deleted step ${id}.${dangling.length ? ` ${dangling.join(', ')} still reference${dangling.length === 1 ? 's' : ''} it: edit ${dangling.length === 1 ? 'its' : 'their'} settings.` : ''}` });
  };

  // ---- save, load, import --------------------------------------------------
  const [savedTick, setSavedTick] = useState(0);
  const saved = useLoad((signal) => client.workflows.list({ signal }), [client, savedTick]);
  const [pick, setPick] = useState('');
  const [pasted, setPasted] = useState('');
  const loadJson = (wf: WorkflowJson, how: string) => {
    const g = workflowToGraph(wf);
    setMeta(g.meta);
    setNodes(g.nodes.map(withAria));
    setEdges(g.edges);
    setRunId(undefined);
    setNotice({ kind: 'info', text: `${how} "${wf.name}" (${wf.steps.length} step${wf.steps.length === 1 ? '' : 's'}).` });
    setTimeout(() => void flow.fitView({ padding: 0.2 }), 0);
  };
  const save = async () => {
    setNotice(null);
    try {
      const w = await client.workflows.save(workflow);
      setNotice({ kind: 'info', text: `Saved "${w.name}".` });
      setSavedTick((t) => t + 1);
    } catch (e) {
      setNotice(errorNotice('Could not save', e));
    }
  };
  const loadSaved = async () => {
    if (!pick) return;
    setNotice(null);
    try {
      loadJson(await client.workflows.get(pick), 'Loaded');
    } catch (e) {
      setNotice(errorNotice(`Could not load "${pick}"`, e));
    }
  };
  const importPasted = async () => {
    setNotice(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(pasted);
    } catch (e) {
      setNotice({ kind: 'error', text: `The pasted text is not JSON: ${asError(e).message}` });
      return;
    }
    try {
      const v = await client.workflows.validate(parsed);
      if (!v.ok) {
        setNotice({ kind: 'error', text: 'The pasted workflow is not valid:', issues: v.issues });
        return;
      }
      loadJson(parsed as WorkflowJson, 'Imported');
      setPasted('');
    } catch (e) {
      setNotice(errorNotice('Could not check the pasted workflow', e));
    }
  };
  const copyJson = async () => {
    try {
      await navigator.clipboard.writeText(json);
      setNotice({ kind: 'info', text: 'Copied the workflow JSON.' });
    } catch (e) {
      setNotice(errorNotice('Could not copy (select the text instead)', e));
    }
  };
  const reset = () => {
    setMeta({ name: EMPTY_NAME });
    setNodes([]);
    setEdges([]);
    setRunId(undefined);
    setNotice({ kind: 'info', text: 'Started a new workflow.' });
  };

  // ---- canvas drag and drop ------------------------------------------------
  const onDragOver = (e: DragEvent) => {
    if (![...e.dataTransfer.types].includes(TOOL_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const tool = e.dataTransfer.getData(TOOL_DRAG_TYPE);
    if (!tool) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addStep(tool, Number.isFinite(p.x) && Number.isFinite(p.y) ? p : undefined);
  };

  // Delete/Backspace remove the selection only while focus is in the canvas (React Flow's own
  // handler listens on the whole document, which would reach into the host page).
  const onCanvasKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Delete' && e.key !== 'Backspace') return;
    if ((e.target as HTMLElement).closest('input, textarea, select, [contenteditable="true"]')) return;
    const doomedNodes = nodes.filter((n) => n.selected);
    const doomedEdges = edges.filter((x) => x.selected);
    if (!doomedNodes.length && !doomedEdges.length) return;
    e.preventDefault();
    void flow.deleteElements({ nodes: doomedNodes, edges: doomedEdges });
    setNotice({ kind: 'info', text: `Deleted ${[...doomedNodes.map((n) => `step ${n.id}`), ...doomedEdges.map((x) => `connection ${x.source} → ${x.target}`)].join(', ')}.` });
  };

  const selectedNode = nodes.find((n) => n.selected);
  const selectedEdge = selectedNode ? undefined : edges.find((e) => e.selected);
  const ctx = useMemo<BuilderContextValue>(
    () => ({ tools, toolsLoaded: !!toolsLoad.data, preview: previewById, run: shownRun, decide }),
    [tools, toolsLoad.data, previewById, shownRun, decide],
  );
  const blockedPreview = [...previewById.values()].filter((p) => p.verdict === 'block');
  const approvalPreview = [...previewById.values()].filter((p) => p.verdict === 'require_approval');
  const runBlocked = shownRun ? Object.values(shownRun.steps).filter((s) => s.status === 'blocked') : [];
  const toolOfStep = (id: string) => nodes.find((n) => n.id === id)?.data.tool ?? previewById.get(id)?.tool ?? id;

  return (
    <AgentOSRoot className={className ? `agentos-builder ${className}` : 'agentos-builder'} role="region" aria-label={title}>
      <BuilderContext.Provider value={ctx}>
        <div className="agentos-toolbar">
          <h2>{title}</h2>
          <label>
            Workflow name
            <input value={meta.name} onChange={(e) => setMeta((m) => ({ ...m, name: e.target.value }))} />
          </label>
          <span className="agentos-spacer" />
          <button type="button" className="agentos-btn" onClick={() => void save()} disabled={!meta.name.trim() || nodes.length === 0}>
            Save workflow
          </button>
          <label>
            <span className="agentos-visually-hidden">Saved workflows</span>
            <select value={pick} onChange={(e) => setPick(e.target.value)} aria-label="Saved workflows">
              <option value="">{saved.loading ? 'Loading saved…' : saved.error ? 'Saved workflows unavailable' : `Saved workflows (${saved.data?.length ?? 0})`}</option>
              {(saved.data ?? []).map((w) => (
                <option key={w.name} value={w.name}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="agentos-btn" disabled={!pick} onClick={() => void loadSaved()}>
            Load workflow
          </button>
          <button type="button" className="agentos-btn" onClick={reset}>
            New
          </button>
          <button type="button" className="agentos-btn agentos-btn--primary" disabled={nodes.length === 0 || starting || runActive} aria-busy={starting || runActive || undefined} onClick={() => void startRun()}>
            Run workflow
          </button>
        </div>
        {saved.error ? <p className="agentos-error">Could not list saved workflows: {saved.error.message}</p> : null}
        <div role={notice?.kind === 'error' ? 'alert' : 'status'} aria-live="polite" data-testid="builder-notice" className={notice ? `agentos-note agentos-note--${notice.kind === 'error' ? 'failed' : 'info'}` : undefined}>
          {notice ? (
            <>
              {notice.text}
              {notice.issues?.length ? (
                <ul>
                  {notice.issues.map((i, n) => (
                    <li key={n}>
                      <code>{i.path || '(workflow)'}</code>: {i.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
        </div>
        <div className="agentos-builder__body">
          <ToolPalette tools={toolsLoad.data ?? []} loading={toolsLoad.loading} error={toolsLoad.error} onAdd={(t) => addStep(t)} onRetry={toolsLoad.reload} />
          <div className="agentos-stack">
            <div className="agentos-builder__canvas" onDragOver={onDragOver} onDrop={onDrop} onKeyDown={onCanvasKeyDown} data-testid="builder-canvas">
              <ReactFlow<StepNode, StepEdge>
                nodes={nodes}
                edges={edges}
                nodeTypes={NODE_TYPES}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                isValidConnection={isValidConnection}
                deleteKeyCode={null}
                colorMode={theme}
                fitView
                fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
                minZoom={0.2}
                defaultEdgeOptions={{ type: 'default' }}
                ariaLabelConfig={{ 'node.a11yDescription.default': 'Press Enter or Space to select this step, Delete to remove it, arrow keys to move it.' }}
              >
                <Background />
                <Controls showInteractive={false} />
              </ReactFlow>
              {nodes.length === 0 ? <div className="agentos-builder__empty">Add a tool from the palette (click, Enter, or drag it here) to start.</div> : null}
            </div>
            <PreviewSummary pending={previewPending} error={previewError} blocked={blockedPreview} approval={approvalPreview} hasSteps={nodes.length > 0} toolOf={toolOfStep} />
            {runId ? (
              <section className="agentos-panel" aria-label="Run" data-testid="run-panel" data-run-status={runState?.status ?? 'starting'}>
                <div className="agentos-toolbar">
                  <h3>Run</h3>
                  <span className="agentos-mono agentos-muted">{runId}</span>
                  <span className="agentos-badge">{runState?.status ?? 'starting'}</span>
                  <span className="agentos-spacer" />
                  {runFinished ? (
                    <button type="button" className="agentos-btn agentos-btn--small" onClick={() => setRunId(undefined)}>
                      Clear run status
                    </button>
                  ) : null}
                </div>
                <div role="status" aria-live="polite">
                  {runBlocked.map((s) => (
                    <p key={s.id} className="agentos-note agentos-note--blocked" data-testid="run-violation">
                      {blockedStepMessage(s.tool, s.reason ?? s.violation?.reason ?? 'blocked by policy')}
                    </p>
                  ))}
                </div>
                {decisionError ? <p role="alert" className="agentos-error">{decisionError}</p> : null}
                {runLoadError && !runState?.status ? <p className="agentos-muted">Waiting for the run's events ({runLoadError.message}).</p> : null}
              </section>
            ) : null}
          </div>
          <div className="agentos-builder__side">
            {selectedNode ? (
              <StepSettings
                node={selectedNode}
                nodes={nodes}
                edges={edges}
                tools={tools}
                onRename={rename}
                onTitle={setTitle}
                onArgs={updateArgs}
                onConnect={connect}
                onSelectEdge={selectEdge}
                onRemoveEdge={removeEdge}
                onDelete={deleteStep}
              />
            ) : selectedEdge ? (
              <EdgeSettings edge={selectedEdge} source={nodes.find((n) => n.id === selectedEdge.source)} tools={tools} onChange={setConditions} onRemove={removeEdge} />
            ) : (
              <p className="agentos-muted">Select a step (or a connection) to edit its settings.</p>
            )}
            <StepOutline nodes={nodes} edges={edges} preview={previewById} run={shownRun} onSelect={selectNode} onSelectEdge={selectEdge} />
            <details className="agentos-panel">
              <summary>Workflow JSON</summary>
              <pre className="agentos-json" data-testid="workflow-json" tabIndex={0} aria-label="Workflow JSON">
                {json}
              </pre>
              <button type="button" className="agentos-btn agentos-btn--small" onClick={() => void copyJson()}>
                Copy JSON
              </button>
              <label className="agentos-form__field">
                Paste workflow JSON
                <textarea rows={5} className="agentos-mono" value={pasted} onChange={(e) => setPasted(e.target.value)} />
              </label>
              <button type="button" className="agentos-btn" disabled={!pasted.trim()} onClick={() => void importPasted()}>
                Import JSON
              </button>
            </details>
          </div>
        </div>
      </BuilderContext.Provider>
    </AgentOSRoot>
  );
}

function PreviewSummary({
  pending,
  error,
  blocked,
  approval,
  hasSteps,
  toolOf,
}: {
  pending: boolean;
  error: Error | undefined;
  blocked: StepPreview[];
  approval: StepPreview[];
  hasSteps: boolean;
  toolOf: (id: string) => string;
}): ReactNode {
  const sourcesOf = (p: StepPreview) => [...new Set(p.sources.map(toolOf))];
  return (
    <section className="agentos-panel" aria-label="Policy preview">
      <h3>Policy preview</h3>
      <div role="status" aria-live="polite" data-testid="preview-summary" data-blocked={blocked.length}>
        {!hasSteps ? (
          <p className="agentos-muted">Add steps to see what the policies would allow.</p>
        ) : error ? (
          <p className="agentos-error">Preview unavailable: {error instanceof AgentOsHttpError && error.issues.length ? error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : error.message}</p>
        ) : blocked.length ? (
          <div className="agentos-note agentos-note--warn">
            <p>
              ⚠️ {blocked.length === 1 ? '1 step would be blocked' : `${blocked.length} steps would be blocked`} before it runs:
            </p>
            <ul>
              {blocked.map((p) => (
                <li key={p.id}>
                  <strong>{p.tool}</strong> ({p.id}): {p.reason.replace(/\s*\(untrusted data from .*\)\s*$/s, '')}
                  {sourcesOf(p).length ? ` — untrusted data from ${sourcesOf(p).join(', ')}` : ''}
                </li>
              ))}
            </ul>
          </div>
        ) : pending ? (
          <p className="agentos-muted">Checking policies…</p>
        ) : (
          <p>✅ No step would be blocked.</p>
        )}
        {hasSteps && !error && approval.length ? (
          <p className="agentos-note agentos-note--warn">
            {approval.map((p) => p.id).join(', ')} will wait for a person's approval.
          </p>
        ) : null}
      </div>
    </section>
  );
}

function StepOutline({
  nodes,
  edges,
  preview,
  run,
  onSelect,
  onSelectEdge,
}: {
  nodes: ReadonlyArray<StepNode>;
  edges: ReadonlyArray<StepEdge>;
  preview: ReadonlyMap<string, StepPreview>;
  run: ReturnType<typeof useRun>['state'];
  onSelect: (id: string) => void;
  onSelectEdge: (id: string) => void;
}): ReactNode {
  if (nodes.length === 0) return null;
  return (
    <section className="agentos-panel agentos-outline" aria-label="Steps">
      <h3>Steps</h3>
      <ol className="agentos-stack" style={{ gap: 4 }}>
        {nodes.map((n) => {
          const p = preview.get(n.id);
          const status = run ? nodeRunStatus(run.steps[n.id]) : undefined;
          const after = edges.filter((e) => e.target === n.id);
          return (
            <li key={n.id}>
              <button type="button" className="agentos-btn agentos-btn--small" aria-pressed={!!n.selected} onClick={() => onSelect(n.id)}>
                {n.id}
              </button>
              <span className="agentos-muted agentos-mono">{n.data.tool}</span>
              {p && nodePreviewState(p) === 'blocked' ? <span className="agentos-badge agentos-badge--bad">would be blocked</span> : null}
              {status ? <span className="agentos-badge">{RUN_STATUS_LABELS[status]}</span> : null}
              {after.map((e) => (
                <button key={e.id} type="button" className="agentos-btn agentos-btn--small" aria-label={`Connection ${e.source} → ${e.target}`} onClick={() => onSelectEdge(e.id)}>
                  after {e.source}
                  {e.data?.when?.length ? ' (if…)' : ''}
                </button>
              ))}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

