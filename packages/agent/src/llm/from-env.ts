/**
 * Build an {@link Llm} from environment variables.
 * @module
 */
import { createLlm, type CreateLlmOptions } from './create-llm.js';
import { LlmConfigError } from './errors.js';
import type { Llm } from './types.js';

/**
 * Create an LLM from `<prefix>_BASE_URL`, `<prefix>_API_KEY` and
 * `<prefix>_MODEL` (optional: `<prefix>_TIMEOUT_MS`, `<prefix>_MAX_TOKENS`).
 * The model is required; the base URL defaults to OpenAI (or
 * `OPENAI_BASE_URL`), the key to `OPENAI_API_KEY`, else `'not-needed'`.
 * Throws `LlmConfigError` listing what to set when something is missing.
 * `overrides` win over the environment.
 *
 * @example
 * ```ts
 * // AGENTOS_LLM_BASE_URL=http://127.0.0.1:11434/v1 AGENTOS_LLM_MODEL=llama3.1
 * const llm = llmFromEnv();
 * const judge = llmFromEnv('AGENTOS_JUDGE_B', { name: 'judge-b' });
 * ```
 */
export function llmFromEnv(
  prefix = 'AGENTOS_LLM',
  overrides: Partial<CreateLlmOptions> = {},
  env: Record<string, string | undefined> = process.env,
): Llm {
  const read = (key: string) => {
    const v = env[`${prefix}_${key}`]?.trim();
    return v ? v : undefined;
  };
  const baseURL = overrides.baseURL ?? read('BASE_URL');
  const apiKey = overrides.apiKey ?? read('API_KEY');
  const model = overrides.model ?? read('MODEL');
  if (!model) {
    const missing = [`${prefix}_MODEL`];
    throw new LlmConfigError(
      `no LLM configured: set ${prefix}_MODEL${baseURL ? '' : ` and ${prefix}_BASE_URL`}`,
      baseURL ? missing : [...missing, `${prefix}_BASE_URL`],
      {
        hint:
          `for Ollama: ${prefix}_BASE_URL=http://127.0.0.1:11434/v1 ${prefix}_MODEL=llama3.1; ` +
          `for OpenAI: ${prefix}_MODEL=gpt-4o-mini and ${prefix}_API_KEY (or OPENAI_API_KEY)`,
      },
    );
  }
  const timeoutMs = overrides.timeoutMs ?? numberFrom(read('TIMEOUT_MS'), `${prefix}_TIMEOUT_MS`);
  const maxTokens = overrides.maxTokens ?? numberFrom(read('MAX_TOKENS'), `${prefix}_MAX_TOKENS`);
  return createLlm({
    ...overrides,
    model,
    ...(baseURL !== undefined ? { baseURL } : {}),
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
  });
}

function numberFrom(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new LlmConfigError(`${name} must be a positive number, got "${value}"`, [name]);
  return n;
}
