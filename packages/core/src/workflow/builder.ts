/**
 * The typed workflow builder: runbooks as TypeScript.
 *
 * ```ts
 * const monitor = workflow('Database Health Monitor')
 *   .step('health', docker.health_check({ container: 'db' }))
 *   .step('restart', docker.docker_restart({ container: 'db' }), { when: (s) => s.health.status.equals('unhealthy') })
 *   .step('alert', (s) => slack_notify({ channel: '#ops', text: `db was ${s.health.status}; restarted` }), { after: ['restart'] });
 * ```
 * Steps reference earlier outputs through typed proxies: `s.logs.text`
 * compiles, `s.logs.txt` does not. The builder compiles to workflow JSON
 * (`{{ logs.text }}` references) and loads back into a runnable workflow.
 * @module
 */
import type { Operator, TaintMode, When } from '@agentos/policy';
import { isRef, REF, type Ref, type RefTarget, type ToolCall } from '../tool.js';
import { loadWorkflow, type ToolLookup, type Workflow } from './load.js';
import type { Retry, Trigger, WorkflowJson, WorkflowStep } from './schema.js';

/** A condition on a referenced value, made by `ref.equals(…)` and friends. */
export interface WhenSpec {
  readonly kind: 'when';
  readonly when: When;
}

/** A JSON primitive: what conditions compare against. */
export type Primitive = string | number | boolean | null;

/** Condition builders available on every reference. */
export interface ConditionMethods<T> {
  equals(value: T extends Primitive ? T : Primitive): WhenSpec;
  notEquals(value: T extends Primitive ? T : Primitive): WhenSpec;
  contains(value: Primitive): WhenSpec;
  notContains(value: Primitive): WhenSpec;
  startsWith(value: string): WhenSpec;
  endsWith(value: string): WhenSpec;
  matches(pattern: string): WhenSpec;
  /** Escape hatch for a field whose name collides with a method (`then`, `equals`, …). */
  field<K extends keyof T & string>(name: K): RefProxy<T[K]>;
}

/** Typed references to the fields of `T` (array elements by index, or `each` for `[*]`). */
export type FieldProxies<T> = T extends ReadonlyArray<infer E>
  ? { readonly [index: number]: RefProxy<E>; /** Every element (`[*]`). */ readonly each: RefProxy<E> }
  : T extends Primitive | undefined
    ? unknown
    : T extends object
      ? { readonly [K in Exclude<keyof T, keyof ConditionMethods<unknown> | 'then'> & string]-?: RefProxy<T[K]> }
      : unknown;

/** A typed reference with its fields and condition methods. */
export type RefProxy<T> = Ref<T> & ConditionMethods<T> & FieldProxies<NonNullable<T>>;

/** References to every earlier step's output, by step id. */
export type Refs<S> = { readonly [K in keyof S]: RefProxy<S[K]> };

/** What a trigger hands its run as `trigger`. */
export interface TriggerPayload {
  type: 'manual' | 'interval' | 'event';
  /** For event triggers: the container event. */
  event?: string;
  container?: { id: string; name: string; host?: string };
  /** When it fired, ms since the epoch. */
  time: number;
  /** Anything else the event carried (e.g. the health status it changed from). */
  data?: Record<string, unknown>;
}

/** Options of one step. */
export interface StepOptions<S> {
  /** Run only when this holds; a false condition skips the step and its dependants. */
  when?: (s: Refs<S>) => WhenSpec | WhenSpec[];
  /** Steps this one waits for (besides those it references). */
  after?: ReadonlyArray<Exclude<keyof S, 'input' | 'trigger'> & string>;
  retry?: Retry;
  timeoutMs?: number;
  title?: string;
}

/** Options of a workflow. */
export interface WorkflowOptions {
  description?: string;
  trigger?: Trigger | Trigger[];
  mode?: TaintMode;
  timeoutMs?: number;
}

const OPERATOR_OF: Record<string, Operator> = {
  equals: 'equal',
  notEquals: 'notEqual',
  contains: 'contains',
  notContains: 'notContains',
  startsWith: 'startsWith',
  endsWith: 'endsWith',
  matches: 'regex',
};

/** `health.status`, `items[*].name`, `list[0]`. */
export function formatRefTarget(t: RefTarget): string {
  let s = t.step;
  for (const p of t.path) s += p === '*' ? '[*]' : typeof p === 'number' ? `[${p}]` : `.${p}`;
  return s;
}

