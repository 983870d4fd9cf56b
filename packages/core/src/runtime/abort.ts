/**
 * Timeouts and cancellation helpers.
 * @internal
 */
import { CancelledError, TimeoutError } from '../errors.js';

/** A signal aborted by any of `signals`, or after `ms` (with a {@link TimeoutError} reason). */
export function linkedSignal(signals: ReadonlyArray<AbortSignal | undefined>, ms: number | undefined, what: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const cleanups: Array<() => void> = [];
  for (const s of signals) {
    if (!s) continue;
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    const on = () => controller.abort(s.reason);
    s.addEventListener('abort', on, { once: true });
    cleanups.push(() => s.removeEventListener('abort', on));
  }
  if (ms !== undefined && !controller.signal.aborted) {
    const t = setTimeout(() => controller.abort(new TimeoutError(what, ms)), ms);
    t.unref?.();
    cleanups.push(() => clearTimeout(t));
  }
  return { signal: controller.signal, dispose: () => cleanups.forEach((c) => c()) };
}

/** Reject when `signal` aborts, with its reason as a typed error. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal, what));
  return new Promise<T>((resolve, reject) => {
    const on = () => reject(abortError(signal, what));
    signal.addEventListener('abort', on, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', on);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', on);
        reject(e);
      },
    );
  });
}

/** The abort reason as a typed error. */
export function abortError(signal: AbortSignal, what: string): Error {
  const r = signal.reason;
  if (r instanceof TimeoutError || r instanceof CancelledError) return r;
  return new CancelledError(what, { cause: r });
}

/** Sleep, cut short by `signal`. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal, 'wait'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', on);
      resolve();
    }, ms);
    const on = () => {
      clearTimeout(t);
      reject(abortError(signal!, 'wait'));
    };
    signal?.addEventListener('abort', on, { once: true });
  });
}
