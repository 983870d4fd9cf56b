/**
 * Mapping between the builder's graph (React Flow nodes and edges) and
 * workflow JSON. Each node is a step; an edge `a → b` becomes `after: ['a']`
 * on `b` unless `b` already references `a`; edge conditions become `b`'s
 * `when`. Loading derives edges from `after`, argument references and `when`.
 * @module
 */
import type { Edge, Node } from '@xyflow/react';
import type { WorkflowJson, WorkflowStep } from '@agentos/core';
import type { When } from '@agentos/policy';
import { referencedSteps, refStep, STEP_ID_PATTERN } from './references.js';

/** What a step node carries. */
export interface StepNodeData extends Record<string, unknown> {
  tool: string;
  args: Record<string, unknown>;
  title?: string;
  /** `when` conditions that read no step (e.g. `input.*`, `trigger.*`): kept as they are. */
  ownWhen?: When[];
  /** Step fields the builder does not edit (`retry`, `timeoutMs`), kept on save. */
  extra?: Pick<WorkflowStep, 'retry' | 'timeoutMs'>;
}

/** What an edge carries: the conditions under which its target runs. */
export interface StepEdgeData extends Record<string, unknown> {
  when?: When[];
}

/** A step node on the canvas. */
export type StepNode = Node<StepNodeData, 'step'>;
/** A dependency edge on the canvas. */
export type StepEdge = Edge<StepEdgeData>;

/** Everything of a workflow besides its steps. */
export type WorkflowMeta = Omit<WorkflowJson, 'steps'>;

/** The builder's graph. */
export interface BuilderGraph {
  meta: WorkflowMeta;
  nodes: StepNode[];
  edges: StepEdge[];
}

/**
 * Horizontal and vertical spacing of the automatic layout.
 * @example { x: LAYOUT.originX + depth * LAYOUT.x, y: LAYOUT.originY + row * LAYOUT.y }
 */
export const LAYOUT = { x: 260, y: 140, originX: 40, originY: 40 } as const;

/**
 * The id of the edge `source → target`.
 * @example edgeId('logs', 'notify') // 'logs->notify'
 */
export function edgeId(source: string, target: string): string {
  return `${source}->${target}`;
}

/**
 * A React Flow edge between two steps.
 * @example makeEdge('logs', 'notify')
 */
export function makeEdge(source: string, target: string, when?: When[]): StepEdge {
  const label = when?.length ? conditionLabel(when) : undefined;
  return { id: edgeId(source, target), source, target, type: 'default', data: when?.length ? { when } : {}, ...(label ? { label } : {}) };
}

/**
 * Text shown on an edge with conditions: `when health.status equal "unhealthy"`.
 * @example conditionLabel([{ ref: 'h.ok', operator: 'equal', value: false }]) // 'when h.ok equal false'
 */
export function conditionLabel(when: When[]): string {
  return `when ${when.map((w) => `${w.ref} ${w.operator} ${JSON.stringify(w.value)}`).join(' and ')}`;
}

/**
 * Turn workflow JSON into nodes and edges. Steps without a position are laid out by depth.
 * @example
 * ```ts
 * const { nodes, edges } = workflowToGraph({ name: 'w', steps: [{ id: 'logs', tool: 'docker_logs' }, { id: 'n', tool: 'slack_notify', args: { text: '{{ logs.text }}' } }] });
 * // edges: [{ source: 'logs', target: 'n' }]
 * ```
 */
export function workflowToGraph(json: WorkflowJson): BuilderGraph {
  const { steps, ...meta } = json;
  const ids = new Set(steps.map((s) => s.id));
  const edges: StepEdge[] = [];
  const depsOf = new Map<string, string[]>();
  const nodes: StepNode[] = steps.map((s) => {
    const whens = s.when === undefined ? [] : Array.isArray(s.when) ? s.when : [s.when];
    const byStep = new Map<string, When[]>();
    const ownWhen: When[] = [];
    for (const w of whens) {
      const from = refStep(w.ref);
      if (from !== undefined && ids.has(from) && from !== s.id) byStep.set(from, [...(byStep.get(from) ?? []), w]);
      else ownWhen.push(w);
    }
    const sources = new Set<string>([...(s.after ?? []), ...referencedSteps(s.args ?? {}), ...byStep.keys()]);
    const deps = [...sources].filter((d) => ids.has(d) && d !== s.id);
    depsOf.set(s.id, deps);
    for (const d of deps) edges.push(makeEdge(d, s.id, byStep.get(d)));
    const extra: StepNodeData['extra'] = {};
    if (s.retry) extra.retry = s.retry;
    if (s.timeoutMs !== undefined) extra.timeoutMs = s.timeoutMs;
    const data: StepNodeData = { tool: s.tool, args: { ...(s.args ?? {}) } };
    if (s.title) data.title = s.title;
    if (ownWhen.length) data.ownWhen = ownWhen;
    if (Object.keys(extra).length) data.extra = extra;
    return { id: s.id, type: 'step', position: s.position ?? { x: 0, y: 0 }, data };
  });
  // Lay out steps that have no saved position: column by depth, row by order.
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen = new Set<string>()): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (seen.has(id)) return 0; // a cycle: the server reports it
    seen.add(id);
    const d = Math.max(-1, ...(depsOf.get(id) ?? []).map((x) => depthOf(x, seen))) + 1;
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, number>();
  steps.forEach((s, i) => {
    if (s.position) return;
    const d = depthOf(s.id);
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    nodes[i]!.position = { x: LAYOUT.originX + d * LAYOUT.x, y: LAYOUT.originY + row * LAYOUT.y };
  });
  return { meta, nodes, edges };
}

