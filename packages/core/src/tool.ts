/**
 * Tools: `defineTool({ name, description, input, output?, annotations?, run })`.
 *
 * A tool is a typed call factory: calling `tool(args)` does NOT run it, it
 * returns a {@link ToolCall} for a workflow step. The `run` function is kept in
 * a module-private map: the only way to execute a tool is the runtime's
 * guarded invoke, which passes the policy engine first.
 * @module
 */
import { z } from 'zod';
import type { ToolTrustHint } from '@agentos/policy';
import { AgentOSError } from './errors.js';

/** MCP tool hints, plus AgentOS's default trust for the output. */
export interface ToolAnnotations {
  title?: string;
  /** The tool does not change anything. */
  readOnlyHint?: boolean;
  /** The tool may destroy or restart something. */
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  /** The tool talks to the world outside (a sink): secrets are redacted before it runs. */
  openWorldHint?: boolean;
  /** Default trust of the output when no trusted data policy covers the tool. */
  trust?: ToolTrustHint;
}

/** What a running tool gets besides its input. */
export interface ToolContext {
  /** Aborted on cancellation or timeout; pass it to I/O. */
  signal: AbortSignal;
  runId: string;
  stepId: string;
  workflow: string;
}

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A tool call for a workflow step: the tool's name and its (typed) arguments. */
export interface ToolCall<TName extends string = string, TArgs = unknown, TOut = unknown> {
  readonly kind: 'tool-call';
  readonly tool: TName;
  readonly args: TArgs;
  /** Phantom: the output type, for typed references. */
  readonly __output?: TOut;
}

/** Definition passed to {@link defineTool}. */
export interface ToolDefinition<TName extends string, I extends z.ZodType, O extends z.ZodType> {
  name: TName;
  description: string;
  input: I;
  output?: O;
  annotations?: ToolAnnotations;
  run: (input: z.output<I>, ctx: ToolContext) => Promise<z.input<O>> | z.input<O>;
}

/**
 * A defined tool (made by {@link defineTool}). Call it to make a step; it cannot be run directly:
 * only the runtime runs it, after the policy engine decided.
 * @example
 * ```ts
 * const step = docker_status({ container: 'db' }); // a ToolCall, nothing runs
 * docker_status.name;            // 'docker_status'
 * docker_status.inputJsonSchema; // { type: 'object', properties: { container: … }, … } for MCP and LLMs
 * ```
 */
export interface Tool<TName extends string = string, I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Make a step that calls this tool. Strings may hold `{{ step.path }}` references. */
  (args: ToolArgs<z.input<I>>): ToolCall<TName, ToolArgs<z.input<I>>, z.output<O>>;
  readonly kind: 'tool';
  readonly name: TName;
  readonly description: string;
  readonly input: I;
  readonly output: O | undefined;
  readonly annotations: Readonly<ToolAnnotations>;
  /** JSON Schema of the input, derived from the zod schema (for MCP and LLMs). */
  readonly inputJsonSchema: Record<string, unknown>;
  /** JSON Schema of the output, when an output schema is given. */
  readonly outputJsonSchema: Record<string, unknown> | undefined;
}

/** Any tool, whatever its types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = Tool<string, any, any>;

/**
 * Arguments as the builder accepts them: each value may also be a typed
 * reference to an earlier step's output (see the workflow builder).
 */
export type ToolArgs<T> = T extends string | number | boolean | null | undefined
  ? T | Ref<T>
  : T extends ReadonlyArray<infer E>
    ? ReadonlyArray<ToolArgs<E>> | Ref<T>
    : T extends object
      ? { [K in keyof T]: ToolArgs<T[K]> } | Ref<T>
      : T;

/** @internal Brand of typed references (see the workflow builder). */
export const REF: unique symbol = Symbol.for('agentos.ref') as never;
/** @internal Phantom key carrying a reference's value type. */
declare const REF_TYPE: unique symbol;

/** Where a typed reference points: a step (or `input`/`trigger`) and a path; `'*'` is `[*]`. */
export interface RefTarget {
  readonly step: string;
  readonly path: ReadonlyArray<string | number>;
}

/**
 * A typed reference to (part of) an earlier step's output, made by the
 * workflow builder (`s.logs.text`). It compiles to `{{ logs.text }}`.
 */
export interface Ref<T = unknown> {
  readonly [REF]: RefTarget;
  /** Phantom: the referenced value's type. */
  readonly [REF_TYPE]?: T;
}

/** True for a typed reference. */
export function isRef(value: unknown): value is Ref {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && (value as Record<symbol, unknown>)[REF] !== undefined;
}

type Runner = (input: unknown, ctx: ToolContext) => Promise<unknown>;
const runners = new WeakMap<object, Runner>();

const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_.\-/:]{0,127}$/;

/** Derive JSON Schema from a zod schema (draft 2020-12, inputs as accepted). */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/**
 * Define a tool.
 * @example
 * ```ts
 * const echo = defineTool({
 *   name: 'echo',
 *   description: 'Echo text back',
 *   input: z.object({ text: z.string() }),
 *   output: z.object({ text: z.string() }),
 *   annotations: { readOnlyHint: true, trust: { default: 'trusted' } },
 *   run: async ({ text }) => ({ text }),
 * });
 * ```
 */
export function defineTool<TName extends string, I extends z.ZodType, O extends z.ZodType = z.ZodType<unknown>>(
  def: ToolDefinition<TName, I, O>,
): Tool<TName, I, O> {
  if (!TOOL_NAME.test(def.name)) {
    throw new AgentOSError('TOOL_DEFINITION', `invalid tool name "${def.name}"`, {
      path: ['name'],
      hint: 'start with a letter; use letters, digits, _ . - / : (at most 128 characters)',
    });
  }
  if (!def.description?.trim()) {
    throw new AgentOSError('TOOL_DEFINITION', `tool "${def.name}" needs a description (LLMs and people read it)`, { path: ['description'] });
  }
  const call = (args: unknown) => ({ kind: 'tool-call' as const, tool: def.name, args });
  const tool = Object.assign(call, {
    kind: 'tool' as const,
    description: def.description,
    input: def.input,
    output: def.output,
    annotations: Object.freeze({ ...(def.annotations ?? {}) }),
    inputJsonSchema: toJsonSchema(def.input, 'input'),
    outputJsonSchema: def.output ? toJsonSchema(def.output, 'output') : undefined,
  });
  Object.defineProperty(tool, 'name', { value: def.name });
  runners.set(tool, async (input, ctx) => def.run(input as z.output<I>, ctx));
  return Object.freeze(tool) as unknown as Tool<TName, I, O>;
}

/**
 * @internal The runtime's access to a tool's `run`. Not exported from the
 * package: only the guarded invoke calls it.
 */
export function runnerOf(tool: AnyTool): Runner {
  const r = runners.get(tool);
  if (!r) throw new AgentOSError('TOOL_DEFINITION', `"${tool.name}" was not made by defineTool`);
  return r;
}

/** @internal Register a runner for a tool object made elsewhere in core (MCP proxies). */
export function registerRunner(tool: object, runner: Runner): void {
  runners.set(tool, runner);
}

/** True for a value made by {@link defineTool}. */
export function isTool(value: unknown): value is AnyTool {
  return typeof value === 'function' && (value as { kind?: unknown }).kind === 'tool' && runners.has(value);
}
