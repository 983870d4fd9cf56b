/**
 * The LLM layer: one small interface over the `openai` package.
 * @module
 */
export { createLlm } from './create-llm.js';
export type { CreateLlmOptions } from './create-llm.js';
export { llmFromEnv } from './from-env.js';
export { LlmRequestError, LlmTimeoutError, LlmCancelledError, LlmOutputError, LlmConfigError } from './errors.js';
export type { LlmTarget, LlmOutputIssue } from './errors.js';
export { toResponseJsonSchema } from './json-schema.js';
export type { ResponseJsonSchema } from './json-schema.js';
export { extractJsonText, parseStructuredReply } from './parse-reply.js';
export type { ParsedReply } from './parse-reply.js';
export type {
  Llm,
  LlmMessage,
  LlmToolSpec,
  LlmToolCall,
  LlmUsage,
  LlmCallOptions,
  LlmChatOptions,
  LlmChatResult,
  LlmFinishReason,
  LlmStreamResult,
  LlmTextStream,
  LlmStructuredOptions,
  LlmStructuredResult,
} from './types.js';
