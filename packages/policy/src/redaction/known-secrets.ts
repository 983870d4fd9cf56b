/**
 * Known secret values (a database password, an API key the runtime injected)
 * and the encoded forms they leak in.
 * @module
 */

/**
 * Known secrets shorter than this (after trimming) are ignored: masking every
 * `admin` or `12345` in a log would hide ordinary words and numbers.
 */
export const MIN_KNOWN_SECRET_LENGTH = 6;

const encoder = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

const toUrlSafe = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * The forms in which `secret` can appear in text:
 * - plain, and JSON-escaped (`"` → `\"`);
 * - base64, standard and URL-safe, with and without `=` padding;
 * - base64 of the secret inside a larger encoded blob (`user:secret` in a
 *   Basic header or a docker `auth` field): for each of the three byte
 *   alignments, the characters that depend only on the secret's bytes;
 * - hex, lower and upper case, of its UTF-8 bytes;
 * - URL-encoded (`encodeURIComponent`, lower-case `%xx`, and `+` for spaces).
 * Forms shorter than {@link MIN_KNOWN_SECRET_LENGTH} are dropped.
 * Sorted longest first, then by code unit, so the result is deterministic.
 *
 * @example
 * ```ts
 * knownSecretVariants('hunter22'); // ['68756e7465723232', '68756E7465723232', 'aHVudGVyMjI=', …, 'hunter22']
 * ```
 */
export function knownSecretVariants(secret: string): string[] {
  const out = new Set<string>();
  const add = (v: string) => {
    if (v.length >= MIN_KNOWN_SECRET_LENGTH) out.add(v);
  };
  add(secret);
  add(JSON.stringify(secret).slice(1, -1));

  const bytes = encoder.encode(secret);
  for (const offset of [0, 1, 2]) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const padded = base64(shifted);
    const unpadded = padded.replace(/=+$/, '');
    if (offset === 0) {
      for (const form of [padded, unpadded]) {
        add(form);
        add(toUrlSafe(form));
      }
    }
    // Characters fully determined by the secret: skip those mixed with the
    // `offset` bytes before it, and the last one if mixed with bytes after it.
    const total = shifted.length;
    const stableEnd = Math.floor(total / 3) * 4 + (total % 3);
    const core = unpadded.slice([0, 2, 3][offset], stableEnd);
    add(core);
    add(toUrlSafe(core));
  }

  const h = hex(bytes);
  add(h);
  add(h.toUpperCase());

  const uri = encodeURIComponent(secret);
  add(uri);
  add(uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
  add(uri.replace(/%20/g, '+'));

  return [...out].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * A set of known secrets, compiled into one regex over all their forms.
 * @internal
 */
export class KnownSecrets {
  private readonly values = new Set<string>();
  private compiled: RegExp | null | undefined;

  /** Add a value (and its trimmed form). False when too short to register. */
  add(value: string): boolean {
    let added = false;
    for (const v of new Set([value, value.trim()])) {
      if (v.trim().length < MIN_KNOWN_SECRET_LENGTH) continue;
      added = true;
      if (!this.values.has(v)) {
        this.values.add(v);
        this.compiled = undefined;
      }
    }
    return added;
  }

  get size(): number {
    return this.values.size;
  }

  /** One global regex over every form of every secret, longest first; null when empty. */
  regex(): RegExp | null {
    if (this.compiled === undefined) {
      const forms = new Set<string>();
      for (const v of this.values) for (const f of knownSecretVariants(v)) forms.add(f);
      const sorted = [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
      this.compiled = sorted.length === 0 ? null : new RegExp(sorted.map(escapeRegExp).join('|'), 'gd');
    }
    return this.compiled;
  }
}
