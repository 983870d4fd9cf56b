/** The SSE parser: line ends split across chunks, comments, multi-line data, dispatch rules. */
import { describe, expect, it } from 'vitest';
import { readSse, SseParser } from './sse-parser.js';

describe('SseParser', () => {
  it('parses named events and skips comments', () => {
    const p = new SseParser();
    expect(p.push('retry: 2000\n\n: ping\n\nevent: hello\ndata: {"time":1}\n\n')).toEqual([{ event: 'hello', data: '{"time":1}' }]);
    expect(p.retryMs).toBe(2000);
  });

  it('joins multi-line data and defaults the name to "message"', () => {
    expect(new SseParser().push('data: a\ndata:b\nid: 7\n\n')).toEqual([{ event: 'message', data: 'a\nb', id: '7' }]);
  });

  it('handles \\r\\n and \\r line ends, also split across chunks', () => {
    const p = new SseParser();
    const out = [...p.push('event: x\r'), ...p.push('\ndata: 1\r'), ...p.push('\n\r'), ...p.push('\nevent: y\rdata: 2\r\r')];
    expect(out).toEqual([
      { event: 'x', data: '1' },
      { event: 'y', data: '2' },
    ]);
  });

  it('waits for the blank line: an event split across chunks arrives once, whole', () => {
    const p = new SseParser();
    expect(p.push('event: run:end\nda')).toEqual([]);
    expect(p.push('ta: {"a":')).toEqual([]);
    expect(p.push('1}\n\n')).toEqual([{ event: 'run:end', data: '{"a":1}' }]);
  });

  it('drops an event left incomplete at the end of a stream', async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encoder.encode('event: a\ndata: 1\n\nevent: b\ndata: 2\n'));
        c.close();
      },
    });
    const seen = [];
    for await (const m of readSse(body)) seen.push(m);
    expect(seen).toEqual([{ event: 'a', data: '1' }]);
  });

  it('decodes UTF-8 split across chunks (⛔ lines)', async () => {
    const bytes = new TextEncoder().encode('event: violation\ndata: "⛔ just now"\n\n');
    const cut = bytes.indexOf(0xe2) + 1; // inside the ⛔
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, cut));
        c.enqueue(bytes.slice(cut));
        c.close();
      },
    });
    const seen = [];
    for await (const m of readSse(body)) seen.push(JSON.parse(m.data));
    expect(seen).toEqual(['⛔ just now']);
  });
});