/**
 * Turn the graph back into workflow JSON. Steps come in dependency order
 * (ties keep the canvas order); positions are rounded.
 * @example
 * ```ts
 * graphToWorkflow({ meta: { name: 'w' }, nodes, edges }).steps[1].after // ['logs']
 * ```
 */
export function graphToWorkflow(graph: BuilderGraph): WorkflowJson {
  const { meta, nodes, edges } = graph;
  const incoming = new Map<string, StepEdge[]>();
  for (const e of edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e]);
  const steps = orderNodes(nodes, edges).map((n): WorkflowStep => {
    const args = n.data.args ?? {};
    const refs = referencedSteps(args);
    const after: string[] = [];
    const when: When[] = [];
    for (const e of incoming.get(n.id) ?? []) {
      const conditions = e.data?.when ?? [];
      if (conditions.length) when.push(...conditions);
      else if (!refs.has(e.source) && !after.includes(e.source)) after.push(e.source);
    }
    when.push(...(n.data.ownWhen ?? []));
    const step: WorkflowStep = { id: n.id, tool: n.data.tool };
    if (n.data.title) step.title = n.data.title;
    if (Object.keys(args).length) step.args = args;
    if (when.length === 1) step.when = when[0]!;
    else if (when.length > 1) step.when = when;
    if (after.length) step.after = after;
    if (n.data.extra?.retry) step.retry = n.data.extra.retry;
    if (n.data.extra?.timeoutMs !== undefined) step.timeoutMs = n.data.extra.timeoutMs;
    step.position = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
    return step;
  });
  // Drawn runbooks default to context mode: an edge reads as "data flows here", so once an
  // untrusted output appears, every later step is treated as untrusted (stories 4 and 7:
  // docker_logs → slack_notify is blocked even when the text does not quote the logs).
  return { mode: 'context', ...meta, steps } as WorkflowJson;
}

/** Nodes in dependency order; ties (and cycles) keep the given order. */
function orderNodes(nodes: StepNode[], edges: StepEdge[]): StepNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const deps = new Map<string, string[]>();
  for (const e of edges) if (byId.has(e.source)) deps.set(e.target, [...(deps.get(e.target) ?? []), e.source]);
  const out: StepNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string) => {
    if (state.has(id)) return;
    state.set(id, 'visiting');
    for (const d of deps.get(id) ?? []) visit(d);
    state.set(id, 'done');
    out.push(byId.get(id)!);
  };
  for (const n of nodes) visit(n.id);
  return out;
}

/**
 * A fresh step id for a tool: `docker_logs`, then `docker_logs_2`, …
 * @example newStepId('github.create_issue', new Set()) // 'github_create_issue'
 */
export function newStepId(tool: string, taken: ReadonlySet<string>): string {
  let base = tool.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!STEP_ID_PATTERN.test(base)) base = `step_${base}`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/**
 * A free spot for a new node: the first grid cell no node is near, row by row.
 * @example freePosition([]) // { x: 40, y: 40 }
 */
export function freePosition(nodes: ReadonlyArray<Pick<StepNode, 'position'>>, columns = 3): { x: number; y: number } {
  for (let i = 0; ; i++) {
    const p = { x: LAYOUT.originX + (i % columns) * LAYOUT.x, y: LAYOUT.originY + Math.floor(i / columns) * LAYOUT.y };
    if (!nodes.some((n) => Math.abs(n.position.x - p.x) < LAYOUT.x / 2 && Math.abs(n.position.y - p.y) < LAYOUT.y / 2)) return p;
  }
}

/**
 * Whether `ancestor` is upstream of `id` (so an edge `id → ancestor` would make a cycle).
 * @example isUpstream(edges, 'logs', 'notify') // true when logs → … → notify
 */
export function isUpstream(edges: ReadonlyArray<Pick<StepEdge, 'source' | 'target'>>, ancestor: string, id: string): boolean {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    if (cur === ancestor) return true;
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const e of edges) if (e.target === cur) stack.push(e.source);
  }
  return false;
}
