/**
 * The dual-LLM sanitizer: two independent judges must both say SAFE.
 * @module
 */
export { createDualLlmSanitizer, DETECTED_LABELS, SANITIZER_ACTION } from './dual-llm.js';
export type { DualLlmSanitizer, DualLlmSanitizerOptions, SanitizerRecord } from './dual-llm.js';
export { formatSanitizerLine } from './format.js';
export {
  JudgeAnswerSchema,
  JUDGE_SCHEMA_NAME,
  DUAL_LLM_JUDGE_PROMPTS,
  buildJudgeMessages,
  dataBoundaryId,
  sha256Hex,
} from './judge-prompt.js';
export type { JudgeAnswer, JudgeCategory, JudgeSource } from './judge-prompt.js';
export { VerdictCache } from './verdict-cache.js';
export type { VerdictCacheOptions } from './verdict-cache.js';
