/**
 * Turn whatever the `openai` client threw into one of the typed LLM errors,
 * and decide whether it is worth retrying.
 * @module
 */
import OpenAI from 'openai';
import { isAgentOSError } from '@agentos/policy';
import { LlmCancelledError, LlmRequestError, LlmTimeoutError, type LlmTarget } from './errors.js';

/** Why an attempt ended, as seen by the code that ran it. */
export interface AttemptState {
  /** The caller's signal fired. */
  cancelled: boolean;
  /** Our own per-attempt time limit fired. */
  timedOut: boolean;
  timeoutMs: number;
}

/** A typed error plus whether a new attempt could succeed. */
export interface MappedError {
  error: Error;
  retryable: boolean;
}

/**
 * Map an error from the `openai` client (or fetch) to `LlmCancelledError`,
 * `LlmTimeoutError` or `LlmRequestError`. Connection failures, 408, 409, 429
 * and 5xx are retryable; timeouts and cancellations are not.
 * @example
 * ```ts
 * const { error, retryable } = mapLlmError(e, target, { cancelled: false, timedOut: false, timeoutMs: 1000 });
 * ```
 */
export function mapLlmError(err: unknown, target: LlmTarget, state: AttemptState): MappedError {
  if (state.cancelled) return { error: new LlmCancelledError(target, { cause: err }), retryable: false };
  if (state.timedOut || err instanceof OpenAI.APIConnectionTimeoutError) {
    return { error: new LlmTimeoutError(target, state.timeoutMs, { cause: err }), retryable: false };
  }
  if (isAgentOSError(err)) return { error: err, retryable: false };
  if (err instanceof OpenAI.APIUserAbortError) return { error: new LlmCancelledError(target, { cause: err }), retryable: false };
  if (err instanceof OpenAI.APIConnectionError) {
    const cause = err.cause instanceof Error ? `${err.cause.message}${err.cause.cause instanceof Error ? ` (${err.cause.cause.message})` : ''}` : err.message;
    return { error: new LlmRequestError(target, undefined, `could not connect: ${cause}`, { cause: err }), retryable: true };
  }
  if (err instanceof OpenAI.APIError && typeof err.status === 'number') {
    const status = err.status;
    const body = err.error as { message?: unknown } | undefined;
    const message = typeof body?.message === 'string' ? body.message : err.message.replace(/^\d{3}\s*/, '') || 'no error message';
    return {
      error: new LlmRequestError(target, status, message, { cause: err }),
      retryable: status === 408 || status === 409 || status === 429 || status >= 500,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    error: new LlmRequestError(target, undefined, `the server's answer could not be read: ${message}`, {
      cause: err,
      hint: `is ${target.endpoint} an OpenAI-compatible server? the base URL usually ends with /v1`,
    }),
    retryable: false,
  };
}
