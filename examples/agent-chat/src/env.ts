/**
 * The models, from environment variables, and a clear explanation of what
 * to set when they are missing.
 */
import { llmFromEnv, LlmConfigError, type Llm } from '@agentos/agent';

/** The explanation printed when no LLM is configured. */
export function explainLlmSetup(error?: LlmConfigError): string {
  const missing = error?.missing.length ? `\nMissing: ${error.missing.join(', ')}\n` : '';
  return `The AgentOS agent chat needs an OpenAI-compatible LLM endpoint (OpenAI, Ollama, vLLM, llama.cpp server, …).
${missing}
Set these environment variables:
  AGENTOS_LLM_BASE_URL   the server's /v1 URL     (default: OpenAI, https://api.openai.com/v1)
  AGENTOS_LLM_API_KEY    its API key              (default: OPENAI_API_KEY; local servers accept any value)
  AGENTOS_LLM_MODEL      the model name           (required)

Examples:
  Ollama:  AGENTOS_LLM_BASE_URL=http://127.0.0.1:11434/v1 AGENTOS_LLM_MODEL=llama3.1 npm start -w @agentos/example-agent-chat
  OpenAI:  AGENTOS_LLM_API_KEY=sk-… AGENTOS_LLM_MODEL=gpt-4o-mini npm start -w @agentos/example-agent-chat
  vLLM:    AGENTOS_LLM_BASE_URL=http://127.0.0.1:8000/v1 AGENTOS_LLM_MODEL=<served model> npm start -w @agentos/example-agent-chat

Optional: two independent judges for the dual-LLM sanitizer, AGENTOS_JUDGE_A_MODEL and AGENTOS_JUDGE_B_MODEL
(each with its own _BASE_URL and _API_KEY); by default the same model judges twice.

To see the agent work without any LLM service: npm run test:example -w @agentos/example-agent-chat (a scripted local model).`;
}

/** The planner model and the two judges. Throws `LlmConfigError` when the planner model is not configured. */
export function modelsFromEnv(env: Record<string, string | undefined> = process.env): { llm: Llm; judges: [Llm, Llm] } {
  const llm = llmFromEnv('AGENTOS_LLM', {}, env);
  const judge = (prefix: string, name: string) => (env[`${prefix}_MODEL`]?.trim() ? llmFromEnv(prefix, { name }, env) : llmFromEnv('AGENTOS_LLM', { name }, env));
  return { llm, judges: [judge('AGENTOS_JUDGE_A', 'judge-a'), judge('AGENTOS_JUDGE_B', 'judge-b')] };
}
