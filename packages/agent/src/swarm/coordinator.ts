/**
 * The swarm's coordinator: a privileged model that splits a request into
 * assignments for role agents. It sees the request and the roles (names,
 * descriptions, tool names), never any tool output.
 * @module
 */
import { z } from 'zod';
import { StepIdSchema } from '@agentos/policy';
import type { Llm, LlmMessage } from '../llm/index.js';
import { PlanningError, type PlanIssue } from '../planner/index.js';

/** One assignment: a role, a task in words, and earlier assignments whose results it is handed. */
export const AssignmentSchema = z.object({
  id: StepIdSchema,
  role: z.string().min(1),
  task: z.string().min(1).max(2_000),
  receives: z.array(StepIdSchema).optional(),
});
/** One assignment. */
export type Assignment = z.infer<typeof AssignmentSchema>;

/** The coordinator's reply. No assignments means the request cannot be done by these roles (`note` says why). */
export const CoordinatorReplySchema = z.object({
  assignments: z.array(AssignmentSchema).max(20),
  note: z.string().max(500).optional(),
});
/** The coordinator's reply. */
export type CoordinatorReply = z.infer<typeof CoordinatorReplySchema>;

/** What the coordinator knows of a role. */
export interface RoleCard {
  name: string;
  description: string;
  tools: ReadonlyArray<string>;
}

/** The coordinator's fixed rules. */
export const COORDINATOR_RULES = `You are the coordinator of an AgentOS swarm for safe Docker operations. You split the user's request into assignments for role agents, in the order they must run. You never run tools and never see tool output.

Each role can use only its own tools: the runtime enforces it, so never give a role a task its tools cannot do.
An assignment can receive the results of earlier assignments ("receives": ["<earlier id>"]). Results are handed over with their trust labels: a role sees only their trusted parts (statuses, names), and untrusted data (such as container logs) stays untrusted, so a notifier handed it will be blocked from sending it. Ask notifiers to send only trusted facts; the user sees all results on screen.

Reply with one JSON object and nothing else:
{"assignments": [{"id": "investigate", "role": "<role name>", "task": "<what to do, in plain words>", "receives": []}], "note": "<optional short sentence>"}
Ids use letters, digits, _ and -, and start with a letter. Use no assignments when no role can do the request, and say why in "note".`;

/** The messages of one coordination call. */
export function buildCoordinatorMessages(request: string, roles: ReadonlyArray<RoleCard>): LlmMessage[] {
  const cards = roles.map((r) => `- ${r.name}: ${r.description}\n  tools: ${r.tools.join(', ') || '(none)'}`).join('\n');
  return [
    { role: 'system', content: `${COORDINATOR_RULES}\n\n## Roles\n\n${cards}` },
    { role: 'user', content: `Request: ${request}` },
  ];
}

/** Problems with a reply: unknown roles, duplicate ids, hand-offs from later or unknown assignments. */
export function checkAssignments(reply: CoordinatorReply, roles: ReadonlyArray<RoleCard>, maxAssignments: number): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const names = new Set(roles.map((r) => r.name));
  const seen = new Set<string>();
  if (reply.assignments.length > maxAssignments) issues.push({ path: 'assignments', message: `at most ${maxAssignments} assignments` });
  reply.assignments.forEach((a, i) => {
    if (!names.has(a.role)) issues.push({ path: `assignments[${i}].role`, message: `unknown role "${a.role}" (roles: ${[...names].join(', ')})` });
    if (seen.has(a.id)) issues.push({ path: `assignments[${i}].id`, message: `duplicate id "${a.id}"` });
    (a.receives ?? []).forEach((r, j) => {
      if (!seen.has(r)) issues.push({ path: `assignments[${i}].receives[${j}]`, message: `"${r}" is not an earlier assignment` });
    });
    seen.add(a.id);
  });
  return issues;
}

/**
 * Ask the coordinator for assignments; invalid replies go back with their
 * problems, at most `maxAttempts` times (then `PlanningError`).
 */
export async function coordinate(
  llm: Llm,
  request: string,
  roles: ReadonlyArray<RoleCard>,
  options: { maxAttempts?: number; maxAssignments?: number; signal?: AbortSignal } = {},
): Promise<CoordinatorReply & { attempts: number }> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
  const messages = buildCoordinatorMessages(request, roles);
  let issues: PlanIssue[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const { value } = await llm.structured({
      messages,
      schema: CoordinatorReplySchema,
      schemaName: 'swarm_assignments',
      maxAttempts: 2,
      temperature: 0,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    issues = checkAssignments(value, roles, options.maxAssignments ?? 8);
    if (issues.length === 0) return { ...value, attempts: attempt };
    messages.push(
      { role: 'assistant', content: JSON.stringify(value) },
      { role: 'user', content: `Those assignments are not valid:\n${issues.map((i) => `- at ${i.path}: ${i.message}`).join('\n')}\nReply again with corrected assignments as one JSON object.` },
    );
  }
  throw new PlanningError(maxAttempts, issues, { subject: 'the coordinator gave no valid assignments' });
}
