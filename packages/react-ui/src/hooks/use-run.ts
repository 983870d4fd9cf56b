/**
 * `useRun`: follow one run live — its status and each step's.
 * @module
 */
import { useEffect, useState } from 'react';
import { useAgentOs } from '../context/provider.js';
import { applyRunEvent, applyRunRecord, emptyRunState, type RunState } from './run-state.js';
import { asError } from './use-load.js';

/** What {@link useRun} returns. */
export interface UseRunResult {
  /** Undefined until a run id is given. */
  state: RunState | undefined;
  /** Why the stored record could not be loaded (live events still apply). */
  error: Error | undefined;
}

/**
 * Follow a run: events already received are replayed, later ones applied
 * as they come, and the stored record is fetched to fill any gap.
 * @example
 * ```tsx
 * const { state } = useRun(runId);
 * state?.steps.notify?.status; // 'blocked'
 * ```
 */
export function useRun(runId: string | undefined): UseRunResult {
  const { client, hub } = useAgentOs();
  const [state, setState] = useState<RunState | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  useEffect(() => {
    setError(undefined);
    if (!runId) {
      setState(undefined);
      return;
    }
    let s = emptyRunState(runId);
    for (const e of hub.recent()) s = applyRunEvent(s, e);
    setState(s);
    const off = hub.listen((e) => setState((cur) => (cur && cur.runId === runId ? applyRunEvent(cur, e) : cur)));
    const controller = new AbortController();
    client.runs.get(runId, { signal: controller.signal }).then(
      (run) => {
        if (!controller.signal.aborted) setState((cur) => (cur && cur.runId === runId ? applyRunRecord(cur, run) : cur));
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(asError(e));
      },
    );
    return () => {
      off();
      controller.abort();
    };
  }, [client, hub, runId]);
  return { state, error };
}
