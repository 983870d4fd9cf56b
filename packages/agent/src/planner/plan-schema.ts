/**
 * The planner's answer: a zod schema (the source of truth) for what the
 * privileged model must reply.
 * @module
 */
import { z } from 'zod';
import { StepIdSchema, WhenSchema } from '@agentos/policy';

/** One planned step. It becomes a step of core's workflow JSON. */
export const PlanStepSchema = z.object({
  id: StepIdSchema,
  tool: z.string().min(1, 'tool names a tool of the catalogue'),
  args: z.record(z.string(), z.unknown()).optional(),
  when: z.union([WhenSchema, z.array(WhenSchema).min(1)]).optional(),
  after: z.array(StepIdSchema).optional(),
  title: z.string().max(200).optional(),
});
/** One planned step. */
export type PlanStep = z.infer<typeof PlanStepSchema>;

/** What the planner decided. */
export const PLAN_ACTIONS = ['run', 'done', 'cannot'] as const;

/**
 * The planner's reply.
 * - `run`: run `workflow`; `needsResults` asks to see its trusted results and plan again;
 * - `done`: nothing more to run;
 * - `cannot`: the request cannot be done with these tools (`note` says why).
 * @example
 * ```ts
 * PlanReplySchema.parse({ action: 'run', workflow: { name: 'Restart db', steps: [{ id: 'r', tool: 'docker_restart', args: { container: 'db' } }] } });
 * ```
 */
export const PlanReplySchema = z
  .object({
    action: z.enum(PLAN_ACTIONS),
    workflow: z
      .object({
        name: z.string().min(1).max(120),
        steps: z.array(PlanStepSchema).min(1, 'a workflow needs at least one step').max(50),
      })
      .nullable()
      .optional(),
    needsResults: z.boolean().optional(),
    note: z.string().max(500).optional(),
  })
  .superRefine((reply, ctx) => {
    if (reply.action === 'run' && !reply.workflow) ctx.addIssue({ code: 'custom', path: ['workflow'], message: 'action "run" needs a workflow' });
  });
/** The planner's reply. */
export type PlanReply = z.infer<typeof PlanReplySchema>;

/** The `schemaName` of the planner's structured output. */
export const PLAN_SCHEMA_NAME = 'workflow_plan';
