/**
 * @internal Unit-test helper: validate the input, run a tool WITHOUT the
 * policy engine, validate the output. Deliberately not exported from the
 * package (the only public way to run a tool is the runtime's guarded invoke).
 * @module
 */
import type { z } from 'zod';
import { ToolValidationError } from '../errors.js';
import { runnerOf, type AnyTool, type ToolContext } from '../tool.js';

function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Run `tool` with `args` as the runtime would after the policy allowed it.
 * @example
 * ```ts
 * const out = await runToolUnguarded(createHttpHealth(), { url: 'http://127.0.0.1:8080/' });
 * ```
 */
export async function runToolUnguarded(tool: AnyTool, args: unknown, ctx: Partial<ToolContext> = {}): Promise<unknown> {
  const parsed = tool.input.safeParse(args);
  if (!parsed.success) throw new ToolValidationError(tool.name, 'input', issuesOf(parsed.error));
  const out = await runnerOf(tool)(parsed.data, {
    signal: ctx.signal ?? new AbortController().signal,
    runId: ctx.runId ?? 'test-run',
    stepId: ctx.stepId ?? 'test-step',
    workflow: ctx.workflow ?? 'test-workflow',
  });
  if (!tool.output) return out;
  const checked = tool.output.safeParse(out);
  if (!checked.success) throw new ToolValidationError(tool.name, 'output', issuesOf(checked.error));
  return checked.data;
}
