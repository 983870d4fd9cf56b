/**
 * `createRedactor`, `redactText`, `redactJson`: the public entry points.
 * @module
 */
import { describeZodIssues, issuesToText } from '../zod-issues.js';
import { walkJson, type StringRedaction } from './json.js';
import { KnownSecrets } from './known-secrets.js';
import { DEFAULT_REDACTION_RULES } from './rules.js';
import { applyRegions, compileRule, findRegions, groupCount, type CompiledRule, type Region } from './scan.js';
import {
  RedactionConfigError,
  RedactionInputError,
  RedactorOptionsSchema,
  type RedactionFinding,
  type RedactionResult,
  type RedactionRule,
  type Redactor,
  type RedactorOptions,
} from './types.js';

/** The rule id of a match of one of the `knownSecrets` (see {@link RedactorOptions}). */
export const KNOWN_SECRET_RULE = 'known-secret';

/**
 * The default replacement: `[REDACTED:<rule>]`, so a reader sees what was there.
 *
 * @example
 * ```ts
 * defaultReplacement('github-pat'); // '[REDACTED:github-pat]'
 * ```
 */
export function defaultReplacement(rule: string): string {
  return `[REDACTED:${rule}]`;
}

function checkExtraRules(rules: readonly RedactionRule[]): void {
  const builtIn = new Set(DEFAULT_REDACTION_RULES.map((r) => r.id));
  const seen = new Set<string>([KNOWN_SECRET_RULE]);
  rules.forEach((rule, i) => {
    if (builtIn.has(rule.id) || seen.has(rule.id)) {
      throw new RedactionConfigError(`rule id "${rule.id}" is already taken`, {
        path: ['rules', i, 'id'],
        hint: builtIn.has(rule.id) ? 'pick another id, or switch the built-in rule off with disabledRules' : 'give each rule its own id',
      });
    }
    seen.add(rule.id);
    const groups = groupCount(rule.pattern);
    for (const g of typeof rule.secretGroup === 'object' ? rule.secretGroup : [rule.secretGroup ?? 0]) {
      if (g > groups) {
        throw new RedactionConfigError(`secretGroup ${g} does not exist: the pattern has ${groups} capture group(s)`, {
          path: ['rules', i, 'secretGroup'],
          hint: 'count the opening parentheses of capturing groups; 0 is the whole match',
        });
      }
    }
    if (new RegExp(rule.pattern.source, rule.pattern.flags.replace(/[gy]/g, '')).test('')) {
      throw new RedactionConfigError('the pattern matches the empty string, so it would mask nothing or everything', {
        path: ['rules', i, 'pattern'],
        hint: 'make the secret part required, e.g. [A-Za-z0-9]{20,} instead of [A-Za-z0-9]*',
      });
    }
  });
}

