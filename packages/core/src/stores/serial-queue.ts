/**
 * A promise queue that runs async tasks one at a time, in call order.
 * @module
 */

/** Runs tasks one after another; a failed task does not stop the ones after it. */
export interface SerialQueue {
  /** Queue `task`; resolves or rejects with its result once every earlier task has settled. */
  run<T>(task: () => Promise<T> | T): Promise<T>;
  /** Resolves when every task queued so far has settled. */
  idle(): Promise<void>;
}

/**
 * Create a {@link SerialQueue}.
 * @example
 * ```ts
 * const q = createSerialQueue();
 * await Promise.all([q.run(() => write('a')), q.run(() => write('b'))]); // 'a' is written before 'b' starts
 * ```
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T> | T): Promise<T> {
      const result = tail.then(() => task());
      // The next task waits for this one to settle, whatever its outcome;
      // the caller still sees the rejection through `result`.
      tail = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
    idle(): Promise<void> {
      return tail.then(() => undefined);
    },
  };
}
