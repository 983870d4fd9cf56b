/**
 * Read a model's structured reply: find the JSON (tolerating ```json fences
 * and chatter around it), parse it, and validate it with zod.
 * @module
 */
import type { ZodType } from 'zod';
import type { LlmOutputIssue } from './errors.js';

/** The outcome of {@link parseStructuredReply}. */
export type ParsedReply<T> = { ok: true; value: T } | { ok: false; issues: LlmOutputIssue[] };

/**
 * The JSON text inside a reply: the body of the first ``` fence if there is
 * one, else the span from the first `{`/`[` to the last `}`/`]`, else the
 * trimmed reply.
 * @example
 * ```ts
 * extractJsonText('Sure!\n```json\n{"a":1}\n```'); // '{"a":1}'
 * ```
 */
export function extractJsonText(reply: string): string {
  const trimmed = reply.trim();
  const fence = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/.exec(trimmed);
  if (fence?.[1] !== undefined) return fence[1].trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return trimmed;
  const start = trimmed.search(/[[{]/);
  const end = Math.max(trimmed.lastIndexOf('}'), trimmed.lastIndexOf(']'));
  if (start >= 0 && end > start) return trimmed.slice(start, end + 1);
  return trimmed;
}

/**
 * Parse and validate one reply. Never throws: problems come back as issues
 * with paths (`(root)` for "not JSON at all").
 * @example
 * ```ts
 * const r = parseStructuredReply('{"ok":1}', z.object({ ok: z.boolean() }));
 * // { ok: false, issues: [{ path: 'ok', message: 'Invalid input: expected boolean, received number' }] }
 * ```
 */
export function parseStructuredReply<T>(reply: string, schema: ZodType<T>): ParsedReply<T> {
  const text = extractJsonText(reply);
  if (text === '') return { ok: false, issues: [{ path: '(root)', message: 'the reply was empty; expected a JSON object' }] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: '(root)', message: `the reply is not valid JSON (${(e as Error).message})` }] };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message })),
  };
}

function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out || '(root)';
}
