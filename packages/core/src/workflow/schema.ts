/**
 * Workflow JSON: the interchange format of the builder, the visual editor and
 * the agent planner. The zod schema is the single source of truth.
 * @module
 */
import { z } from 'zod';
import { StepIdSchema, TaintModeSchema, WhenSchema } from '@agentos/policy';

/** Retries with exponential backoff. `attempts` counts the first try. */
export const RetrySchema = z.strictObject({
  attempts: z.number().int().min(1).max(20),
  backoffMs: z.number().int().min(0).max(600_000).optional(),
  factor: z.number().min(1).max(10).optional(),
  maxBackoffMs: z.number().int().min(0).max(3_600_000).optional(),
});
/** A step's retry settings (see {@link RetrySchema}), e.g. `{ attempts: 3, backoffMs: 500 }`. */
export type Retry = z.infer<typeof RetrySchema>;

/** One step: a tool call with arguments that may hold `{{ step.path }}` references. */
export const WorkflowStepSchema = z.strictObject({
  id: StepIdSchema,
  tool: z.string().min(1, 'tool names a registered tool'),
  args: z.record(z.string(), z.unknown()).optional(),
  /** Run only when this holds (all, for a list). A false condition skips the step and its dependants. */
  when: z.union([WhenSchema, z.array(WhenSchema).min(1)]).optional(),
  /** Steps this one waits for, besides those its references already imply. */
  after: z.array(StepIdSchema).optional(),
  retry: RetrySchema.optional(),
  timeoutMs: z.number().int().positive().max(86_400_000).optional(),
  /** A label for people (the builder shows it). */
  title: z.string().optional(),
  /** Canvas position in the visual builder. */
  position: z.strictObject({ x: z.number(), y: z.number() }).optional(),
});
/**
 * One step of workflow JSON (see {@link WorkflowStepSchema}).
 * @example
 * ```ts
 * const restart: WorkflowStep = {
 *   id: 'restart',
 *   tool: 'docker_restart',
 *   args: { container: '{{ health.container }}' },
 *   when: { ref: 'health.status', operator: 'equal', value: 'unhealthy' },
 *   retry: { attempts: 3, backoffMs: 500 },
 * };
 * ```
 */
export type WorkflowStep = z.infer<typeof WorkflowStepSchema>;

/** Container events that can trigger a workflow (delivered by the docker-tools monitor). */
export const CONTAINER_EVENTS = ['unhealthy', 'healthy', 'die', 'oom', 'restart', 'start', 'stop'] as const;

/** What starts a workflow: by hand, on an interval, or on a container event. */
export const TriggerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('manual') }),
  z.strictObject({ type: z.literal('interval'), everyMs: z.number().int().min(1000, 'everyMs is at least 1000 ms') }),
  z.strictObject({
    type: z.literal('event'),
    event: z.enum(CONTAINER_EVENTS),
    /** A container name or glob (`db`, `api-*`); all containers when absent. */
    container: z.string().min(1).optional(),
    /** A Docker host name; all hosts when absent. */
    host: z.string().min(1).optional(),
  }),
]);
/** A workflow trigger (see {@link TriggerSchema}), e.g. `{ type: 'event', event: 'unhealthy', container: 'db' }` or `{ type: 'interval', everyMs: 60_000 }`. */
export type Trigger = z.infer<typeof TriggerSchema>;

/** The current version of the workflow JSON format (its `version` field). */
export const WORKFLOW_FORMAT_VERSION = 1;

/** A whole workflow. */
export const WorkflowSchema = z.strictObject({
  name: z.string().min(1, 'a workflow needs a name'),
  /** Format version of this JSON; currently 1. */
  version: z.literal(WORKFLOW_FORMAT_VERSION).optional(),
  description: z.string().optional(),
  trigger: z.union([TriggerSchema, z.array(TriggerSchema)]).optional(),
  /** Taint mode for runs of this workflow; the runtime's default otherwise. */
  mode: TaintModeSchema.optional(),
  /** Whole-run timeout. */
  timeoutMs: z.number().int().positive().max(86_400_000).optional(),
  steps: z.array(WorkflowStepSchema).min(1, 'a workflow needs at least one step'),
});
/**
 * A workflow as JSON: what `workflow(…).toJSON()` produces, the visual builder saves and the planner writes.
 * Load it against a registry with `loadWorkflow` (or `runtime.load`).
 * @example
 * ```ts
 * const json: WorkflowJson = {
 *   name: 'Database Health Monitor',
 *   version: 1,
 *   trigger: { type: 'event', event: 'unhealthy', container: 'db' },
 *   steps: [
 *     { id: 'health', tool: 'health_check', args: { container: 'db' } },
 *     { id: 'alert', tool: 'slack_notify', args: { text: 'db is {{ health.status }}' } },
 *   ],
 * };
 * ```
 */
export type WorkflowJson = z.infer<typeof WorkflowSchema>;

/** Names a step may reference besides other steps: the run's input and its trigger. */
export const RESERVED_REFS = ['input', 'trigger'] as const;
