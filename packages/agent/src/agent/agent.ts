/**
 * `createAgent`: plan → run → look at trusted results → maybe replan (a
 * bounded number of times) → answer from facts.
 * @module
 */
import type { Runtime, RunRecord } from '@agentos/core';
import type { Handoff, Planner, PlannerTurn, PlanResult } from '../planner/index.js';
import { composeAnswer, type ComposeAnswerOptions } from './answer.js';
import { createEventChannel, type AgentEvent, type AnswerEvent } from './events.js';
import { executeWorkflow } from './execute.js';
import type { ToolPhrase } from './phrases.js';

/** Options of {@link createAgent}. */
export interface AgentOptions {
  /** The guarded runtime: every call the agent makes goes through it. */
  runtime: Runtime;
  planner: Planner;
  /** Plans after the first one, per chat turn. Default 2. */
  maxReplans?: number;
  /** Replan when a step failed. Default true. */
  replanOnFailure?: boolean;
  /** Replan when a step was blocked. Default false: a block is a policy decision, not a problem to work around. */
  replanOnBlock?: boolean;
  /** Earlier turns the planner is shown (their trusted view). Default 3. */
  historyTurns?: number;
  /** Phrases for your own tools in answers. */
  phrases?: Readonly<Record<string, ToolPhrase>>;
  /** Name of sessions used for hand-off runs (violations show it). Default `Agent`. */
  name?: string;
  /** How secrets are masked in the results an answer shows (see `composeAnswer`). Default: the built-in rules. */
  redactResults?: ComposeAnswerOptions['redact'];
}

/** Options of one chat turn. */
export interface ChatOptions {
  signal?: AbortSignal;
  /** Results handed over by other agents, with their labels (see `handoffFromRuns`). */
  handoff?: ReadonlyArray<Handoff>;
}

/** One chat turn: stream its events, or await its answer. */
export interface AgentChat extends AsyncIterable<AgentEvent> {
  /** The answer (rejects when planning fails, e.g. `PlanningError`, `LlmRequestError`). */
  readonly result: Promise<AnswerEvent>;
}

/**
 * The agent: plans, runs through the guarded runtime, answers from facts. Made by {@link createAgent}.
 * @example
 * ```ts
 * const agent = createAgent({ runtime, planner: createPlanner({ llm }) });
 * for await (const e of agent.chat('Fix all unhealthy containers and notify me')) {
 *   if (e.type === 'blocked') console.log('⛔', e.tool, e.reason);
 * }
 * const { text } = await agent.ask('Which containers are unhealthy?');
 * ```
 */
export interface Agent {
  readonly runtime: Runtime;
  /** Start a turn; events stream as they happen. */
  chat(message: string, options?: ChatOptions): AgentChat;
  /** A turn, awaited to its answer. */
  ask(message: string, options?: ChatOptions): Promise<AnswerEvent>;
  /** Earlier turns (request and runs), oldest first. */
  history(): ReadonlyArray<PlannerTurn>;
}

/**
 * Create an agent over a guarded runtime.
 *
 * The planner sees the request, the catalogue and trusted results only. The
 * answer is built from the run records (`composeAnswer`): it names what was
 * done, what was not and why, and never claims an action that did not happen.
 *
 * @example
 * ```ts
 * const agent = createAgent({ runtime, planner: createPlanner({ llm: llmFromEnv() }) });
 * for await (const e of agent.chat('Fix all unhealthy containers and notify me')) {
 *   if (e.type === 'blocked') console.log('⛔', e.tool, e.reason);
 *   if (e.type === 'answer') console.log(e.text);
 * }
 * ```
 */
export function createAgent(options: AgentOptions): Agent {
  const { runtime, planner } = options;
  const maxReplans = Math.max(0, Math.floor(options.maxReplans ?? 2));
  const historyTurns = Math.max(0, Math.floor(options.historyTurns ?? 3));
  const turns: PlannerTurn[] = [];
  const isSink: ComposeAnswerOptions['isSink'] = (tool) => {
    const a = runtime.registry.get(tool)?.annotations;
    return a ? a.openWorldHint === true && a.readOnlyHint !== true : ['slack_notify', 'email_send', 'webhook_post'].includes(tool);
  };

  async function turn(message: string, chatOptions: ChatOptions, emit: (e: AgentEvent) => void): Promise<AnswerEvent> {
    const runs: RunRecord[] = [];
    let last: PlanResult | undefined;
    for (let round = 1; round <= maxReplans + 1; round++) {
      if (chatOptions.signal?.aborted) break;
      last = await planner.plan({
        request: message,
        runtime,
        ...(runs.length ? { previous: runs } : {}),
        ...(turns.length && historyTurns ? { history: turns.slice(-historyTurns) } : {}),
        ...(chatOptions.handoff?.length ? { handoff: chatOptions.handoff } : {}),
        ...(chatOptions.signal ? { signal: chatOptions.signal } : {}),
      });
      if (last.action !== 'run' || !last.workflow) break;
      emit({ type: 'plan', round, workflow: last.workflow, attempts: last.attempts, needsResults: last.needsResults });
      const run = await executeWorkflow(runtime, last.workflow, {
        round,
        emit,
        sessionName: options.name ?? 'Agent',
        ...(chatOptions.signal ? { signal: chatOptions.signal } : {}),
        ...(chatOptions.handoff?.length ? { handoff: chatOptions.handoff } : {}),
      });
      runs.push(run);
      if (run.status === 'awaiting_approval' || run.status === 'cancelled') break;
      const steps = Object.values(run.steps);
      const again =
        last.needsResults ||
        (options.replanOnFailure !== false && steps.some((s) => s.status === 'failed')) ||
        (options.replanOnBlock === true && steps.some((s) => s.status === 'blocked'));
      if (!again) break;
    }
    turns.push({ request: message, runs });
    const declined = last && last.action !== 'run' ? last : undefined;
    const nothingRun = declined?.action === 'cannot'
      ? `I could not plan this with the tools I have${declined.note ? ` (the planner said: ${declined.note})` : ''}.`
      : declined?.action === 'done'
        ? 'Nothing needed to be done.'
        : undefined;
    const answer = composeAnswer(runs, {
      isSink,
      ...(options.phrases ? { phrases: options.phrases } : {}),
      ...(nothingRun ? { nothingRun } : {}),
      ...(options.redactResults !== undefined ? { redact: options.redactResults } : {}),
    });
    const event: AnswerEvent = {
      type: 'answer',
      text: answer.text,
      summary: answer.summary,
      runs,
      run: runs.at(-1),
      facts: { done: answer.done, notDone: answer.notDone, results: answer.results },
      ...(declined?.note && runs.length === 0 ? { plannerNote: declined.note } : {}),
    };
    emit(event);
    return event;
  }

  function chat(message: string, chatOptions: ChatOptions = {}): AgentChat {
    const channel = createEventChannel<AgentEvent>();
    const result = turn(message, chatOptions, (e) => channel.push(e));
    result.then(
      () => channel.end(),
      (error: unknown) => channel.end(error),
    );
    result.catch(() => undefined); // surfaced through iteration or `result`
    return { result, [Symbol.asyncIterator]: () => channel[Symbol.asyncIterator]() };
  }

  return Object.freeze({
    runtime,
    chat,
    ask: (message: string, chatOptions?: ChatOptions) => chat(message, chatOptions).result,
    history: () => turns.slice(),
  });
}
