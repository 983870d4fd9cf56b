/**
 * `useViolations`: the violation log, loaded once and extended live.
 * @module
 */
import { useCallback, useEffect, useState } from 'react';
import type { Violation, ViolationQuery } from '../client/index.js';
import { useAgentOs, useAgentOsEvents } from '../context/provider.js';
import { asError } from './use-load.js';

/** What {@link useViolations} returns. */
export interface ViolationsState {
  /** Newest first. */
  violations: Violation[];
  loading: boolean;
  error: Error | undefined;
  refresh: () => void;
}

/**
 * Whether a violation passes a query (the same test the server applies).
 * @example matchesQuery(v, { tool: 'slack_notify' })
 */
export function matchesQuery(v: Violation, q: ViolationQuery): boolean {
  return (q.workflow === undefined || v.workflow === q.workflow) && (q.tool === undefined || v.tool === q.tool) && (q.since === undefined || v.time >= q.since);
}

/**
 * Blocked and sanitized calls, newest first, updated as they happen.
 * @param query passed to `GET /violations` and applied to live ones too. Default limit 200.
 * @example
 * ```tsx
 * const { violations } = useViolations({ tool: 'slack_notify' });
 * ```
 */
export function useViolations(query: ViolationQuery = {}): ViolationsState {
  const { client } = useAgentOs();
  const { workflow, tool, since } = query;
  const limit = query.limit ?? 200;
  const [state, setState] = useState<Omit<ViolationsState, 'refresh'>>({ violations: [], loading: true, error: undefined });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    const q: ViolationQuery = { limit, ...(workflow !== undefined ? { workflow } : {}), ...(tool !== undefined ? { tool } : {}), ...(since !== undefined ? { since } : {}) };
    client.violations(q, { signal: controller.signal }).then(
      (r) => {
        if (controller.signal.aborted) return;
        // Keep live ones that arrived while loading.
        setState((s) => ({ violations: merge(s.violations.filter((v) => matchesQuery(v, q)), r.violations, limit), loading: false, error: undefined }));
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ ...s, loading: false, error: asError(e) }));
      },
    );
    return () => controller.abort();
  }, [client, workflow, tool, since, limit, tick]);
  useAgentOsEvents((e) => {
    if (e.type !== 'violation') return;
    const v = e.data.violation;
    if (!matchesQuery(v, { workflow, tool, since })) return;
    setState((s) => ({ ...s, violations: merge([v], s.violations, limit) }));
  });
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, refresh };
}

/** Union by id, newest first, at most `limit`. */
function merge(a: Violation[], b: Violation[], limit: number): Violation[] {
  const byId = new Map<string, Violation>();
  for (const v of [...a, ...b]) if (!byId.has(v.id)) byId.set(v.id, v);
  return [...byId.values()].sort((x, y) => y.time - x.time).slice(0, limit);
}
