/**
 * Loading data once per key, with its error kept for the view to show.
 * @module
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** What {@link useLoad} returns. */
export interface LoadState<T> {
  data: T | undefined;
  loading: boolean;
  /** Why loading failed; views show it (nothing is swallowed). */
  error: Error | undefined;
  /** Load again. */
  reload: () => void;
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * Run `load` when `key` changes (and on `reload()`); stale answers are dropped.
 * @example const { data: tools, error } = useLoad(() => client.tools(), [client]);
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: ReadonlyArray<unknown>): LoadState<T> {
  const [state, setState] = useState<{ data: T | undefined; loading: boolean; error: Error | undefined }>({ data: undefined, loading: true, error: undefined });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false, error: undefined });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ data: s.data, loading: false, error: asError(e) }));
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Make any thrown value an Error. */
export { asError };
