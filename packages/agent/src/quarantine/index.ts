/**
 * Quarantined LLM calls: `ai_analyze`, extraction tools and the AI fix
 * suggestion. They read untrusted text, have no tools, and their outputs
 * carry the labels of their inputs.
 * @module
 */
export { runQuarantined, buildQuarantineMessages, clipTail, QUARANTINE_SYSTEM_PROMPT } from './quarantine.js';
export type { QuarantinedCallOptions } from './quarantine.js';
export {
  createAiAnalyze,
  AiAnalyzeInputSchema,
  AiAnalysisSchema,
  RootCauseSchema,
  SeveritySchema,
  ROOT_CAUSES,
  AI_ANALYSIS_CONSTRAINED_FIELDS,
} from './ai-analyze.js';
export type { AiAnalyzeOptions, AiAnalyzeTool, AiAnalyzeInput, AiAnalysis, RootCause, Severity } from './ai-analyze.js';
export { createExtract, extract, ExtractInputSchema } from './extract.js';
export type { CreateExtractOptions, ExtractOptions, ExtractInput, Labelled } from './extract.js';
export { suggestFix, createAiFixSuggestion, FixSuggestionSchema, FixSuggestionInputSchema, FIX_SUGGESTION_SOURCE } from './fix-suggestion.js';
export type { FixSuggestion, FixSuggestionInput, FixSuggestionOptions, FixSuggestionTool, LabelledFixSuggestion } from './fix-suggestion.js';
export { aiAnalyzePolicies, quarantinePolicies } from './policies.js';
export type { QuarantinePolicyOptions } from './policies.js';
