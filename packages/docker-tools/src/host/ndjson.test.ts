import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NdjsonParser, parseNdjson } from './ndjson.js';

const values = (items: ReturnType<NdjsonParser['push']>) => items.map((i) => (i.ok ? i.value : { error: i.error }));

describe('NdjsonParser', () => {
  it('parses lines split inside a JSON object', () => {
    const p = new NdjsonParser();
    expect(p.push('{"Action":"st')).toEqual([]);
    expect(values(p.push('art","id":"a"}\n{"Action"'))).toEqual([{ Action: 'start', id: 'a' }]);
    expect(values(p.push(':"die"}\n'))).toEqual([{ Action: 'die' }]);
    expect(p.end()).toEqual([]);
  });

  it('reassembles a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('{"name":"世界🚀"}\n', 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      const p = new NdjsonParser();
      const got = [...p.push(bytes.subarray(0, cut)), ...p.push(bytes.subarray(cut)), ...p.end()];
      expect(values(got), `cut at ${cut}`).toEqual([{ name: '世界🚀' }]);
    }
  });

  it('skips blank lines, handles CRLF, and parses a last line without newline at end()', () => {
    const p = new NdjsonParser();
    expect(values(p.push('{"a":1}\r\n\n  \n{"b":2}'))).toEqual([{ a: 1 }]);
    expect(values(p.end())).toEqual([{ b: 2 }]);
  });

  it('reports a bad line without stopping', () => {
    const p = new NdjsonParser();
    const got = p.push('not json\n{"ok":true}\n');
    expect(got[0]?.ok).toBe(false);
    expect(got[1]).toEqual({ ok: true, value: { ok: true } });
  });

  it('skips an over-long line and recovers on the next one', () => {
    const p = new NdjsonParser({ maxLineBytes: 16 });
    const first = p.push('{"x":"' + 'a'.repeat(40));
    expect(first).toHaveLength(1);
    expect(first[0]?.ok).toBe(false);
    expect(p.push('aaaa"}\n')).toEqual([]);
    expect(values(p.push('{"y":1}\n'))).toEqual([{ y: 1 }]);
  });
});

describe('parseNdjson', () => {
  it('parses a Node stream of oddly split chunks', async () => {
    const text = '{"a":1}\n{"b":"é"}\n';
    const buf = Buffer.from(text);
    const chunks = [buf.subarray(0, 3), buf.subarray(3, 14), buf.subarray(14)];
    const out: unknown[] = [];
    for await (const item of parseNdjson(Readable.from(chunks))) if (item.ok) out.push(item.value);
    expect(out).toEqual([{ a: 1 }, { b: 'é' }]);
  });
});
