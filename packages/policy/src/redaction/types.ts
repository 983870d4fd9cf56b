/**
 * Schemas and types of the secret redactor: rules, options, results, errors.
 * @module
 */
import { z } from 'zod';
import { AgentOSError, type AgentOSErrorOptions } from '../errors.js';

/** What a rule's `accept` check is told about one regex match. */
export interface RuleMatchContext {
  /** The whole text being scanned. */
  readonly input: string;
  /** The match. Rules run with the `d` flag, so `match.indices` is set. */
  readonly match: RegExpExecArray;
  /** Offset of the secret (the chosen capture group) in `input`. */
  readonly start: number;
  /** Offset just after the secret in `input`. */
  readonly end: number;
}

/**
 * A second look at a regex match: return `false` to keep the text (not a secret).
 * Must be pure and must not call the redactor.
 */
export type RuleAccept = (secret: string, context: RuleMatchContext) => boolean;

/** Rule ids are kebab-case: they appear in findings and in `[REDACTED:<id>]`. */
export const RULE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * One named detection rule: a regex and which capture group holds the secret.
 * Only the secret group is masked, so `DB_PASSWORD=hunter22` keeps its key.
 *
 * @example
 * ```ts
 * const acme: RedactionRule = {
 *   id: 'acme-api-key',
 *   description: 'Acme API key',
 *   pattern: /\b(acme_[0-9a-f]{32})\b/,
 *   secretGroup: 1,
 *   keywords: ['acme_'],
 * };
 * ```
 */
export const RedactionRuleSchema = z.strictObject({
  /** Kebab-case name, used in findings and in the default replacement. */
  id: z.string().regex(RULE_ID_PATTERN, 'rule ids are kebab-case, e.g. "acme-api-key"'),
  /** What the rule finds, for people. */
  description: z.string().min(1),
  /** Where the format comes from (a public rule set or the vendor's docs). */
  source: z.string().min(1).optional(),
  /** The regex. Flags are kept; `g` and `d` are added, `y` is dropped. */
  pattern: z.instanceof(RegExp, { message: 'expected a RegExp' }),
  /**
   * The capture group that is the secret (0 = the whole match). With a list,
   * the first group that took part in the match is the secret. Default 0.
   */
  secretGroup: z.union([z.number().int().min(0), z.array(z.number().int().min(0)).min(1)]).optional(),
  /**
   * Pre-filter (as in gitleaks): the regex only runs when the text, lower-cased,
   * contains one of these. Only worth it for an expensive pattern without a
   * literal prefix; omit to always run.
   */
  keywords: z.array(z.string().min(1)).min(1).optional(),
  /** Optional second check of a match; `false` keeps the text. */
  accept: z.custom<RuleAccept>((v) => typeof v === 'function', 'expected a function').optional(),
});

/** A detection rule. See {@link RedactionRuleSchema}. */
export type RedactionRule = z.infer<typeof RedactionRuleSchema>;

/**
 * Options of {@link createRedactor}.
 *
 * @example
 * ```ts
 * const options: RedactorOptions = {
 *   knownSecrets: [process.env.DB_PASSWORD ?? ''],
 *   replacement: (rule) => `***${rule}***`,
 * };
 * ```
 */
export const RedactorOptionsSchema = z.strictObject({
  /**
   * Exact secret values to mask wherever they appear, also base64-, hex-,
   * URL- and JSON-encoded. Values shorter than 6 characters are ignored.
   */
  knownSecrets: z
    .custom<Iterable<string>>(
      (v) => typeof v === 'object' && v !== null && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function',
      'expected an iterable of strings (an array or a Set)',
    )
    .optional(),
  /** Extra rules. They run before the built-in ones and win ties against them. */
  rules: z.array(RedactionRuleSchema).optional(),
  /** Ids of built-in rules to switch off (see `DEFAULT_REDACTION_RULES`). */
  disabledRules: z.array(z.string()).optional(),
  /** The text that replaces a secret. Default: `[REDACTED:<rule>]`. */
  replacement: z.custom<(rule: string) => string>((v) => typeof v === 'function', 'expected a function (rule) => string').optional(),
});

/** Options of {@link createRedactor}. See {@link RedactorOptionsSchema}. */
export type RedactorOptions = z.input<typeof RedactorOptionsSchema>;

/**
 * One masked secret. Never contains the secret, nor any part of it.
 *
 * @example
 * ```ts
 * // { rule: 'secret-assignment', path: 'Config.Env[2]' }
 * ```
 */
export interface RedactionFinding {
  /** The rule that matched, e.g. `aws-access-key-id`, `known-secret`. */
  rule: string;
  /** For JSON: where the value sits, e.g. `Config.Env[2]` (`''` for the root). */
  path?: string;
}

/**
 * The redacted value and what was masked.
 *
 * @example
 * ```ts
 * const { value, findings, changed } = redactText('DB_PASSWORD=hunter22');
 * ```
 */
export interface RedactionResult<T> {
  /** The redacted value; the input itself (same reference) when nothing changed. */
  value: T;
  /** One entry per masked region, in the order they appear. */
  findings: RedactionFinding[];
  /** `true` when anything was masked. */
  changed: boolean;
}

/**
 * Masks secrets in text and JSON. Pure: no I/O, no clock, no randomness; the
 * same input always gives byte-identical output.
 *
 * @example
 * ```ts
 * const redactor = createRedactor({ knownSecrets: ['s3cr3t-value'] });
 * redactor.text('login with s3cr3t-value').value; // 'login with [REDACTED:known-secret]'
 * ```
 */
export interface Redactor {
  /** Redact one text (a log line, a whole log, a message body). */
  text(input: string): RedactionResult<string>;
  /**
   * Redact a JSON-like value: strings are redacted as text, values under
   * secret-looking keys are masked whole. The input is never mutated.
   */
  json<T>(input: T): RedactionResult<T>;
  /**
   * Register one more known secret. Returns `false` (and registers nothing)
   * when the value, trimmed, is shorter than 6 characters.
   */
  addKnownSecret(value: string): boolean;
}

/**
 * Invalid redactor options or rules. `path` points into the options.
 *
 * @example
 * ```ts
 * try { createRedactor({ rules: [{ id: 'Bad Id' } as never] }); }
 * catch (e) { if (e instanceof RedactionConfigError) console.error(e.message); }
 * ```
 */
export class RedactionConfigError extends AgentOSError {
  constructor(message: string, options: AgentOSErrorOptions = {}) {
    super('REDACTION_CONFIG', message, options);
  }
}

/**
 * A value the redactor cannot process (e.g. an object that contains itself).
 * Thrown rather than passing the value on unredacted.
 *
 * @example
 * ```ts
 * const a: Record<string, unknown> = {}; a.self = a;
 * try { redactJson(a); } catch (e) { if (e instanceof RedactionInputError) console.error(e.path); }
 * ```
 */
export class RedactionInputError extends AgentOSError {
  constructor(message: string, options: AgentOSErrorOptions = {}) {
    super('REDACTION_INPUT', message, options);
  }
}
