/**
 * `extract`: the quarantine of `ai_analyze` for any schema — as a tool for
 * workflows, and as a function that keeps the input's label on the result.
 * @module
 */
import { z } from 'zod';
import { defineTool, type Tool } from '@agentos/core';
import { AgentOSError, joinLabels, untrusted, type Label } from '@agentos/policy';
import type { Llm } from '../llm/index.js';
import { runQuarantined } from './quarantine.js';

/** Input of an extraction tool made by {@link createExtract}. */
export const ExtractInputSchema = z.strictObject({
  text: z.string().describe('The text to extract from, e.g. {{ logs.text }}'),
  context: z.string().optional().describe('Optional extra context'),
});
/** Input of an extraction tool. */
export type ExtractInput = z.infer<typeof ExtractInputSchema>;

/** Options of {@link createExtract}. */
export interface CreateExtractOptions<N extends string, S extends z.ZodType> {
  llm: Llm;
  /** The tool's name, e.g. `extract_error_codes`. */
  name: N;
  /** What the tool returns, for people and planners. */
  description: string;
  /** The result's shape (an object schema works with every provider). */
  schema: S;
  /** What to extract, in words. Default: "Extract the requested fields from the DATA". */
  task?: string;
  maxChars?: number;
  timeoutMs?: number;
  maxTokens?: number;
}

/**
 * Create a quarantined extraction tool: text in, a value of `schema` out. Like
 * `ai_analyze`, it has no tools, the text is fenced as data, the text is
 * redacted before it leaves (open-world), and its output is as trusted as its
 * input. Allow it on untrusted data with `quarantinePolicies({ tool: name })`.
 * @example
 * ```ts
 * const codes = createExtract({
 *   llm, name: 'extract_error_codes', description: 'HTTP error codes seen in the logs',
 *   schema: z.strictObject({ codes: z.array(z.number().int()) }),
 * });
 * registry.register(codes);
 * ```
 */
export function createExtract<N extends string, S extends z.ZodType>(options: CreateExtractOptions<N, S>): Tool<N, typeof ExtractInputSchema, S> {
  const schemaName = options.name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  const task = options.task ?? `Extract the requested fields from the DATA (${options.description})`;
  return defineTool({
    name: options.name,
    description: `${options.description} (quarantined AI extraction: no tools; the output is as trusted as its input)`,
    input: ExtractInputSchema,
    output: options.schema,
    annotations: { title: `${options.name} (quarantined)`, readOnlyHint: true, openWorldHint: true, trust: { default: 'trusted' } },
    run: async ({ text, context }, ctx) =>
      runQuarantined({
        llm: options.llm,
        task,
        text,
        ...(context !== undefined ? { context } : {}),
        schema: options.schema as z.ZodType<z.input<S>>,
        schemaName,
        signal: ctx.signal,
        ...(options.maxChars !== undefined ? { maxChars: options.maxChars } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
      }),
  });
}

/** A value and the label of the data it came from. */
export interface Labelled<T> {
  value: T;
  label: Label;
}

/** Options of {@link extract}. */
export interface ExtractOptions {
  /** The label of `text`. Default: untrusted (zero trust: unknown data is untrusted). */
  label?: Label;
  task?: string;
  context?: string;
  signal?: AbortSignal;
  maxChars?: number;
  timeoutMs?: number;
  maxTokens?: number;
}

/**
 * Quarantined extraction outside a workflow: the result carries the label of
 * the text (and is untrusted when no label is given). Use it where you hold
 * a value and its label, e.g. from a session call's `label`.
 * @example
 * ```ts
 * const logs = await session.call('docker_logs', { container: 'db' });
 * if (logs.status === 'succeeded') {
 *   const { value, label } = await extract(llm, (logs.output as { text: string }).text,
 *     z.strictObject({ port: z.number().int().nullable() }), { label: wholeLabel(logs.label) });
 * }
 * ```
 */
export async function extract<T>(llm: Llm, text: string, schema: z.ZodType<T>, options: ExtractOptions = {}): Promise<Labelled<T>> {
  if (schema === undefined || typeof (schema as { safeParse?: unknown }).safeParse !== 'function') {
    throw new AgentOSError('QUARANTINE_INPUT', 'extract() needs a zod schema as its third argument', { path: ['schema'], hint: 'e.g. z.strictObject({ codes: z.array(z.string()) })' });
  }
  const value = await runQuarantined({
    llm,
    task: options.task ?? 'Extract the fields of the requested schema from the DATA',
    text,
    schema,
    schemaName: 'extraction',
    ...(options.context !== undefined ? { context: options.context } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.maxChars !== undefined ? { maxChars: options.maxChars } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
  });
  return { value, label: joinLabels(options.label ?? untrusted({ step: 'extract', tool: 'extract' })) };
}
