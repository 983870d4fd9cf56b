/**
 * The privileged planner: request + catalogue + trusted results → workflow JSON.
 * @module
 */
export { createPlanner, PlanningError } from './planner.js';
export type { Planner, PlannerOptions, PlanOptions, PlanResult, PlanIssue, PlannerRuntime } from './planner.js';
export { PlanReplySchema, PlanStepSchema, PLAN_ACTIONS, PLAN_SCHEMA_NAME } from './plan-schema.js';
export type { PlanReply, PlanStep } from './plan-schema.js';
export { buildPlannerMessages, PLANNER_RULES } from './prompt.js';
export type { PlannerInput, PlannerTurn } from './prompt.js';
export { renderCatalogue } from './catalogue.js';
export type { RenderCatalogueOptions } from './catalogue.js';
export {
  projectTrusted,
  handleOf,
  describeRunForPlanner,
  describeStepForPlanner,
  HIDDEN_REST_KEY,
  PLANNER_SAFE_ERROR_CODES,
} from './trusted-view.js';
export type { PlannerViewOptions, TrustedProjection } from './trusted-view.js';
export { handoffFromRuns, handoffInput, describeHandoffsForPlanner } from './handoff.js';
export type { Handoff, HandoffStep } from './handoff.js';
