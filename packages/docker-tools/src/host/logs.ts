/**
 * Collect a container's log bytes (framed or TTY), keep the newest
 * `capBytes`, and produce a safe {@link LogsResult}. Shared by both hosts.
 * @module
 */
import { DockerStreamDemuxer, type DemuxChunk, type StdStream } from './demux.js';
import { capUtf8, makeTextSafe } from './sanitize-text.js';
import type { LogsResult } from './types.js';

/** Default log cap: 1 MiB. */
export const DEFAULT_LOG_CAP_BYTES = 1024 * 1024;

const isContinuation = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;

/**
 * Accumulates log payload, dropping the oldest bytes beyond the cap as it
 * goes (memory stays bounded however long the log is).
 * @example
 * ```ts
 * const c = new LogCollector({ tty: false, capBytes: 65536 });
 * for await (const chunk of stream) c.push(chunk);
 * const result = c.finish({ host: 'local', container: 'web' });
 * ```
 */
export class LogCollector {
  private readonly demux: DockerStreamDemuxer | undefined;
  private readonly chunks: DemuxChunk[] = [];
  private kept = 0;
  private total = 0;
  private dropped = false;
  readonly tty: boolean;
  readonly capBytes: number;

  constructor(options: { tty: boolean; capBytes?: number }) {
    this.tty = options.tty;
    this.capBytes = Math.max(0, Math.floor(options.capBytes ?? DEFAULT_LOG_CAP_BYTES));
    this.demux = options.tty ? undefined : new DockerStreamDemuxer();
  }

  /** Feed raw bytes as the daemon sent them. */
  push(raw: Uint8Array): void {
    const pieces: DemuxChunk[] = this.demux ? this.demux.push(raw) : [{ stream: 'stdout', data: Buffer.from(raw) }];
    for (const p of pieces) this.add(p.stream, p.data);
  }

  /** Feed an already-demultiplexed piece. */
  add(stream: StdStream, data: Buffer): void {
    if (data.length === 0) return;
    this.total += data.length;
    this.chunks.push({ stream: this.tty ? 'stdout' : stream, data });
    this.kept += data.length;
    while (this.kept > this.capBytes && this.chunks.length > 0) {
      this.dropped = true;
      const first = this.chunks[0] as DemuxChunk;
      const excess = this.kept - this.capBytes;
      if (first.data.length <= excess) {
        this.chunks.shift();
        this.kept -= first.data.length;
      } else {
        let cut = excess;
        while (cut < first.data.length && isContinuation(first.data[cut])) cut++;
        first.data = first.data.subarray(cut);
        this.kept -= cut;
        if (first.data.length === 0) this.chunks.shift();
      }
    }
  }

  /** Build the result: decoded, neutralised, capped (oldest part dropped). */
  finish(meta: { host: string; container: string }): LogsResult {
    const incomplete = this.demux ? this.demux.end().incomplete : false;
    const all = makeTextSafe(Buffer.concat(this.chunks.map((c) => c.data)));
    const text = capUtf8(all.text, this.capBytes, 'end');
    const result: LogsResult = {
      host: meta.host,
      container: meta.container,
      text: text.text,
      tty: this.tty,
      truncated: this.dropped || text.truncated,
      bytes: this.total,
      capBytes: this.capBytes,
      incomplete,
      neutralised: { controlChars: all.controlChars, invisibleChars: all.invisibleChars, invalidUtf8: all.invalidUtf8 },
    };
    const part = (s: StdStream) => {
      const t = capUtf8(makeTextSafe(Buffer.concat(this.chunks.filter((c) => c.stream === s).map((c) => c.data))).text, this.capBytes, 'end');
      if (t.truncated) result.truncated = true;
      return t.text;
    };
    if (this.tty) {
      result.stdout = result.text;
    } else {
      result.stdout = part('stdout');
      result.stderr = part('stderr');
    }
    return result;
  }
}

/**
 * Collects exec output per stream, keeping the first `maxBytes` of each.
 * @example
 * ```ts
 * const out = new ExecOutput(1 << 20);
 * out.add('stdout', chunk);
 * out.text('stdout');
 * ```
 */
export class ExecOutput {
  private readonly parts: Record<StdStream, Buffer[]> = { stdout: [], stderr: [] };
  private readonly size: Record<StdStream, number> = { stdout: 0, stderr: 0 };
  truncated = false;
  constructor(readonly maxBytes: number = DEFAULT_LOG_CAP_BYTES) {}

  add(stream: StdStream, data: Buffer): void {
    const room = this.maxBytes - this.size[stream];
    if (room <= 0) {
      if (data.length > 0) this.truncated = true;
      return;
    }
    const piece = data.length > room ? data.subarray(0, room) : data;
    if (piece.length < data.length) this.truncated = true;
    this.parts[stream].push(piece);
    this.size[stream] += piece.length;
  }

  /** Decoded and made safe; capped on a character boundary. */
  text(stream: StdStream): string {
    const t = capUtf8(makeTextSafe(Buffer.concat(this.parts[stream])).text, this.maxBytes, 'start');
    if (t.truncated) this.truncated = true;
    return t.text;
  }
}
