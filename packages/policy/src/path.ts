/**
 * Paths into JSON values: `to`, `user.email`, `items[0]`, `items[*].name`.
 * @module
 */

/** One step of a path. `'*'` is the `[*]` wildcard. */
export type PathSegment = string | number | { readonly wildcard: true };

/** The `[*]` segment. */
export const WILDCARD: { readonly wildcard: true } = Object.freeze({ wildcard: true });

/** Whether a path segment is the `[*]` wildcard ({@link WILDCARD}). */
export const isWildcard = (s: PathSegment): s is { readonly wildcard: true } => typeof s === "object";

const SEGMENT = /([^.[\]]+)|\[(\d+|\*)\]/y;

/**
 * Parse a path. Returns `undefined` for a malformed path (the caller reports where).
 * @example parsePath('items[*].name') // ['items', WILDCARD, 'name']
 */
export function parsePath(path: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  if (path === '') return out;
  let i = 0;
  let expectKey = true;
  while (i < path.length) {
    if (path[i] === '.') {
      if (expectKey || i === path.length - 1) return undefined;
      i++;
      expectKey = true;
      if (path[i] === '[' || path[i] === '.') return undefined;
      continue;
    }
    SEGMENT.lastIndex = i;
    const m = SEGMENT.exec(path);
    if (!m) return undefined;
    if (m[1] !== undefined) {
      if (!expectKey) return undefined;
      out.push(m[1]);
    } else {
      out.push(m[2] === '*' ? WILDCARD : Number(m[2]));
    }
    expectKey = false;
    i = SEGMENT.lastIndex;
  }
  return out;
}

/** Render segments back to text (`items[*].name`). */
export function formatSegments(segments: ReadonlyArray<PathSegment>): string {
  let s = '';
  for (const seg of segments) {
    if (isWildcard(seg)) s += '[*]';
    else if (typeof seg === 'number') s += `[${seg}]`;
    else s += s === '' ? seg : `.${seg}`;
  }
  return s;
}

const own = Object.prototype.hasOwnProperty;

/**
 * Does `pred` hold at `segments` inside `value`? A missing key never matches;
 * `[*]` needs every element to match, and an empty array or a non-array
 * matches nothing.
 */
export function matchAt(value: unknown, segments: ReadonlyArray<PathSegment>, pred: (v: unknown) => boolean, from = 0): boolean {
  if (from === segments.length) return value !== undefined && pred(value);
  const seg = segments[from]!;
  if (isWildcard(seg)) {
    if (!Array.isArray(value) || value.length === 0) return false;
    for (const el of value) if (!matchAt(el, segments, pred, from + 1)) return false;
    return true;
  }
  if (typeof seg === 'number') {
    if (!Array.isArray(value) || seg >= value.length) return false;
    return matchAt(value[seg], segments, pred, from + 1);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !own.call(value, seg)) return false;
  return matchAt((value as Record<string, unknown>)[seg], segments, pred, from + 1);
}

/** Result of reading a path: found (with the value) or the reason it was not. */
export type ReadResult = { found: true; value: unknown } | { found: false; missing: string };

/**
 * Read the value at a path. `[*]` maps over an array and yields an array.
 * @example readPath({ a: [{ b: 1 }, { b: 2 }] }, parsePath('a[*].b')!) // { found: true, value: [1, 2] }
 */
export function readPath(value: unknown, segments: ReadonlyArray<PathSegment>, from = 0): ReadResult {
  if (from === segments.length) return { found: true, value };
  const seg = segments[from]!;
  const here = formatSegments(segments.slice(0, from + 1));
  if (isWildcard(seg)) {
    if (!Array.isArray(value)) return { found: false, missing: `${here} (not an array)` };
    const out: unknown[] = [];
    for (const el of value) {
      const r = readPath(el, segments, from + 1);
      if (!r.found) return r;
      out.push(r.value);
    }
    return { found: true, value: out };
  }
  if (typeof seg === 'number') {
    if (!Array.isArray(value) || seg >= value.length) return { found: false, missing: here };
    return readPath(value[seg], segments, from + 1);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !own.call(value, seg)) {
    return { found: false, missing: here };
  }
  return readPath((value as Record<string, unknown>)[seg], segments, from + 1);
}

/**
 * Does a path pattern (which may hold `[*]`) match a concrete-or-pattern
 * path segment by segment, up to the shorter length? Used for field labels.
 */
export function segmentsCompatible(a: ReadonlyArray<PathSegment>, b: ReadonlyArray<PathSegment>, length: number): boolean {
  for (let i = 0; i < length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (isWildcard(x)) {
      if (typeof y === 'string') return false;
      continue;
    }
    if (isWildcard(y)) {
      if (typeof x === 'string') return false;
      continue;
    }
    if (x !== y) return false;
  }
  return true;
}

/** Remove the value at a path (all matches of `[*]`), returning a copy. Used to withhold fields. */
export function withoutPath(value: unknown, segments: ReadonlyArray<PathSegment>, from = 0): unknown {
  if (from >= segments.length) return value;
  const seg = segments[from]!;
  const last = from === segments.length - 1;
  if (Array.isArray(value)) {
    if (isWildcard(seg)) {
      return last ? [] : value.map((el) => withoutPath(el, segments, from + 1));
    }
    if (typeof seg === 'number' && seg < value.length) {
      if (last) return value.filter((_, i) => i !== seg);
      const copy = value.slice();
      copy[seg] = withoutPath(value[seg], segments, from + 1);
      return copy;
    }
    return value;
  }
  if (value !== null && typeof value === 'object' && typeof seg === 'string' && own.call(value, seg)) {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    if (last) delete copy[seg];
    else copy[seg] = withoutPath(copy[seg], segments, from + 1);
    return copy;
  }
  return value;
}
