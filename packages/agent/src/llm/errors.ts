/**
 * Typed errors of the LLM layer. Every one extends `AgentOSError` and names
 * the endpoint and model, and says what to check.
 * @module
 */
import { AgentOSError, type AgentOSErrorOptions } from '@agentos/policy';
import { CancelledError, TimeoutError } from '@agentos/core';

/** Where a request went: enough to tell which server and model failed. */
export interface LlmTarget {
  /** e.g. `http://127.0.0.1:11434/v1/chat/completions` */
  endpoint: string;
  model: string;
}

/**
 * The server answered with an HTTP error, could not be reached, or sent a
 * body that is not an OpenAI-style answer. `status` is undefined when no
 * HTTP answer arrived.
 * @example
 * ```ts
 * try { await llm.chat({ messages }); }
 * catch (e) { if (e instanceof LlmRequestError && e.status === 429) backOff(); }
 * ```
 */
export class LlmRequestError extends AgentOSError {
  readonly status: number | undefined;
  readonly endpoint: string;
  readonly model: string;
  constructor(target: LlmTarget, status: number | undefined, message: string, options: AgentOSErrorOptions = {}) {
    super(
      'LLM_REQUEST',
      `LLM request to ${target.endpoint} (model "${target.model}") failed${status !== undefined ? ` with HTTP ${status}` : ''}: ${message}`,
      { ...options, hint: options.hint ?? hintFor(target, status), details: { ...options.details, endpoint: target.endpoint, model: target.model, ...(status !== undefined ? { status } : {}) } },
    );
    this.status = status;
    this.endpoint = target.endpoint;
    this.model = target.model;
  }
}

/**
 * No (complete) answer within the time limit. Also an instance of core's
 * `TimeoutError`.
 * @example
 * ```ts
 * const llm = createLlm({ baseURL, model, timeoutMs: 5_000 });
 * // → LlmTimeoutError: LLM request to …/chat/completions (model "m") timed out after 5000 ms
 * ```
 */
export class LlmTimeoutError extends TimeoutError {
  readonly endpoint: string;
  readonly model: string;
  readonly timeoutMs: number;
  constructor(target: LlmTarget, timeoutMs: number, options: AgentOSErrorOptions = {}) {
    super(`LLM request to ${target.endpoint} (model "${target.model}")`, timeoutMs, {
      ...options,
      hint: options.hint ?? 'the server is slow or overloaded: raise timeoutMs, lower maxTokens, or use a smaller model',
      details: { ...options.details, endpoint: target.endpoint, model: target.model, timeoutMs },
    });
    this.endpoint = target.endpoint;
    this.model = target.model;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The caller's `AbortSignal` fired. Also an instance of core's `CancelledError`.
 * @example
 * ```ts
 * const ac = new AbortController();
 * const p = llm.chat({ messages, signal: ac.signal });
 * ac.abort(); // p rejects with LlmCancelledError
 * ```
 */
export class LlmCancelledError extends CancelledError {
  readonly endpoint: string;
  readonly model: string;
  constructor(target: LlmTarget, options: AgentOSErrorOptions = {}) {
    super(`LLM request to ${target.endpoint} (model "${target.model}")`, {
      ...options,
      details: { ...options.details, endpoint: target.endpoint, model: target.model },
    });
    this.endpoint = target.endpoint;
    this.model = target.model;
  }
}

/** One zod problem in a structured reply. */
export interface LlmOutputIssue {
  /** `verdict`, `items[2].name`, or `(root)`. */
  path: string;
  message: string;
}

/**
 * The model's structured reply was still not valid JSON for the schema after
 * every attempt. Carries an excerpt of the last raw reply and the issue paths.
 * @example
 * ```ts
 * catch (e) { if (e instanceof LlmOutputError) console.error(e.issues, e.rawExcerpt); }
 * ```
 */
export class LlmOutputError extends AgentOSError {
  readonly endpoint: string;
  readonly model: string;
  readonly schemaName: string;
  readonly attempts: number;
  /** At most 500 characters of the last reply. */
  readonly rawExcerpt: string;
  readonly issues: ReadonlyArray<LlmOutputIssue>;
  constructor(target: LlmTarget, schemaName: string, attempts: number, raw: string, issues: ReadonlyArray<LlmOutputIssue>, options: AgentOSErrorOptions = {}) {
    const excerpt = raw.length > 500 ? `${raw.slice(0, 500)}…` : raw;
    const first = issues[0];
    super(
      'LLM_OUTPUT',
      `model "${target.model}" at ${target.endpoint} gave no valid "${schemaName}" answer in ${attempts} attempt${attempts === 1 ? '' : 's'}` +
        `${first ? `; last problem at ${first.path}: ${first.message}` : ''}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`,
      {
        ...options,
        hint: options.hint ?? 'use a model that supports structured output (JSON schema), raise maxAttempts or maxTokens, or simplify the schema',
        details: { ...options.details, endpoint: target.endpoint, model: target.model, schemaName, attempts, rawExcerpt: excerpt, issues: issues.map((i) => ({ ...i })) },
      },
    );
    this.endpoint = target.endpoint;
    this.model = target.model;
    this.schemaName = schemaName;
    this.attempts = attempts;
    this.rawExcerpt = excerpt;
    this.issues = issues;
  }
}

/**
 * The LLM configuration is incomplete or invalid (e.g. a missing
 * `AGENTOS_LLM_MODEL`).
 * @example
 * ```ts
 * try { llmFromEnv(); } catch (e) { if (e instanceof LlmConfigError) console.error(e.missing); }
 * ```
 */
export class LlmConfigError extends AgentOSError {
  /** Names of the settings that are missing. */
  readonly missing: ReadonlyArray<string>;
  constructor(message: string, missing: ReadonlyArray<string> = [], options: AgentOSErrorOptions = {}) {
    super('LLM_CONFIG', message, { ...options, details: { ...options.details, missing: [...missing] } });
    this.missing = missing;
  }
}

function hintFor(target: LlmTarget, status: number | undefined): string {
  if (status === undefined) return `is the server at ${target.endpoint} running and reachable? set AGENTOS_LLM_BASE_URL (or baseURL) to the right address`;
  if (status === 401 || status === 403) return 'check the API key (AGENTOS_LLM_API_KEY, or apiKey)';
  if (status === 404) return `check the model name "${target.model}" (AGENTOS_LLM_MODEL) and that the base URL ends with /v1`;
  if (status === 429) return 'rate limited: wait, lower the request rate, or raise your quota';
  if (status === 400 || status === 422) return 'the server rejected the request: check the model supports the features used (tools, JSON schema output) and the token limit';
  if (status >= 500) return 'the server failed: check its logs, or retry later';
  return 'check the server and the request';
}
