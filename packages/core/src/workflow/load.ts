/**
 * Loading workflow JSON into a validated, runnable {@link Workflow}.
 * Bad shape, duplicate ids, unknown step references, unknown tools and
 * cycles are load errors with a path.
 * @module
 */
import { findReferences, parseReference, type Reference } from '@agentos/policy';
import { WorkflowValidationError } from '../errors.js';
import { describeIssues } from '../zod-issues.js';
import { RESERVED_REFS, WorkflowSchema, type WorkflowJson, type WorkflowStep } from './schema.js';

/** A step with its dependencies worked out. */
export interface LoadedStep extends WorkflowStep {
  /** Every step this one waits for: `after` plus the steps it references. */
  readonly dependsOn: ReadonlyArray<string>;
  /** References in its arguments. */
  readonly references: ReadonlyArray<Reference>;
  /** Steps read by its `when`. */
  readonly whenReads: ReadonlyArray<string>;
}

/** A validated workflow, ready to run or preview. */
export interface Workflow {
  readonly kind: 'workflow';
  readonly json: WorkflowJson;
  readonly name: string;
  readonly steps: ReadonlyArray<LoadedStep>;
  /** Step ids in a valid execution order. */
  readonly order: ReadonlyArray<string>;
  step(id: string): LoadedStep | undefined;
}

/** Tells the loader which tools exist. */
export interface ToolLookup {
  has(name: string): boolean;
}

/** Anything `loadWorkflow` accepts. */
export type WorkflowLike = Workflow | WorkflowJson | { toJSON(): WorkflowJson };

const isWorkflow = (v: unknown): v is Workflow => typeof v === 'object' && v !== null && (v as Workflow).kind === 'workflow';

/**
 * Validate workflow JSON (or a builder) and return a runnable workflow.
 * @param tools when given, unknown tool names are load errors.
 * @example
 * ```ts
 * const wf = loadWorkflow(JSON.parse(text), registry);
 * ```
 */
export function loadWorkflow(input: WorkflowLike | unknown, tools?: ToolLookup): Workflow {
  if (isWorkflow(input)) {
    if (tools) checkTools(input.json, tools);
    return input;
  }
  // A builder (anything with toJSON; parsed JSON never has one) compiles first.
  const raw = input !== null && typeof input === 'object' && typeof (input as { toJSON?: unknown }).toJSON === 'function' ? (input as { toJSON(): unknown }).toJSON() : input;
  const parsed = WorkflowSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw new WorkflowValidationError(`invalid workflow: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues, {
      path: pathArray(issues[0]?.path),
    });
  }
  const json = parsed.data;
  const issues: Array<{ path: string; message: string }> = [];
  const ids = new Map<string, number>();
  json.steps.forEach((s, i) => {
    if (ids.has(s.id)) issues.push({ path: `steps[${i}].id`, message: `duplicate step id "${s.id}" (first used at steps[${ids.get(s.id)}])` });
    else if ((RESERVED_REFS as readonly string[]).includes(s.id)) issues.push({ path: `steps[${i}].id`, message: `"${s.id}" is reserved for the run's ${s.id}` });
    else ids.set(s.id, i);
  });
  const steps: LoadedStep[] = json.steps.map((s, i) => {
    let references: Reference[] = [];
    try {
      references = findReferences(s.args ?? {}, ['steps', i, 'args']);
    } catch (e) {
      issues.push({ path: `steps[${i}].args`, message: (e as Error).message });
    }
    const deps = new Set<string>();
    for (const r of references) {
      if ((RESERVED_REFS as readonly string[]).includes(r.step)) continue;
      if (!ids.has(r.step)) issues.push({ path: formatPath(r.at), message: `${r.raw} refers to unknown step "${r.step}"` });
      else deps.add(r.step);
    }
    const whenReads: string[] = [];
    const whens = s.when === undefined ? [] : Array.isArray(s.when) ? s.when : [s.when];
    whens.forEach((w, j) => {
      const at = Array.isArray(s.when) ? `steps[${i}].when[${j}].ref` : `steps[${i}].when.ref`;
      try {
        const r = parseReference(w.ref);
        if ((RESERVED_REFS as readonly string[]).includes(r.step)) return;
        if (!ids.has(r.step)) issues.push({ path: at, message: `refers to unknown step "${r.step}"` });
        else {
          deps.add(r.step);
          whenReads.push(r.step);
        }
      } catch (e) {
        issues.push({ path: at, message: (e as Error).message });
      }
    });
    (s.after ?? []).forEach((a, j) => {
      if (!ids.has(a)) issues.push({ path: `steps[${i}].after[${j}]`, message: `unknown step "${a}"` });
      else deps.add(a);
    });
    if (deps.has(s.id)) issues.push({ path: `steps[${i}]`, message: `step "${s.id}" depends on itself` });
    return { ...s, dependsOn: [...deps], references, whenReads };
  });
  if (issues.length === 0) {
    const cycle = findCycle(steps);
    if (cycle) issues.push({ path: `steps[${ids.get(cycle[0]!)}]`, message: `cycle: ${cycle.join(' → ')}` });
  }
  if (tools) {
    json.steps.forEach((s, i) => {
      if (!tools.has(s.tool)) issues.push({ path: `steps[${i}].tool`, message: `unknown tool "${s.tool}" (register it in the ToolRegistry)` });
    });
  }
  if (issues.length) {
    throw new WorkflowValidationError(`invalid workflow "${json.name}": ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues, {
      path: pathArray(issues[0]!.path),
    });
  }
  const order = topoOrder(steps);
  const byId = new Map(steps.map((s) => [s.id, s]));
  return Object.freeze({ kind: 'workflow' as const, json, name: json.name, steps, order, step: (id: string) => byId.get(id) });
}

function checkTools(json: WorkflowJson, tools: ToolLookup) {
  const issues = json.steps.flatMap((s, i) => (tools.has(s.tool) ? [] : [{ path: `steps[${i}].tool`, message: `unknown tool "${s.tool}"` }]));
  if (issues.length) throw new WorkflowValidationError(`invalid workflow "${json.name}": ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

function findCycle(steps: ReadonlyArray<LoadedStep>): string[] | undefined {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 1);
    stack.push(id);
    for (const d of byId.get(id)!.dependsOn) {
      if (state.get(d) === 1) return [...stack.slice(stack.indexOf(d)), d];
      if (!state.has(d)) {
        const c = visit(d);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const s of steps) {
    if (!state.has(s.id)) {
      const c = visit(s.id);
      if (c) return c;
    }
  }
  return undefined;
}

function topoOrder(steps: ReadonlyArray<LoadedStep>): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  const byId = new Map(steps.map((s) => [s.id, s]));
  const visit = (id: string) => {
    if (done.has(id)) return;
    done.add(id);
    for (const d of byId.get(id)!.dependsOn) visit(d);
    order.push(id);
  };
  for (const s of steps) visit(s.id);
  return order;
}

function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function pathArray(path: string | undefined): Array<string | number> | undefined {
  if (!path) return undefined;
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}