/** @internal Make a reference proxy. */
export function refProxy(step: string, path: ReadonlyArray<string | number> = []): RefProxy<unknown> {
  const target: RefTarget = Object.freeze({ step, path: Object.freeze([...path]) });
  const text = () => `{{ ${formatRefTarget(target)} }}`;
  return new Proxy(Object.create(null) as object, {
    get(_, prop) {
      if (prop === REF) return target;
      if (prop === Symbol.toPrimitive || prop === 'toString' || prop === 'toJSON') return text;
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      const op = OPERATOR_OF[prop];
      if (op) return (value: Primitive) => ({ kind: 'when', when: { ref: formatRefTarget(target), operator: op, value } }) satisfies WhenSpec;
      if (prop === 'field') return (name: string) => refProxy(step, [...path, name]);
      if (prop === 'each') return refProxy(step, [...path, '*']);
      if (/^\d+$/.test(prop)) return refProxy(step, [...path, Number(prop)]);
      return refProxy(step, [...path, prop]);
    },
    has: (_, prop) => prop === REF,
    ownKeys: () => [],
  }) as RefProxy<unknown>;
}

/** Replace typed references in arguments with `{{ … }}` strings. */
function compileArgs(value: unknown): unknown {
  if (isRef(value)) return `{{ ${formatRefTarget(value[REF])} }}`;
  if (Array.isArray(value)) return value.map(compileArgs);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = compileArgs(v);
    return out;
  }
  return value;
}

/** A step's call: a tool call, or a function of the earlier outputs returning one. */
export type StepCall<S, Out> = ToolCall<string, unknown, Out> | ((s: Refs<S>) => ToolCall<string, unknown, Out>);

/**
 * Builds a workflow step by step, with typed references to earlier outputs.
 * Immutable: each `.step()` returns a new builder. Start one with {@link workflow}.
 * @example
 * ```ts
 * const wf = workflow('Database Health Monitor')
 *   .step('health', docker.health_check({ container: 'db' }))
 *   .step('restart', docker.docker_restart({ container: 'db' }), { when: (s) => s.health.status.equals('unhealthy') });
 * const json = wf.toJSON(); // workflow JSON: { name, version: 1, steps: [...] }
 * ```
 */
export class WorkflowBuilder<S = { input: Record<string, unknown>; trigger: TriggerPayload }> {
  /** @internal */
  constructor(
    private readonly name: string,
    private readonly options: WorkflowOptions,
    private readonly steps: ReadonlyArray<WorkflowStep>,
  ) {}

  /**
   * Add a step. `call` is a tool call (`slack_notify({ … })`), or a function
   * of the earlier outputs returning one.
   */
  step<Id extends string, Out>(
    id: Id extends keyof S ? never : Id,
    call: StepCall<S, Out>,
    options: StepOptions<S> = {},
  ): WorkflowBuilder<S & { [K in Id]: Out }> {
    const refs = new Proxy({} as Refs<S>, { get: (_, p) => (typeof p === 'string' ? refProxy(p) : undefined) });
    const made = typeof call === 'function' && !(call as { kind?: string }).kind ? (call as (s: Refs<S>) => ToolCall)(refs) : (call as ToolCall);
    if (!made || made.kind !== 'tool-call') {
      throw new TypeError(`step "${id}": expected a tool call such as slack_notify({ … }), got ${typeof made}`);
    }
    const whens = options.when ? [options.when(refs)].flat() : [];
    const step: WorkflowStep = {
      id,
      tool: made.tool,
      args: compileArgs(made.args) as Record<string, unknown>,
      ...(whens.length === 1 ? { when: whens[0]!.when } : whens.length > 1 ? { when: whens.map((w) => w.when) } : {}),
      ...(options.after?.length ? { after: [...options.after] } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.title ? { title: options.title } : {}),
    };
    return new WorkflowBuilder(this.name, this.options, [...this.steps, step]) as never;
  }

  /** The workflow JSON. */
  toJSON(): WorkflowJson {
    return {
      name: this.name,
      version: 1,
      ...(this.options.description ? { description: this.options.description } : {}),
      ...(this.options.trigger ? { trigger: this.options.trigger } : {}),
      ...(this.options.mode ? { mode: this.options.mode } : {}),
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
      steps: this.steps.map((s) => structuredClone(s)),
    };
  }

  /** Validate and return a runnable workflow (unknown tools are errors when `tools` is given). */
  build(tools?: ToolLookup): Workflow {
    return loadWorkflow(this.toJSON(), tools);
  }
}

/**
 * Start a workflow.
 * @example
 * ```ts
 * const wf = workflow('Database Health Monitor', { trigger: { type: 'event', event: 'unhealthy', container: 'db' } })
 *   .step('logs', docker.docker_logs({ container: 'db', tail: 100 }))
 *   .step('notify', (s) => slack_notify({ channel: '#ops', text: s.logs.text }));
 * ```
 */
export function workflow<Input extends Record<string, unknown> = Record<string, unknown>>(
  name: string,
  options: WorkflowOptions = {},
): WorkflowBuilder<{ input: Input; trigger: TriggerPayload }> {
  return new WorkflowBuilder(name, options, []);
}
