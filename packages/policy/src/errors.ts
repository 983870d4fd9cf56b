/**
 * One error base class for every AgentOS package.
 *
 * Checks use {@link isAgentOSError} (a `Symbol.for` brand) rather than
 * `instanceof`, so they survive duplicate copies of the package in a tree.
 *
 * @example
 * ```ts
 * try { parsePolicies(text); }
 * catch (e) { if (isAgentOSError(e)) console.error(e.code, e.path, e.message); }
 * ```
 */
const BRAND = Symbol.for('agentos.error');

/** A location inside some input: `['invocation', 3, 'conditions', 0, 'operator']`. */
export type ErrorPath = ReadonlyArray<string | number>;

/** Options shared by every {@link AgentOSError}. */
export interface AgentOSErrorOptions {
  /** Where in the input the problem is. */
  path?: ErrorPath;
  /** What the user can do about it. */
  hint?: string;
  /** Extra JSON-safe details. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** Render a path the way users write it: `invocation[3].conditions[0].operator`. */
export function formatPath(path: ErrorPath | undefined): string {
  if (!path || path.length === 0) return '';
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/**
 * Base class of every error AgentOS throws. `code` is stable; `message` is for people
 * and starts with the `path` of the problem and ends with the `hint`.
 * @example
 * ```ts
 * throw new AgentOSError('SINK_CONFIG', 'webhookUrl is not a URL', { path: ['slack', 'webhookUrl'], hint: 'use https://hooks.slack.com/…' });
 * // message: 'slack.webhookUrl: webhookUrl is not a URL (use https://hooks.slack.com/…)'
 *
 * try { run(); } catch (e) { if (e instanceof AgentOSError) console.error(e.code, e.toJSON()); }
 * ```
 */
export class AgentOSError extends Error {
  readonly code: string;
  readonly path: ErrorPath | undefined;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: AgentOSErrorOptions = {}) {
    const where = formatPath(options.path);
    const full = `${where ? `${where}: ` : ''}${message}${options.hint ? ` (${options.hint})` : ''}`;
    super(full, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.path = options.path;
    this.hint = options.hint;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** A JSON-safe form for logs and HTTP responses. */
  toJSON(): { name: string; code: string; message: string; path?: string; hint?: string; details?: Record<string, unknown> } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.path && this.path.length ? { path: formatPath(this.path) } : {}),
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep normal prototype checks; the base class also accepts a
    // branded error from another copy of this package.
    if (this === AgentOSError) return isAgentOSError(value);
    return typeof value === 'object' && value !== null && Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/**
 * True for any AgentOS error, from any copy of the package.
 * @example
 * ```ts
 * try { parsePolicies(text); } catch (e) { if (isAgentOSError(e)) console.error(e.code, e.message); else throw e; }
 * ```
 */
export function isAgentOSError(value: unknown): value is AgentOSError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * A policy file or object is invalid (code `POLICY_LOAD`). `path` points into it; `issues` lists every problem.
 * @example
 * ```ts
 * try {
 *   parsePolicies(readFileSync('policies.yaml', 'utf8'), 'policies.yaml');
 * } catch (e) {
 *   if (e instanceof PolicyLoadError) for (const issue of e.issues) console.error(issue.path, issue.message);
 *   throw e;
 * }
 * ```
 */
export class PolicyLoadError extends AgentOSError {
  /** Every problem found, each with its own path. */
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  constructor(message: string, issues: ReadonlyArray<{ path: string; message: string }>, options: AgentOSErrorOptions = {}) {
    super('POLICY_LOAD', message, options);
    this.issues = issues;
  }
}

/** A scenario file (for `agentos-policy test`) is invalid. */
export class ScenarioLoadError extends AgentOSError {
  constructor(message: string, options: AgentOSErrorOptions = {}) {
    super('SCENARIO_LOAD', message, options);
  }
}

/** A `{{ step.path }}` reference could not be resolved. */
export class UnresolvedReferenceError extends AgentOSError {
  constructor(message: string, options: AgentOSErrorOptions = {}) {
    super('REFERENCE', message, options);
  }
}
