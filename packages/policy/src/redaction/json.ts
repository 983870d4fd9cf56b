/**
 * The JSON walker: redacts every string of a JSON-like value, masks whole
 * values under secret-looking keys, and copies only what changed.
 * @internal
 * @module
 */
import { isMaskableValue, isSecretKey } from './secret-keys.js';
import { RedactionInputError, type RedactionFinding } from './types.js';

/** What the walker needs from the text engine. */
export interface StringRedaction {
  value: string;
  /** Rules of the masked regions, in order. */
  rules: string[];
  /** The rule of the highest-priority region, if any. */
  best: string | undefined;
}

/** @internal */
export interface JsonWalkContext {
  text(input: string): StringRedaction;
  replacement(rule: string): string;
  /** True for a string that is already a replacement marker. */
  isMarker(value: string): boolean;
  findings: RedactionFinding[];
}

/** The rule that names a value masked because of its key. */
export const SECRET_ASSIGNMENT_RULE = 'secret-assignment';

type Segment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `Config.Env[2]`, `headers["x-api-key"]`; `''` for the root. */
export function formatJsonPath(path: readonly Segment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * A whole-string assignment, as in docker `Config.Env` (`DB_PASSWORD=hunter two`) or
 * `Cmd` (`--password=…`): the value runs to the end of the string. A lower-case
 * key with spaces in the value reads more like a log line (`token=… status=ok`);
 * that goes through the text rules, which stop the value at the first space.
 */
const ENV_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]{0,127}|--[A-Za-z][A-Za-z0-9_.-]{0,127})=([^\r\n]+)$/;

function isWholeAssignment(key: string, value: string): boolean {
  return !/\s/.test(value) || key === key.toUpperCase();
}

/** Define an own property even for `__proto__` (plain assignment would set the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Redact `value`, appending findings to `ctx.findings`. Returns the same
 * reference when nothing changed. Values under a secret-looking key are masked
 * whole; array items inherit their array's key, object members start afresh.
 * @throws {RedactionInputError} when the value contains itself.
 */
export function walkJson(value: unknown, ctx: JsonWalkContext): unknown {
  const path: Segment[] = [];
  const ancestors = new Set<object>();

  const report = (rule: string) => ctx.findings.push({ rule, path: formatJsonPath(path) });

  const maskWhole = (s: string): string => {
    const rule = ctx.text(s).best ?? SECRET_ASSIGNMENT_RULE;
    report(rule);
    return ctx.replacement(rule);
  };

  const redactString = (s: string, secretKey: string | undefined): string => {
    if (secretKey !== undefined && isMaskableValue(s, secretKey) && !ctx.isMarker(s)) return maskWhole(s);
    const env = ENV_ASSIGNMENT.exec(s);
    if (env && isWholeAssignment(env[1]!, env[2]!) && isSecretKey(env[1]!) && isMaskableValue(env[2]!, env[1]) && !ctx.isMarker(env[2]!)) {
      return `${env[1]}=${maskWhole(env[2]!)}`;
    }
    const r = ctx.text(s);
    for (const rule of r.rules) report(rule);
    return r.value;
  };

  const walk = (v: unknown, secretKey: string | undefined): unknown => {
    if (typeof v === 'string') return redactString(v, secretKey);
    if (typeof v === 'number' || typeof v === 'bigint') {
      if (secretKey !== undefined && (typeof v === 'bigint' || Number.isFinite(v)) && isMaskableValue(String(v), secretKey)) {
        report(SECRET_ASSIGNMENT_RULE);
        return ctx.replacement(SECRET_ASSIGNMENT_RULE);
      }
      return v;
    }
    if (typeof v !== 'object' || v === null) return v;
    if (ancestors.has(v)) {
      throw new RedactionInputError('the value contains itself, so it cannot be redacted (nor serialized as JSON)', {
        path: [...path],
        hint: 'pass a JSON-serializable value without cycles',
      });
    }
    ancestors.add(v);
    try {
      return Array.isArray(v) ? walkArray(v, secretKey) : walkObject(v as Record<string, unknown>);
    } finally {
      ancestors.delete(v);
    }
  };

  const walkArray = (arr: readonly unknown[], secretKey: string | undefined): unknown[] => {
    let out: unknown[] | undefined;
    for (let i = 0; i < arr.length; i++) {
      path.push(i);
      const item = arr[i];
      const next = walk(item, secretKey);
      path.pop();
      if (next !== item && out === undefined) out = arr.slice(0, i);
      if (out !== undefined) out[i] = next;
    }
    return out ?? (arr as unknown[]);
  };

  const walkObject = (obj: Record<string, unknown>): Record<string, unknown> => {
    const keys = Object.keys(obj);
    const keySet = new Set(keys);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      // A secret inside a key is masked too, and paths only ever show the masked key.
      const shownKey = ctx.text(key);
      for (const rule of shownKey.rules) {
        path.push(shownKey.value);
        report(rule);
        path.pop();
      }
      const item = obj[key];
      path.push(shownKey.value);
      const next = walk(item, isSecretKey(key) ? key : undefined);
      path.pop();
      if (out === undefined && (next !== item || shownKey.value !== key)) {
        out = {};
        for (let j = 0; j < i; j++) setOwn(out, keys[j]!, obj[keys[j]!]);
      }
      if (out !== undefined) {
        let name = shownKey.value;
        for (let n = 2; Object.hasOwn(out, name) || (name !== key && keySet.has(name)); n++) name = `${shownKey.value}#${n}`;
        setOwn(out, name, next);
      }
    }
    return out ?? obj;
  };

  return walk(value, undefined);
}
