/**
 * Conditions: `{ key, operator, value }` over arguments or outputs.
 * Compiled once, when policies load: a bad regex or path is a load error.
 * @module
 */
import type { Condition, Operator } from './schema.js';
import { matchAt, parsePath, type PathSegment } from './path.js';

/** A condition ready to evaluate. */
export interface CompiledCondition {
  readonly source: Condition;
  readonly segments: ReadonlyArray<PathSegment>;
  readonly test: (actual: unknown) => boolean;
}

/** A condition that cannot compile; `field` says which part is wrong. */
export interface ConditionProblem {
  field: 'key' | 'value';
  message: string;
}

const isPrimitive = (v: unknown): v is string | number | boolean | null =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

const asText = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

function equalValues(actual: unknown, expected: Condition['value']): boolean {
  if (actual === expected) return true;
  if (!isPrimitive(actual) || actual === null || expected === null) return false;
  return String(actual) === String(expected);
}

function contains(actual: unknown, expected: Condition['value']): boolean {
  if (Array.isArray(actual)) return actual.some((el) => equalValues(el, expected));
  const text = asText(actual);
  const needle = asText(expected);
  return text !== undefined && needle !== undefined && text.includes(needle);
}

function makeTest(op: Operator, value: Condition['value'], regex: RegExp | undefined): (actual: unknown) => boolean {
  switch (op) {
    case 'equal':
      return (a) => equalValues(a, value);
    // Negative operators only judge values they can read: an object (or, for
    // notEqual, an array) never matches, like a missing key. Otherwise
    // `body notContains "malicious"` would hold for `{ text: "malicious" }`.
    case 'notEqual':
      return (a) => isPrimitive(a) && !equalValues(a, value);
    case 'contains':
      return (a) => contains(a, value);
    case 'notContains':
      return (a) => (Array.isArray(a) || asText(a) !== undefined) && !contains(a, value);
    case 'startsWith': {
      const v = asText(value);
      return (a) => {
        const t = asText(a);
        return t !== undefined && v !== undefined && t.startsWith(v);
      };
    }
    case 'endsWith': {
      const v = asText(value);
      return (a) => {
        const t = asText(a);
        return t !== undefined && v !== undefined && t.endsWith(v);
      };
    }
    case 'regex':
      return (a) => {
        const t = asText(a);
        return t !== undefined && regex!.test(t);
      };
  }
}

/** Compile one condition, or say what is wrong with it. */
export function compileCondition(c: Condition): CompiledCondition | ConditionProblem {
  const segments = parsePath(c.key);
  if (!segments || segments.length === 0) {
    return { field: 'key', message: `"${c.key}" is not a valid path (use forms like to, user.email, items[*].name, items[0])` };
  }
  let regex: RegExp | undefined;
  if (c.operator === 'regex') {
    if (typeof c.value !== 'string') return { field: 'value', message: 'regex needs a string pattern' };
    try {
      // No 'g' or 'y' flags: a stateful regex would make decisions depend on history.
      regex = new RegExp(c.value, 'u');
    } catch (e) {
      return { field: 'value', message: `invalid regular expression: ${(e as Error).message}` };
    }
  }
  return { source: c, segments, test: makeTest(c.operator, c.value, regex) };
}

/** Do all conditions hold on `subject`? (An empty list holds.) */
export function conditionsHold(conditions: ReadonlyArray<CompiledCondition>, subject: unknown): boolean {
  for (const c of conditions) if (!matchAt(subject, c.segments, c.test)) return false;
  return true;
}

/** Which conditions fail, for the trace. */
export function failingConditions(conditions: ReadonlyArray<CompiledCondition>, subject: unknown): CompiledCondition[] {
  return conditions.filter((c) => !matchAt(subject, c.segments, c.test));
}
