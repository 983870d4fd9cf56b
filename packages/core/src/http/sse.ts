/**
 * A Server-Sent Events stream on a Node response: the right headers, one
 * JSON `data:` line per message, a `: ping` comment on an interval, and a
 * clean close (listeners run once, timers cleared) however it ends.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Options of {@link openSse}. */
export interface SseOptions {
  /** Interval of the `: ping` comment, ms. Default 15000. */
  pingMs?: number;
  /** A client this far behind (bytes buffered) is disconnected. Default 8 MiB. */
  maxBufferedBytes?: number;
  /** Extra response headers (CORS). */
  headers?: Record<string, string>;
}

/** An open SSE stream. */
export interface SseStream {
  /** Send `event: <name>` + `data: <json>`. False once closed. */
  send(event: string, data: unknown): boolean;
  /** Send a comment line (`: text`). */
  comment(text: string): void;
  /** End the stream (idempotent). */
  close(): void;
  /** Run `fn` once when the stream ends (client gone, closed, or the server shutting down). */
  onClose(fn: () => void): void;
  readonly closed: boolean;
}

const EVENT_NAME = /^[A-Za-z0-9:_.-]{1,64}$/;

/**
 * Start an SSE answer on `res`.
 * @example
 * ```ts
 * const stream = openSse(req, res, { pingMs: 15_000 });
 * stream.send('hello', { time: Date.now() });
 * stream.onClose(() => unsubscribe());
 * ```
 */
export function openSse(req: IncomingMessage, res: ServerResponse, options: SseOptions = {}): SseStream {
  const pingMs = options.pingMs ?? 15_000;
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  let closed = false;
  const closers: Array<() => void> = [];
  req.socket.setTimeout(0);
  req.socket.setNoDelay(true);
  res.writeHead(200, {
    ...options.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // Reconnect delay for EventSource, and something to flush the headers through proxies.
  res.write('retry: 2000\n\n');

  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    res.off('close', finish);
    res.off('error', finish);
    for (const fn of closers.splice(0)) fn();
    if (!res.writableEnded) res.end();
  };
  const write = (text: string): boolean => {
    if (closed || res.writableEnded || res.destroyed) {
      finish();
      return false;
    }
    res.write(text);
    if (res.writableLength > maxBuffered) {
      // A client that does not read would make us buffer without bound.
      res.destroy();
      finish();
      return false;
    }
    return true;
  };
  const ping = setInterval(() => write(': ping\n\n'), pingMs);
  ping.unref?.();
  // Only the response's `close` means the client is gone: the request's fires once its body is read.
  res.on('close', finish);
  res.on('error', finish);

  return {
    send(event, data) {
      if (!EVENT_NAME.test(event)) throw new TypeError(`invalid SSE event name "${event}"`);
      // JSON.stringify escapes newlines, so the data is a single line.
      return write(`event: ${event}\ndata: ${JSON.stringify(data ?? null)}\n\n`);
    },
    comment(text) {
      write(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
    },
    close: finish,
    onClose(fn) {
      if (closed) fn();
      else closers.push(fn);
    },
    get closed() {
      return closed;
    },
  };
}
