/**
 * Docker's multiplexed stream format (non-TTY `logs`, `attach`, `exec`):
 * each frame is an 8-byte header `[type, 0, 0, 0, size(uint32 BE)]` then
 * `size` payload bytes; type 1 is stdout, 2 stderr (0 stdin and 3 the
 * daemon's own error channel are mapped to stdout and stderr). TTY
 * containers send raw bytes with no headers: use {@link passThroughTty}.
 * @module
 */

/** Which output stream a chunk came from. */
export type StdStream = 'stdout' | 'stderr';

/** A piece of payload and its stream. */
export interface DemuxChunk {
  stream: StdStream;
  data: Buffer;
}

/** Result of demultiplexing a whole buffer. */
export interface DemuxResult {
  /** Payload pieces in the order the daemon sent them. */
  chunks: DemuxChunk[];
  stdout: Buffer;
  stderr: Buffer;
  /** The input ended inside a frame (header or payload cut short); what arrived is kept. */
  incomplete: boolean;
  /** A header was not a Docker frame header; the rest was passed through as stdout. */
  malformed: boolean;
}

const HEADER = 8;

function streamOf(type: number): StdStream | undefined {
  if (type === 0 || type === 1) return 'stdout';
  if (type === 2 || type === 3) return 'stderr';
  return undefined;
}

/**
 * Incremental demultiplexer: feed it chunks split anywhere (even inside a
 * header), get payload pieces back as soon as they arrive.
 * @example
 * ```ts
 * const d = new DockerStreamDemuxer();
 * socket.on('data', (c) => { for (const { stream, data } of d.push(c)) sink[stream].push(data); });
 * socket.on('end', () => { if (d.end().incomplete) console.warn('stream cut inside a frame'); });
 * ```
 */
export class DockerStreamDemuxer {
  private header = Buffer.alloc(HEADER);
  private headerFill = 0;
  private remaining = 0;
  private current: StdStream = 'stdout';
  private raw = false;
  /** Set once a non-frame header was seen (then everything is passed through as stdout). */
  malformed = false;

  /** Feed bytes; returns the payload pieces completed or continued by them. */
  push(chunk: Uint8Array): DemuxChunk[] {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: DemuxChunk[] = [];
    let i = 0;
    while (i < buf.length) {
      if (this.raw) {
        out.push({ stream: 'stdout', data: buf.subarray(i) });
        break;
      }
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, buf.length - i);
        out.push({ stream: this.current, data: buf.subarray(i, i + n) });
        this.remaining -= n;
        i += n;
        continue;
      }
      const n = Math.min(HEADER - this.headerFill, buf.length - i);
      buf.copy(this.header, this.headerFill, i, i + n);
      this.headerFill += n;
      i += n;
      if (this.headerFill < HEADER) break;
      this.headerFill = 0;
      const stream = streamOf(this.header[0] as number);
      if (!stream || this.header[1] !== 0 || this.header[2] !== 0 || this.header[3] !== 0) {
        // Not a frame header: keep the bytes rather than lose them.
        this.raw = true;
        this.malformed = true;
        out.push({ stream: 'stdout', data: Buffer.from(this.header) });
        continue;
      }
      this.current = stream;
      this.remaining = this.header.readUInt32BE(4);
    }
    return out;
  }

  /** Call at end of input: says whether the input stopped inside a frame. */
  end(): { incomplete: boolean } {
    const incomplete = !this.raw && (this.remaining > 0 || this.headerFill > 0);
    this.remaining = 0;
    this.headerFill = 0;
    return { incomplete };
  }
}

function collect(chunks: DemuxChunk[], incomplete: boolean, malformed: boolean): DemuxResult {
  const merged: DemuxChunk[] = [];
  for (const c of chunks) {
    const last = merged[merged.length - 1];
    if (last && last.stream === c.stream) last.data = Buffer.concat([last.data, c.data]);
    else merged.push({ stream: c.stream, data: c.data });
  }
  return {
    chunks: merged,
    stdout: Buffer.concat(merged.filter((c) => c.stream === 'stdout').map((c) => c.data)),
    stderr: Buffer.concat(merged.filter((c) => c.stream === 'stderr').map((c) => c.data)),
    incomplete,
    malformed,
  };
}

/**
 * Demultiplex a whole framed buffer (e.g. dockerode `logs` without `follow`
 * for a non-TTY container). A partial trailing frame keeps the bytes that
 * arrived and sets `incomplete`.
 * @example
 * ```ts
 * const { stdout, stderr } = demuxDockerBuffer(await container.logs({ stdout: true, stderr: true }));
 * ```
 */
export function demuxDockerBuffer(input: Uint8Array): DemuxResult {
  const d = new DockerStreamDemuxer();
  const chunks = d.push(input);
  const { incomplete } = d.end();
  return collect(chunks, incomplete, d.malformed);
}

/**
 * TTY containers have no frame headers: everything is stdout, as is.
 * @example
 * ```ts
 * const r = tty ? passThroughTty(buf) : demuxDockerBuffer(buf);
 * ```
 */
export function passThroughTty(input: Uint8Array): DemuxResult {
  const data = Buffer.from(input);
  return collect(data.length ? [{ stream: 'stdout', data }] : [], false, false);
}

/**
 * Frame a payload the way the daemon does (for tests and the in-memory host).
 * @example
 * ```ts
 * encodeDockerFrame('stderr', 'oops\n'); // <Buffer 02 00 00 00 00 00 00 05 6f 6f 70 73 0a>
 * ```
 */
export function encodeDockerFrame(stream: StdStream, payload: string | Uint8Array): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const header = Buffer.alloc(HEADER);
  header[0] = stream === 'stdout' ? 1 : 2;
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}
