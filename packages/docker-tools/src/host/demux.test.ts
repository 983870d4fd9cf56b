import { describe, expect, it } from 'vitest';
import { DockerStreamDemuxer, demuxDockerBuffer, encodeDockerFrame, passThroughTty } from './demux.js';

const framed = Buffer.concat([
  encodeDockerFrame('stdout', 'out one\n'),
  encodeDockerFrame('stderr', 'err one\n'),
  encodeDockerFrame('stdout', 'out two 世界\n'),
]);

describe('demuxDockerBuffer', () => {
  it('splits stdout (type 1) and stderr (type 2) and keeps the order', () => {
    const r = demuxDockerBuffer(framed);
    expect(r.stdout.toString()).toBe('out one\nout two 世界\n');
    expect(r.stderr.toString()).toBe('err one\n');
    expect(r.chunks.map((c) => c.stream)).toEqual(['stdout', 'stderr', 'stdout']);
    expect(r.incomplete).toBe(false);
    expect(r.malformed).toBe(false);
  });

  it('keeps the bytes of a partial trailing frame and flags it', () => {
    const cut = framed.subarray(0, framed.length - 4);
    const r = demuxDockerBuffer(cut);
    expect(r.stdout.toString()).toBe('out one\nout two 世');
    expect(r.incomplete).toBe(true);
  });

  it('flags a buffer cut inside a header', () => {
    const r = demuxDockerBuffer(Buffer.concat([encodeDockerFrame('stdout', 'a\n'), Buffer.from([2, 0, 0])]));
    expect(r.stdout.toString()).toBe('a\n');
    expect(r.incomplete).toBe(true);
  });

  it('maps stream 3 (daemon errors) to stderr and accepts empty frames', () => {
    const sys = Buffer.from([3, 0, 0, 0, 0, 0, 0, 4, ...Buffer.from('boom')]);
    const r = demuxDockerBuffer(Buffer.concat([encodeDockerFrame('stdout', ''), sys]));
    expect(r.stderr.toString()).toBe('boom');
  });

  it('passes unframed data through as stdout and says it was malformed', () => {
    const r = demuxDockerBuffer(Buffer.from('plain text, not framed\n'));
    expect(r.stdout.toString()).toBe('plain text, not framed\n');
    expect(r.malformed).toBe(true);
  });
});

describe('DockerStreamDemuxer', () => {
  it('gives the same result for every way of splitting the input', () => {
    for (let size = 1; size <= 13; size++) {
      const d = new DockerStreamDemuxer();
      const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
      for (let i = 0; i < framed.length; i += size) for (const c of d.push(framed.subarray(i, i + size))) out[c.stream].push(c.data);
      expect(d.end().incomplete).toBe(false);
      expect(Buffer.concat(out.stdout).toString(), `chunk size ${size}`).toBe('out one\nout two 世界\n');
      expect(Buffer.concat(out.stderr).toString(), `chunk size ${size}`).toBe('err one\n');
    }
  });

  it('handles a split exactly between header and payload and across two headers', () => {
    const d = new DockerStreamDemuxer();
    const a = encodeDockerFrame('stderr', 'xy');
    const b = encodeDockerFrame('stdout', 'z');
    const whole = Buffer.concat([a, b]);
    const got = [...d.push(whole.subarray(0, 8)), ...d.push(whole.subarray(8, 13)), ...d.push(whole.subarray(13))];
    expect(got.map((c) => `${c.stream}:${c.data.toString()}`)).toEqual(['stderr:xy', 'stdout:z']);
  });
});

describe('passThroughTty', () => {
  it('treats everything as stdout, frame-like bytes included', () => {
    const r = passThroughTty(Buffer.from('\x01\x00\x00\x00tty\r\n'));
    expect(r.stdout.toString()).toBe('\x01\x00\x00\x00tty\r\n');
    expect(r.stderr.length).toBe(0);
  });
});
