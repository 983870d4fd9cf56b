/**
 * Line-buffered NDJSON parsing for Docker's event and stats streams, whose
 * chunks split lines (and multi-byte characters) anywhere.
 * @module
 */
import { StringDecoder } from 'node:string_decoder';

/** One parsed line: a value, or the line that did not parse and why. */
export type NdjsonItem = { ok: true; value: unknown } | { ok: false; line: string; error: string };

/** Options of {@link NdjsonParser}. */
export interface NdjsonParserOptions {
  /** Longest line kept (default 1 MiB). Longer lines are reported as errors and skipped. */
  maxLineBytes?: number;
}

/**
 * Incremental NDJSON parser. Blank lines are ignored; a line that is not
 * JSON is returned as `{ ok: false }` rather than thrown, so one bad line
 * does not end a long-lived stream.
 * @example
 * ```ts
 * const p = new NdjsonParser();
 * stream.on('data', (c) => p.push(c).forEach(handle));
 * stream.on('end', () => p.end().forEach(handle));
 * ```
 */
export class NdjsonParser {
  private decoder = new StringDecoder('utf8');
  private buffer = '';
  private skipping = false;
  private readonly maxLineBytes: number;

  constructor(options: NdjsonParserOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
  }

  /** Feed a chunk; returns the items of every line it completed. */
  push(chunk: Uint8Array | string): NdjsonItem[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    const out: NdjsonItem[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const piece = text.slice(start, nl);
      start = nl + 1;
      if (this.skipping) {
        this.skipping = false;
        this.buffer = '';
        continue;
      }
      const line = this.buffer + piece;
      this.buffer = '';
      this.parseLine(line, out);
    }
    if (!this.skipping) {
      this.buffer += text.slice(start);
      if (Buffer.byteLength(this.buffer, 'utf8') > this.maxLineBytes) {
        out.push({ ok: false, line: this.buffer.slice(0, 200), error: `line longer than ${this.maxLineBytes} bytes; skipped` });
        this.buffer = '';
        this.skipping = true;
      }
    }
    return out;
  }

  /** Flush at end of input: a last line without a newline is parsed too. */
  end(): NdjsonItem[] {
    const out: NdjsonItem[] = [];
    const rest = this.buffer + this.decoder.end();
    this.buffer = '';
    if (!this.skipping) this.parseLine(rest, out);
    this.skipping = false;
    return out;
  }

  private parseLine(raw: string, out: NdjsonItem[]): void {
    const line = raw.trim();
    if (line === '') return;
    try {
      out.push({ ok: true, value: JSON.parse(line) as unknown });
    } catch (e) {
      out.push({ ok: false, line: line.slice(0, 200), error: e instanceof Error ? e.message : String(e) });
    }
  }
}

/**
 * Parse an async stream of chunks (e.g. a Node readable) as NDJSON.
 * @example
 * ```ts
 * for await (const item of parseNdjson(await docker.getEvents())) if (item.ok) console.log(item.value);
 * ```
 */
export async function* parseNdjson(source: AsyncIterable<Uint8Array | string>, options: NdjsonParserOptions = {}): AsyncGenerator<NdjsonItem> {
  const parser = new NdjsonParser(options);
  for await (const chunk of source) yield* parser.push(chunk);
  yield* parser.end();
}
