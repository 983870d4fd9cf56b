/**
 * `createSwarm`: a coordinator hands sub-tasks to role agents. Each role runs
 * on its own runtime whose registry holds only the role's tools (same
 * policies, sanitizer and stores), and results pass between roles with their
 * labels, so taint follows the data from agent to agent.
 * @module
 */
import { AgentOSError, StepIdSchema } from '@agentos/policy';
import {
  createMemoryRunStore,
  createMemoryViolationStore,
  createRuntime,
  type Runtime,
  type RuntimeOptions,
  type RuntimeStores,
  type ToolRegistry,
} from '@agentos/core';
import type { Llm } from '../llm/index.js';
import { createPlanner, handoffFromRuns, type Planner } from '../planner/index.js';
import { createAgent, createEventChannel, type Agent, type AgentEvent, type AnswerEvent } from '../agent/index.js';
import { coordinate, type Assignment, type RoleCard } from './coordinator.js';
import { RoleToolRegistry } from './role-registry.js';

/** A role of the swarm. */
export interface SwarmRole {
  /** Letters, digits, `_` and `-` (e.g. `investigator`). */
  name: string;
  /** What the role is for; the coordinator and the role's planner read it. */
  description: string;
  /** Names of the tools (in the base registry) this role may call. Nothing else exists for it. */
  tools: ReadonlyArray<string>;
  /** Its planner. Default: `createPlanner({ llm })` told which role it plays. */
  planner?: Planner;
}

/** Options of {@link createSwarm}. */
export interface SwarmOptions {
  /** What every role shares: the base registry, the policies, the sanitizer, the stores. */
  base: RuntimeOptions;
  roles: ReadonlyArray<SwarmRole>;
  /** The coordinator's model (and the default role planners'). */
  llm: Llm;
  /** Most assignments per request. Default 8. */
  maxAssignments?: number;
  /** Coordinator replies tried before `PlanningError`. Default 3. */
  maxAttempts?: number;
  /** Replans per assignment (see `createAgent`). Default 1. */
  maxReplans?: number;
}

/** What happened to one assignment. */
export interface AssignmentResult {
  assignment: Assignment;
  /** The role's answer, when it ran. */
  answer?: AnswerEvent;
  /** Why the role could not do it (e.g. it could not plan the task with its tools). */
  error?: Error;
}

/** Everything a swarm run streams. */
export type SwarmEvent =
  | { type: 'assignments'; assignments: Assignment[]; note?: string }
  | { type: 'role'; assignment: string; role: string; event: AgentEvent }
  | { type: 'role_error'; assignment: string; role: string; error: Error }
  | { type: 'answer'; text: string; results: AssignmentResult[] };

/** The final event of a swarm run. */
export type SwarmAnswer = Extract<SwarmEvent, { type: 'answer' }>;

/** A swarm run: stream its events or await its answer. */
export interface SwarmRun extends AsyncIterable<SwarmEvent> {
  readonly result: Promise<SwarmAnswer>;
}

/** A role, ready to work. */
export interface SwarmMember {
  role: SwarmRole;
  /** The role's own runtime: its registry is the role's view. */
  runtime: Runtime;
  agent: Agent;
}

/**
 * The swarm: a coordinator and role agents whose tool sets the runtime enforces. Made by {@link createSwarm}.
 * @example
 * ```ts
 * const swarm = createSwarm({ base: { registry, policies: recommendedPolicies }, llm, roles: defaultSwarmRoles(registry) });
 * for await (const e of swarm.run('Fix all unhealthy containers and notify me')) {
 *   if (e.type === 'answer') console.log(e.text);
 * }
 * ```
 */
export interface Swarm {
  readonly members: Readonly<Record<string, SwarmMember>>;
  /** Stores shared by every role (violations from all roles land in one log). */
  readonly stores: RuntimeStores;
  run(request: string, options?: { signal?: AbortSignal }): SwarmRun;
  ask(request: string, options?: { signal?: AbortSignal }): Promise<SwarmAnswer>;
}

/**
 * The usual three roles, keeping only tools the registry has:
 * - investigator: read-only tools and quarantined analysis;
 * - fixer: restart, start and stop (and status, to check its work);
 * - notifier: the sinks.
 * @example
 * ```ts
 * const swarm = createSwarm({ base: { registry, policies, sanitizer }, llm, roles: defaultSwarmRoles(registry) });
 * ```
 */
export function defaultSwarmRoles(registry: Pick<ToolRegistry, 'has'>): SwarmRole[] {
  const keep = (names: string[]) => names.filter((n) => registry.has(n));
  return [
    {
      name: 'investigator',
      description: 'Finds out what is wrong: lists containers, reads status, health and logs, and analyses logs with quarantined AI. Changes nothing.',
      tools: keep(['docker_list', 'docker_status', 'docker_inspect', 'docker_logs', 'health_check', 'docker_stats', 'ai_analyze']),
    },
    {
      name: 'fixer',
      description: 'Fixes containers: restarts, starts or stops them by name, and checks their status afterwards.',
      tools: keep(['docker_restart', 'docker_start', 'docker_stop', 'docker_status']),
    },
    {
      name: 'notifier',
      description: 'Tells people what happened through Slack, email or webhooks. It can only send trusted facts.',
      tools: keep(['slack_notify', 'email_send', 'webhook_post']),
    },
  ];
}

