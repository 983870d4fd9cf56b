import { describe, expect, it } from 'vitest';
import { capUtf8, makeTextSafe, safeText } from './sanitize-text.js';

describe('makeTextSafe', () => {
  it('renders ANSI CSI and OSC sequences inert and visible (ESC → ␛, BEL → ␇)', () => {
    const r = makeTextSafe('\x1b[31mred\x1b[0m \x1b]0;pwned\x07title');
    expect(r.text).toBe('␛[31mred␛[0m ␛]0;pwned␇title');
    expect(r.text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(r.controlChars).toBe(4);
  });

  it('keeps \\n and \\t, turns CRLF into LF and a lone CR into ␍', () => {
    expect(safeText('a\tb\r\nc\rd\n')).toBe('a\tb\nc␍d\n');
  });

  it('replaces other C0 controls, DEL and C1 controls', () => {
    expect(safeText('\x00\x08\x7f')).toBe('␀␈␡');
    expect(safeText('x\u009b31my')).toBe('x<U+009B>31my');
  });

  it('shows zero-width, BOM, bidi overrides and isolates as <U+XXXX>', () => {
    const r = makeTextSafe('pass\u200Bword \uFEFF \u202Eevil\u202C \u2066iso\u2069 \u2060');
    expect(r.text).toBe('pass<U+200B>word <U+FEFF> <U+202E>evil<U+202C> <U+2066>iso<U+2069> <U+2060>');
    expect(r.invisibleChars).toBe(7);
  });

  it('makes Unicode tag characters (ASCII smuggling) visible', () => {
    expect(safeText('hi\u{E0041}\u{E0042}')).toBe('hi<U+E0041><U+E0042>');
  });

  it('decodes invalid UTF-8 with U+FFFD and counts it, without counting a genuine U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from('ok '), Buffer.from([0xff, 0xc3]), Buffer.from(' \uFFFD end')]);
    const r = makeTextSafe(bytes);
    expect(r.text).toBe('ok \uFFFD\uFFFD \uFFFD end');
    expect(r.invalidUtf8).toBe(2);
  });

  it('replaces lone surrogates in strings', () => {
    const r = makeTextSafe('a\uD800b');
    expect(r.text).toBe('a\uFFFDb');
    expect(r.invalidUtf8).toBe(1);
  });

  it('leaves ordinary text, emoji and non-Latin scripts alone', () => {
    const s = 'héllo 世界 🚀 ok\n';
    expect(makeTextSafe(s)).toEqual({ text: s, controlChars: 0, invisibleChars: 0, invalidUtf8: 0 });
  });
});

describe('capUtf8', () => {
  it('keeps the newest bytes for logs and reports the cut', () => {
    expect(capUtf8('line1\nline2\n', 6, 'end')).toEqual({ text: 'line2\n', truncated: true, bytes: 12 });
  });

  it('never splits a multi-byte character (end)', () => {
    const r = capUtf8('aé世🚀', 5, 'end'); // é=2, 世=3, 🚀=4 bytes
    expect(r.text).toBe('🚀');
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(5);
  });

  it('never splits a multi-byte character (start)', () => {
    expect(capUtf8('aé世🚀', 5, 'start').text).toBe('aé');
    expect(capUtf8('aé世🚀', 6, 'start').text).toBe('aé世');
  });

  it('returns the text unchanged under the cap', () => {
    expect(capUtf8('abc', 3, 'start')).toEqual({ text: 'abc', truncated: false, bytes: 3 });
  });
});