/**
 * Create a redactor: the built-in rules (see `DEFAULT_REDACTION_RULES`), your
 * extra rules, and a registry of known secret values.
 *
 * Known secrets shorter than 6 characters (after trimming) are ignored, so
 * that registering `admin` does not mask every "admin" in a log. Each known
 * secret is also found base64-encoded (standard and URL-safe, padded or not,
 * alone or inside a larger blob such as a Basic header), hex-encoded
 * (lower/upper case), URL-encoded and JSON-escaped.
 *
 * @throws {RedactionConfigError} when options or rules are invalid.
 * @example
 * ```ts
 * const redactor = createRedactor({ knownSecrets: ['example-db-password'] });
 * redactor.text('auth ' + btoa('app:example-db-password')).value; // the base64 part is masked
 * redactor.text('DATABASE_URL=postgres://app:example-db-password@db/app').value;
 * // 'DATABASE_URL=postgres://app:[REDACTED:known-secret]@db/app'
 * redactor.json({ Env: ['DB_PASSWORD=hunter22'] }).value;
 * // { Env: ['DB_PASSWORD=[REDACTED:secret-assignment]'] }
 * ```
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const parsed = RedactorOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = describeZodIssues(parsed.error);
    throw new RedactionConfigError(`invalid redactor options: ${issuesToText(issues)}`, {
      hint: 'see RedactorOptions: knownSecrets, rules, disabledRules, replacement',
      details: { issues },
    });
  }
  const opts = parsed.data;
  const extraRules = opts.rules ?? [];
  checkExtraRules(extraRules);

  const disabled = new Set(opts.disabledRules ?? []);
  const builtInIds = new Set(DEFAULT_REDACTION_RULES.map((r) => r.id));
  for (const [i, id] of (opts.disabledRules ?? []).entries()) {
    if (!builtInIds.has(id)) {
      throw new RedactionConfigError(`"${id}" is not a built-in rule`, {
        path: ['disabledRules', i],
        hint: `built-in rules: ${[...builtInIds].join(', ')}`,
      });
    }
  }
  const active = [...extraRules, ...DEFAULT_REDACTION_RULES.filter((r) => !disabled.has(r.id))];
  const ruleRules: CompiledRule[] = active.map((r, i) => compileRule(r, i + 1));

  // Compute every replacement once: a replacement function that is not pure
  // cannot make the output vary, and markers are known up front.
  const replacementFn = opts.replacement ?? defaultReplacement;
  const markers = new Map<string, string>();
  for (const id of [KNOWN_SECRET_RULE, ...active.map((r) => r.id)]) {
    const marker: unknown = replacementFn(id);
    if (typeof marker !== 'string') {
      throw new RedactionConfigError(`replacement("${id}") returned ${typeof marker}, not a string`, {
        path: ['replacement'],
        hint: 'return the text that should stand in for the secret, e.g. `[REDACTED:${rule}]`',
      });
    }
    markers.set(id, marker);
  }
  const markerValues = new Set(markers.values());
  const replacement = (rule: string) => markers.get(rule)!;

  const known = new KnownSecrets();
  let knownRegex: RegExp | null = null;
  let rules: CompiledRule[] = ruleRules;
  const refreshKnown = () => {
    const re = known.regex();
    if (re === knownRegex) return;
    knownRegex = re;
    rules = re
      ? [{ id: KNOWN_SECRET_RULE, regex: re, groups: [0], keywords: undefined, accept: undefined, priority: 0 }, ...ruleRules]
      : ruleRules;
  };
  const addKnownSecret = (value: unknown, path: Array<string | number>): boolean => {
    if (typeof value !== 'string') {
      throw new RedactionConfigError(`a known secret must be a string, got ${value === null ? 'null' : typeof value}`, { path });
    }
    const added = known.add(value);
    refreshKnown();
    return added;
  };
  if (opts.knownSecrets) {
    let i = 0;
    for (const s of opts.knownSecrets) addKnownSecret(s, ['knownSecrets', i++]);
  }

  let depth = 0;
  const scan = (input: string): Region[] => {
    depth++;
    try {
      return findRegions(input, rules, markerValues, depth > 1);
    } finally {
      depth--;
    }
  };

  const textForJson = (input: string): StringRedaction => {
    const regions = scan(input);
    if (regions.length === 0) return { value: input, rules: [], best: undefined };
    let best = regions[0]!;
    for (const r of regions) if (r.priority < best.priority) best = r;
    return { value: applyRegions(input, regions, replacement), rules: regions.map((r) => r.rule), best: best.rule };
  };

  return {
    text(input: string): RedactionResult<string> {
      if (typeof input !== 'string') {
        throw new RedactionInputError(`redactor.text expects a string, got ${input === null ? 'null' : typeof input}`, {
          hint: 'use redactor.json for objects and arrays',
        });
      }
      const regions = scan(input);
      if (regions.length === 0) return { value: input, findings: [], changed: false };
      return {
        value: applyRegions(input, regions, replacement),
        findings: regions.map((r) => ({ rule: r.rule })),
        changed: true,
      };
    },
    json<T>(input: T): RedactionResult<T> {
      const findings: RedactionFinding[] = [];
      const value = walkJson(input, {
        text: textForJson,
        replacement,
        isMarker: (s) => markerValues.has(s),
        findings,
      }) as T;
      return { value, findings, changed: findings.length > 0 || value !== input };
    },
    addKnownSecret(value: string): boolean {
      return addKnownSecret(value, ['addKnownSecret']);
    },
  };
}

let defaultRedactor: Redactor | undefined;
const getDefault = () => (defaultRedactor ??= createRedactor());

/**
 * Redact text with the built-in rules (no known secrets).
 *
 * @example
 * ```ts
 * redactText('export AWS_SECRET_ACCESS_KEY=' + key).value;
 * // 'export AWS_SECRET_ACCESS_KEY=[REDACTED:aws-secret-access-key]'
 * ```
 */
export function redactText(input: string): RedactionResult<string> {
  return getDefault().text(input);
}

/**
 * Redact a JSON-like value with the built-in rules (no known secrets). Arrays
 * and objects (own enumerable string keys, as `JSON.stringify` sees them) are
 * walked; a changed object comes back as a plain object, an unchanged value as
 * the same reference. A number under a secret-looking key is masked into a string.
 *
 * @throws {RedactionInputError} when the value contains itself.
 * @example
 * ```ts
 * redactJson({ user: 'app', password: 'x1y2z3' });
 * // { value: { user: 'app', password: '[REDACTED:secret-assignment]' },
 * //   findings: [{ rule: 'secret-assignment', path: 'password' }], changed: true }
 * ```
 */
export function redactJson<T>(input: T): RedactionResult<T> {
  return getDefault().json(input);
}
