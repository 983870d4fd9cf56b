/**
 * `useApprovals`: steps waiting for a person, kept current from live events,
 * with approve and reject.
 * @module
 */
import { useCallback, useEffect, useState } from 'react';
import type { PendingApproval } from '../client/index.js';
import { useAgentOs, useAgentOsEvents } from '../context/provider.js';
import { asError } from './use-load.js';

/** What {@link useApprovals} returns. */
export interface ApprovalsState {
  approvals: PendingApproval[];
  loading: boolean;
  error: Error | undefined;
  /** Approve a step (signed with the provider's `user`). Rejects with the server's error. */
  approve: (a: Pick<PendingApproval, 'runId' | 'stepId'>) => Promise<void>;
  /** Reject a step. Rejects with the server's error. */
  reject: (a: Pick<PendingApproval, 'runId' | 'stepId'>, reason?: string) => Promise<void>;
  refresh: () => void;
}

const same = (a: Pick<PendingApproval, 'runId' | 'stepId'>, b: Pick<PendingApproval, 'runId' | 'stepId'>) => a.runId === b.runId && a.stepId === b.stepId;

/**
 * Pending approvals (optionally of one run).
 * @example
 * ```tsx
 * const { approvals, approve } = useApprovals();
 * approvals.map((a) => <button onClick={() => approve(a)}>Approve {a.tool}</button>);
 * ```
 */
export function useApprovals(options: { runId?: string } = {}): ApprovalsState {
  const { client, user } = useAgentOs();
  const runId = options.runId;
  const [state, setState] = useState<{ approvals: PendingApproval[]; loading: boolean; error: Error | undefined }>({ approvals: [], loading: true, error: undefined });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    client.approvals.list({ signal: controller.signal }).then(
      (list) => {
        if (controller.signal.aborted) return;
        setState((s) => {
          const merged = [...list];
          for (const a of s.approvals) if (!merged.some((b) => same(a, b))) merged.push(a);
          return { approvals: merged, loading: false, error: undefined };
        });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ ...s, loading: false, error: asError(e) }));
      },
    );
    return () => controller.abort();
  }, [client, tick]);
  const drop = useCallback((pred: (a: PendingApproval) => boolean) => setState((s) => ({ ...s, approvals: s.approvals.filter((a) => !pred(a)) })), []);
  useAgentOsEvents((e) => {
    if (e.type === 'step:approval') {
      const a = e.data.approval;
      setState((s) => ({ ...s, approvals: [...s.approvals.filter((b) => !same(a, b)), a] }));
    } else if (e.type === 'step:end' && e.data.step.status !== 'awaiting_approval') {
      drop((a) => same(a, e.data));
    } else if (e.type === 'run:end') {
      drop((a) => a.runId === e.data.run.id);
    }
  });
  const approve = useCallback(
    async (a: Pick<PendingApproval, 'runId' | 'stepId'>) => {
      await client.approvals.approve(a.runId, a.stepId, user);
      drop((b) => same(a, b));
    },
    [client, user, drop],
  );
  const reject = useCallback(
    async (a: Pick<PendingApproval, 'runId' | 'stepId'>, reason?: string) => {
      await client.approvals.reject(a.runId, a.stepId, user, reason);
      drop((b) => same(a, b));
    },
    [client, user, drop],
  );
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const approvals = runId === undefined ? state.approvals : state.approvals.filter((a) => a.runId === runId);
  return { ...state, approvals, approve, reject, refresh };
}
