/**
 * The agent: plan, run through the guarded runtime, answer from facts.
 * @module
 */
export { createAgent } from './agent.js';
export type { Agent, AgentOptions, AgentChat, ChatOptions } from './agent.js';
export { composeAnswer } from './answer.js';
export type { ComposedAnswer, ComposeAnswerOptions, DoneFact, NotDoneFact, ShownResult } from './answer.js';
export { createEventChannel } from './events.js';
export type { AgentEvent, PlanEvent, StepEvent, BlockedEvent, ApprovalEvent, AnswerEvent, EventChannel } from './events.js';
export { executeWorkflow } from './execute.js';
export type { ExecuteOptions } from './execute.js';
export { TOOL_PHRASES, SOURCE_NOUNS, phraseFor, sourceNoun, targetOf, joinAnd } from './phrases.js';
export type { ToolPhrase } from './phrases.js';
