/**
 * The contract between the policy engine and a sanitizer (the dual-LLM one
 * lives in `@agentos/agent`). The engine itself never calls it: it is pure.
 * The runtime calls the sanitizer when {@link OutputDecision.outcome} is
 * `needs_sanitizer`, then asks the engine again with the verdict.
 * @module
 */

/** What the runtime hands the engine after sanitizing. */
export type SanitizerVerdict = 'safe' | 'suspicious' | 'error' | 'timeout' | 'unavailable';

/** A request to judge one output. `content` is data, never instructions. */
export interface SanitizeRequest {
  /** The output as text (JSON for structured outputs). */
  content: string;
  tool: string;
  step: string;
  signal?: AbortSignal;
}

/** One judge's answer. */
export interface JudgeVerdict {
  judge: string;
  verdict: 'safe' | 'suspicious' | 'error';
  reason?: string;
}

/** A sanitizer's answer. Anything but `safe` blocks the output. */
export interface SanitizeResult {
  verdict: 'safe' | 'suspicious';
  /** What was found, for the violation log ("Potential prompt injection attempt"). */
  detected?: string;
  judges?: JudgeVerdict[];
  cached?: boolean;
}

/**
 * Judges outputs under `sanitize_with_dual_llm`. Implemented by `createDualLlmSanitizer`
 * in `@agentos/agent`, or by your own; pass it to `createRuntime({ sanitizer })`.
 * Anything but a `safe` verdict (including a throw) blocks the output.
 * @example
 * ```ts
 * const strict: Sanitizer = {
 *   sanitize: async ({ content }) =>
 *     /ignore (all )?previous instructions/i.test(content) ? { verdict: 'suspicious', detected: 'Potential prompt injection attempt' } : { verdict: 'safe' },
 * };
 * ```
 */
export interface Sanitizer {
  sanitize(request: SanitizeRequest): Promise<SanitizeResult>;
}
