/**
 * The events `agent.chat()` streams, and the small queue that turns pushed
 * events into an async iterable.
 * @module
 */
import type { Violation } from '@agentos/policy';
import type { PendingApproval, RunRecord, StepStatus, WorkflowJson } from '@agentos/core';
import type { ComposedAnswer } from './answer.js';

/** A plan the agent is about to run. */
export interface PlanEvent {
  type: 'plan';
  /** 1 for the first plan of a request, 2 after the first replan, … */
  round: number;
  workflow: WorkflowJson;
  /** Planner replies it took. */
  attempts: number;
  /** True when the planner asked to see this workflow's results and plan again. */
  needsResults: boolean;
}

/** A step changed status. */
export interface StepEvent {
  type: 'step';
  round: number;
  runId: string;
  stepId: string;
  tool: string;
  status: StepStatus;
  reason?: string;
  /** For succeeded steps: how far the output is trusted. */
  outcome?: 'trusted' | 'untrusted' | 'blocked';
}

/** A call (or its output) was blocked by policy. */
export interface BlockedEvent {
  type: 'blocked';
  round: number;
  runId: string;
  stepId: string;
  tool: string;
  reason: string;
  violation?: Violation;
}

/** A call waits for a person's approval (`runtime.approve(runId, stepId, …)`). */
export interface ApprovalEvent {
  type: 'approval';
  round: number;
  runId: string;
  stepId: string;
  tool: string;
  approval: PendingApproval;
}

/** The end of a chat turn: the answer, built from the run records. */
export interface AnswerEvent {
  type: 'answer';
  text: string;
  /** What was and was not done, without the shown results. */
  summary: string;
  /** Every run of this turn, oldest first. */
  runs: RunRecord[];
  /** The last run, if any. */
  run: RunRecord | undefined;
  facts: Pick<ComposedAnswer, 'done' | 'notDone' | 'results'>;
  /** Set when the planner declined (`cannot`) or ended (`done`) without running anything more. */
  plannerNote?: string;
}

/** Everything `agent.chat()` streams. */
export type AgentEvent = PlanEvent | StepEvent | BlockedEvent | ApprovalEvent | AnswerEvent;

/** A push queue read as an async iterable (one reader). */
export interface EventChannel<T> extends AsyncIterable<T> {
  push(event: T): void;
  /** End the stream; with an error, the reader's next read throws it. */
  end(error?: unknown): void;
}

/**
 * Make a channel. Events pushed before anyone reads are kept.
 * @example
 * ```ts
 * const ch = createEventChannel<number>();
 * ch.push(1); ch.end();
 * for await (const n of ch) console.log(n); // 1
 * ```
 */
export function createEventChannel<T>(): EventChannel<T> {
  const buffer: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  return {
    push(event) {
      if (ended) return;
      buffer.push(event);
      wake?.();
    },
    end(error) {
      if (ended) return;
      ended = true;
      if (error !== undefined) failure = { error };
      wake?.();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (buffer.length) {
          yield buffer.shift()!;
          continue;
        }
        if (ended) {
          if (failure) throw failure.error;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
  };
}
