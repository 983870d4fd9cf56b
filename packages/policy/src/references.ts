/**
 * `{{ step }}` and `{{ step.path.to.field }}` references inside arguments.
 * A string that is exactly one reference takes the referenced value as it is;
 * a reference inside a longer string is replaced by its text (JSON for
 * non-strings).
 * @module
 */
import { UnresolvedReferenceError, type ErrorPath } from './errors.js';
import { parsePath, type PathSegment } from './path.js';

/** One reference found in an argument tree. */
export interface Reference {
  /** The step (or input) it reads. */
  readonly step: string;
  /** Path inside that step's output ('' for the whole output). */
  readonly path: string;
  readonly segments: ReadonlyArray<PathSegment>;
  /** The text as written, e.g. `{{ logs.text }}`. */
  readonly raw: string;
  /** Where in the arguments it stands. */
  readonly at: ErrorPath;
}

const REF = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)((?:\.[^\s.{}[\]]+|\[(?:\d+|\*)\])*)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_-]*)((?:\.[^\s.{}[\]]+|\[(?:\d+|\*)\])*)\s*\}\}$/;

function makeRef(step: string, rest: string, raw: string, at: ErrorPath): Reference {
  const path = rest.startsWith('.') ? rest.slice(1) : rest;
  const segments = parsePath(path);
  if (!segments) throw new UnresolvedReferenceError(`malformed reference ${raw}`, { path: at });
  return { step, path, segments, raw, at };
}

/** References inside one string. */
export function referencesInString(text: string, at: ErrorPath = []): Reference[] {
  if (!text.includes('{{')) return [];
  const out: Reference[] = [];
  for (const m of text.matchAll(REF)) out.push(makeRef(m[1]!, m[2] ?? '', m[0], at));
  return out;
}

/**
 * Every reference in a JSON value, at any depth.
 * @example findReferences({ text: 'Logs: {{ logs }}' }) // [{ step: 'logs', path: '', … }]
 */
export function findReferences(value: unknown, at: ErrorPath = []): Reference[] {
  if (typeof value === 'string') return referencesInString(value, at);
  if (Array.isArray(value)) return value.flatMap((v, i) => findReferences(v, [...at, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => findReferences(v, [...at, k]));
  }
  return [];
}

/** Parse a bare reference such as `health.status` (the `when.ref` form). */
export function parseReference(text: string, at: ErrorPath = []): Reference {
  const m = WHOLE.exec(`{{ ${text.trim()} }}`);
  if (!m) throw new UnresolvedReferenceError(`"${text}" is not a reference (expected step or step.path.to.field)`, { path: at });
  return makeRef(m[1]!, m[2] ?? '', text, at);
}

const toText = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

/**
 * Replace every reference using `read`. Pure: the input is not changed.
 * @example resolveReferences({ t: 'x={{ a.b }}' }, (r) => 42) // { t: 'x=42' }
 */
export function resolveReferences(value: unknown, read: (ref: Reference) => unknown, at: ErrorPath = []): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value;
    const whole = WHOLE.exec(value);
    if (whole) return read(makeRef(whole[1]!, whole[2] ?? '', value, at));
    return value.replace(REF, (raw, step: string, rest: string) => toText(read(makeRef(step, rest ?? '', raw, at))));
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveReferences(v, read, [...at, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = resolveReferences(v, read, [...at, k]);
    return out;
  }
  return value;
}
