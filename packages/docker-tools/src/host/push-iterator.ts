/**
 * A push-driven async iterator: producers `push`, `fail` or `end`; one
 * consumer iterates. Used for event streams of both hosts.
 * @module
 */

/** Producer side plus the iterable. */
export interface PushIterator<T> extends AsyncIterableIterator<T> {
  push(value: T): void;
  /** End the iteration with an error (after queued values are consumed). */
  fail(error: unknown): void;
  /** End the iteration normally (after queued values are consumed). */
  end(): void;
  /** True once ended, failed or returned. */
  readonly closed: boolean;
}

/**
 * Make a {@link PushIterator}. `onReturn` runs once when the consumer stops
 * early (`break`, `return()`) or the iterator ends.
 * @example
 * ```ts
 * const it = createPushIterator<number>();
 * it.push(1); it.end();
 * for await (const n of it) console.log(n);
 * ```
 */
export function createPushIterator<T>(onClose?: () => void): PushIterator<T> {
  const queue: T[] = [];
  let waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  let done = false;
  let error: { e: unknown } | undefined;
  let closedCalled = false;
  const close = () => {
    if (closedCalled) return;
    closedCalled = true;
    onClose?.();
  };
  const settle = () => {
    if (!waiting) return;
    const w = waiting;
    if (queue.length > 0) {
      waiting = undefined;
      w.resolve({ value: queue.shift() as T, done: false });
    } else if (error) {
      waiting = undefined;
      const e = error.e;
      error = undefined;
      w.reject(e);
    } else if (done) {
      waiting = undefined;
      w.resolve({ value: undefined, done: true });
    }
  };
  const it: PushIterator<T> = {
    push(value) {
      if (done) return;
      queue.push(value);
      settle();
    },
    fail(e) {
      if (done) return;
      done = true;
      error = { e };
      close();
      settle();
    },
    end() {
      if (done) return;
      done = true;
      close();
      settle();
    },
    get closed() {
      return done;
    },
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift() as T, done: false });
      if (error) {
        const e = error.e;
        error = undefined;
        return Promise.reject(e);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return() {
      done = true;
      queue.length = 0;
      error = undefined;
      close();
      settle();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
