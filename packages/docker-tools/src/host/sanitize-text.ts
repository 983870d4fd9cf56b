/**
 * Make untrusted text (container logs, exec output, probe output) harmless and
 * visible before anyone sees it: a terminal, a web page or an LLM.
 *
 * ## The convention
 * | input | shown as | why |
 * |---|---|---|
 * | `\n`, `\t` | kept | ordinary layout |
 * | `\r\n` | `\n` | TTY containers end lines with CRLF |
 * | other C0 controls U+0000–U+001F (incl. ESC and a lone `\r`) | the Unicode *Control Pictures* glyph U+2400+code: ESC → `␛`, `\r` → `␍`, BEL → `␇`, NUL → `␀` | an escape sequence stays readable but inert: `\x1b[31m` → `␛[31m` |
 * | DEL U+007F | `␡` | |
 * | C1 controls U+0080–U+009F (e.g. the one-byte CSI U+009B) | `<U+009B>` | |
 * | invisible and bidi formatting: U+00AD, U+061C, U+180E, U+200B–U+200F, U+2028–U+202E, U+2060–U+2064, U+2066–U+206F, U+FEFF, U+FFF9–U+FFFB, tag characters U+E0000–U+E007F | `<U+200B>` | hidden text and bidi tricks become visible |
 * | invalid UTF-8 bytes, lone surrogates | `�` (U+FFFD) | |
 *
 * Nothing is ever dropped silently: every replacement is visible and counted.
 * @module
 */

/** Result of {@link makeTextSafe}: the safe text and what was neutralised. */
export interface SafeText {
  text: string;
  /** C0/C1 control characters replaced by a visible glyph or `<U+XXXX>` (CRLF→LF is not counted). */
  controlChars: number;
  /** Invisible or bidi formatting characters replaced by `<U+XXXX>`. */
  invisibleChars: number;
  /** Invalid UTF-8 sequences (or lone surrogates) replaced by U+FFFD. */
  invalidUtf8: number;
}

// One pass: CRLF, C0 except \t \n, DEL, C1, invisible/bidi/format characters, tags, lone surrogates.
const UNSAFE =
  /\r\n|[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}\uD800-\uDFFF]/gu;

const hex = (cp: number): string => `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function countGenuineReplacementChars(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) {
      n++;
      i += 2;
    }
  }
  return n;
}

/**
 * Decode (bytes as UTF-8, invalid sequences → U+FFFD) and neutralise control,
 * escape, invisible and bidi characters, following the module's convention.
 * @example
 * ```ts
 * makeTextSafe('\x1b[31mred\x1b[0m a\u200Bb').text; // '␛[31mred␛[0m a<U+200B>b'
 * makeTextSafe(Buffer.from([0x61, 0xff])).text;     // 'a\uFFFD'
 * ```
 */
export function makeTextSafe(input: string | Uint8Array): SafeText {
  let str: string;
  let invalidUtf8 = 0;
  if (typeof input === 'string') {
    str = input;
  } else {
    str = decoder.decode(input);
    let replacements = 0;
    for (let i = str.indexOf('\uFFFD'); i !== -1; i = str.indexOf('\uFFFD', i + 1)) replacements++;
    if (replacements > 0) invalidUtf8 = Math.max(0, replacements - countGenuineReplacementChars(input));
  }
  let controlChars = 0;
  let invisibleChars = 0;
  const text = str.replace(UNSAFE, (m) => {
    if (m === '\r\n') return '\n';
    const cp = m.codePointAt(0) as number;
    if (cp <= 0x1f) {
      controlChars++;
      return String.fromCodePoint(0x2400 + cp);
    }
    if (cp === 0x7f) {
      controlChars++;
      return '\u2421';
    }
    if (cp <= 0x9f) {
      controlChars++;
      return hex(cp);
    }
    if (cp >= 0xd800 && cp <= 0xdfff) {
      invalidUtf8++;
      return '\uFFFD';
    }
    invisibleChars++;
    return hex(cp);
  });
  return { text, controlChars, invisibleChars, invalidUtf8 };
}

/**
 * Shorthand for `makeTextSafe(input).text`.
 * @example
 * ```ts
 * safeText('ok\x07'); // 'ok␇'
 * ```
 */
export function safeText(input: string | Uint8Array): string {
  return makeTextSafe(input).text;
}

/** Result of {@link capUtf8}. */
export interface CappedText {
  text: string;
  /** True when something was cut off. */
  truncated: boolean;
  /** UTF-8 size of the input, before the cap. */
  bytes: number;
}

/** Bytes of the UTF-8 sequence that starts with `lead`, or 0 for a continuation byte. */
function seqLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 0;
}

/**
 * Cut `text` to at most `maxBytes` UTF-8 bytes on a character boundary,
 * keeping the start (`'start'`) or the most recent end (`'end'`, for logs).
 * @example
 * ```ts
 * capUtf8('line1\nline2\n', 6, 'end'); // { text: 'line2\n', truncated: true, bytes: 12 }
 * ```
 */
export function capUtf8(text: string, maxBytes: number, keep: 'start' | 'end'): CappedText {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return { text, truncated: false, bytes };
  if (maxBytes <= 0) return { text: '', truncated: true, bytes };
  const buf = Buffer.from(text, 'utf8');
  if (keep === 'end') {
    let start = buf.length - maxBytes;
    while (start < buf.length && seqLength(buf[start] as number) === 0) start++;
    return { text: buf.subarray(start).toString('utf8'), truncated: true, bytes };
  }
  let end = maxBytes;
  // Back off to the lead byte of the last (possibly incomplete) sequence.
  let lead = end - 1;
  while (lead > 0 && seqLength(buf[lead] as number) === 0) lead--;
  if (lead + seqLength(buf[lead] as number) > end) end = lead;
  return { text: buf.subarray(0, end).toString('utf8'), truncated: true, bytes };
}