function checkRoles(roles: ReadonlyArray<SwarmRole>, registry: ToolRegistry): void {
  if (roles.length === 0) throw new AgentOSError('SWARM_CONFIG', 'a swarm needs at least one role', { path: ['roles'] });
  const seen = new Set<string>();
  roles.forEach((r, i) => {
    if (!StepIdSchema.safeParse(r.name).success) {
      throw new AgentOSError('SWARM_CONFIG', `role name "${r.name}" is not allowed`, { path: ['roles', i, 'name'], hint: 'use letters, digits, _ and -, starting with a letter' });
    }
    if (seen.has(r.name)) throw new AgentOSError('SWARM_CONFIG', `two roles are named "${r.name}"`, { path: ['roles', i, 'name'] });
    seen.add(r.name);
    r.tools.forEach((t, j) => {
      if (!registry.has(t)) {
        throw new AgentOSError('SWARM_CONFIG', `role "${r.name}" names tool "${t}", which is not in the registry`, {
          path: ['roles', i, 'tools', j],
          hint: 'register the tool in the base registry, or remove it from the role',
        });
      }
    });
  });
}

/**
 * Create a swarm.
 *
 * Role limits are enforced by the runtime, not by prompts: each role's
 * runtime holds a {@link RoleToolRegistry} with only its tools, so a plan
 * naming another tool is invalid and a call to it fails as an unknown tool.
 * Hand-offs carry labels: a notifier handed an investigator's untrusted
 * finding is blocked from sending it.
 *
 * @example
 * ```ts
 * const swarm = createSwarm({ base: { registry, policies: recommendedPolicies.extend(aiAnalyzePolicies), sanitizer }, llm, roles: defaultSwarmRoles(registry) });
 * const { text } = await swarm.ask('Fix all unhealthy containers and notify me');
 * ```
 */
export function createSwarm(options: SwarmOptions): Swarm {
  const { base, llm } = options;
  checkRoles(options.roles, base.registry);
  const stores: RuntimeStores = {
    runs: base.stores?.runs ?? createMemoryRunStore(),
    violations: base.stores?.violations ?? createMemoryViolationStore(),
  };
  const members: Record<string, SwarmMember> = {};
  for (const role of options.roles) {
    const runtime = createRuntime({ ...base, registry: new RoleToolRegistry(base.registry, role.tools), stores });
    const planner =
      role.planner ??
      createPlanner({
        llm,
        instructions: `You are the ${role.name} role of a swarm: ${role.description} You can only use the tools listed above; if your task needs any other tool, answer "cannot".`,
      });
    const agent = createAgent({ runtime, planner, name: `Swarm: ${role.name}`, maxReplans: options.maxReplans ?? 1 });
    members[role.name] = { role, runtime, agent };
  }
  const cards: RoleCard[] = options.roles.map((r) => ({ name: r.name, description: r.description, tools: r.tools }));

  async function work(request: string, signal: AbortSignal | undefined, emit: (e: SwarmEvent) => void): Promise<SwarmAnswer> {
    const plan = await coordinate(llm, request, cards, {
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.maxAssignments !== undefined ? { maxAssignments: options.maxAssignments } : {}),
      ...(signal ? { signal } : {}),
    });
    emit({ type: 'assignments', assignments: plan.assignments, ...(plan.note ? { note: plan.note } : {}) });
    const results: AssignmentResult[] = [];
    const byId = new Map<string, AssignmentResult>();
    for (const assignment of plan.assignments) {
      if (signal?.aborted) break;
      const member = members[assignment.role]!;
      const handoff = (assignment.receives ?? []).flatMap((id) => {
        const from = byId.get(id);
        return from?.answer ? [handoffFromRuns(id, from.answer.runs, `results of the ${from.assignment.role} (assignment "${id}")`)] : [];
      });
      const result: AssignmentResult = { assignment };
      try {
        const chat = member.agent.chat(assignment.task, { ...(handoff.length ? { handoff } : {}), ...(signal ? { signal } : {}) });
        for await (const event of chat) emit({ type: 'role', assignment: assignment.id, role: assignment.role, event });
        result.answer = await chat.result;
      } catch (e) {
        result.error = e instanceof Error ? e : new Error(String(e));
        emit({ type: 'role_error', assignment: assignment.id, role: assignment.role, error: result.error });
      }
      results.push(result);
      byId.set(assignment.id, result);
    }
    const text = results.length
      ? results
          .map((r) => `${r.assignment.role} (${r.assignment.id}): ${r.answer ? r.answer.text : `could not do its task: ${r.error?.message ?? 'unknown error'}`}`)
          .join('\n\n')
      : `No role could do this${plan.note ? ` (the coordinator said: ${plan.note})` : ''}.`;
    const answer: SwarmAnswer = { type: 'answer', text, results };
    emit(answer);
    return answer;
  }

  function run(request: string, runOptions: { signal?: AbortSignal } = {}): SwarmRun {
    const channel = createEventChannel<SwarmEvent>();
    const result = work(request, runOptions.signal, (e) => channel.push(e));
    result.then(
      () => channel.end(),
      (error: unknown) => channel.end(error),
    );
    result.catch(() => undefined);
    return { result, [Symbol.asyncIterator]: () => channel[Symbol.asyncIterator]() };
  }

  return Object.freeze({ members, stores, run, ask: (request: string, o?: { signal?: AbortSignal }) => run(request, o).result });
}
