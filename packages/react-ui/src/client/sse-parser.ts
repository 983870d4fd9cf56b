/**
 * An incremental Server-Sent Events parser (the WHATWG event-stream format):
 * feed it text as it arrives, get complete messages back. Browser-safe.
 * @module
 */

/** One complete SSE message. */
export interface SseMessage {
  /** `event:` field; `message` when absent. */
  event: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** `id:` field, when sent. */
  id?: string;
}

/**
 * Parses an event stream chunk by chunk. Handles `\n`, `\r\n` and `\r` line
 * ends split across chunks, comments (`: ping`), and multi-line data.
 * @example
 * ```ts
 * const parser = new SseParser();
 * parser.push('event: hello\ndata: {"time":1}\n\n'); // [{ event: 'hello', data: '{"time":1}' }]
 * ```
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;
  private sawCR = false;
  /** The last `retry:` value sent by the server, ms. */
  retryMs: number | undefined;

  /** Feed text; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    let text = chunk;
    // A `\r\n` split across chunks: drop the `\n` that follows a `\r` we already ended a line at.
    if (this.sawCR && text.startsWith('\n')) text = text.slice(1);
    this.sawCR = false;
    this.buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (ch === '\r') {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === '\n') i++;
        } else {
          this.sawCR = true;
        }
      }
      start = i + 1;
      const message = this.line(line);
      if (message) out.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = '';
        return undefined;
      }
      const message: SseMessage = { event: this.event || 'message', data: this.data.join('\n'), ...(this.id !== undefined ? { id: this.id } : {}) };
      this.event = '';
      this.data = [];
      return message;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\u0000')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return undefined;
  }
}

/**
 * Read a fetch response body as SSE messages.
 * @example
 * ```ts
 * for await (const m of readSse(response.body!)) console.log(m.event, JSON.parse(m.data));
 * ```
 */
export async function* readSse(body: ReadableStream<Uint8Array>, parser: SseParser = new SseParser()): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const m of parser.push(decoder.decode(value, { stream: true }))) yield m;
    }
    // An event left incomplete at the end of the stream is dropped, as the standard says.
    for (const m of parser.push(decoder.decode())) yield m;
  } finally {
    // Stops the download when the consumer leaves early.
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
