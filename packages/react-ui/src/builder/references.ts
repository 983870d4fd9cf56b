/**
 * Browser-safe reading of `{{ step.path }}` references in step arguments
 * (the same grammar as `@agentos/policy`'s references, without the engine).
 * @module
 */

const REF = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)((?:\.[^\s.{}[\]]+|\[(?:\d+|\*)\])*)\s*\}\}/g;
const BARE = /^\s*([A-Za-z_][A-Za-z0-9_-]*)((?:\.[^\s.{}[\]]+|\[(?:\d+|\*)\])*)\s*$/;

/**
 * Names a reference may read besides steps: the run's input and its trigger.
 * @example RESERVED_REF_NAMES.includes('input') // true
 */
export const RESERVED_REF_NAMES: ReadonlyArray<string> = ['input', 'trigger'];

/**
 * The step ids referenced anywhere in a JSON value (`input`/`trigger` excluded).
 * @example referencedSteps({ text: 'Logs: {{ logs.text }}' }) // Set { 'logs' }
 */
export function referencedSteps(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (value.includes('{{')) for (const m of value.matchAll(REF)) if (!RESERVED_REF_NAMES.includes(m[1]!)) out.add(m[1]!);
  } else if (Array.isArray(value)) {
    for (const v of value) referencedSteps(v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value as Record<string, unknown>)) referencedSteps(v, out);
  }
  return out;
}

/**
 * The step a bare reference (a `when.ref` such as `health.status`) reads, or undefined when it is not a reference.
 * @example refStep('health.status') // 'health'
 */
export function refStep(ref: string): string | undefined {
  return BARE.exec(ref)?.[1];
}

/**
 * Replace references to step `from` by references to step `to`, at any depth.
 * @example renameReferences({ t: '{{ a.x }}' }, 'a', 'b') // { t: '{{ b.x }}' }
 */
export function renameReferences<T>(value: T, from: string, to: string): T {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    return value.replace(REF, (raw, step: string, rest: string) => (step === from ? `{{ ${to}${rest ?? ''} }}` : raw)) as T;
  }
  if (Array.isArray(value)) return value.map((v) => renameReferences(v, from, to)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = renameReferences(v, from, to);
    return out as T;
  }
  return value;
}

/**
 * Rename the step of a bare reference: `renameRef('a.status', 'a', 'b')` → `b.status`.
 * @example renameRef('logs.text', 'logs', 'fetch') // 'fetch.text'
 */
export function renameRef(ref: string, from: string, to: string): string {
  const m = BARE.exec(ref);
  return m && m[1] === from ? `${to}${m[2] ?? ''}` : ref;
}

/**
 * A valid step id: letters, digits, `_` and `-`, starting with a letter or `_`.
 * @example STEP_ID_PATTERN.test('notify_2') // true
 */
export const STEP_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
