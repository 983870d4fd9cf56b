/**
 * Test helper: fake credentials assembled at run time from pieces, so the
 * test sources never contain anything that looks like a leaked secret to a
 * scanner. Deterministic (xorshift with a fixed seed), never random.
 * @internal
 * @module
 */

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const HEX = '0123456789abcdef';
export const BASE64 = ALNUM + '+/';
export const BASE64URL = ALNUM + '-_';

/** `n` characters from `alphabet`, the same for the same seed. */
export function chars(n: number, alphabet: string, seed: number): string {
  let x = (seed * 2654435761) >>> 0 || 1;
  let out = '';
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

/** Join pieces: `fake('gh', 'p_', body)`. */
export const fake = (...pieces: string[]): string => pieces.join('');

/** base64url without padding, as in JWTs. */
export const b64url = (s: string): string => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A syntactically valid, unsigned-looking JWT with a fake signature. */
export function fakeJwt(seed: number): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ sub: `user-${seed}`, iat: 1700000000 + seed, role: 'admin' }));
  return [header, payload, chars(43, BASE64URL, seed)].join('.');
}

/** A PEM private key block with a fake base64 body (64-char lines). */
export function fakePem(kind: string, seed: number, eol = '\n'): string {
  const body = chars(64 * 12 + 20, BASE64, seed);
  const lines = body.match(/.{1,64}/g)!;
  const label = `${kind ? `${kind} ` : ''}PRIVATE KEY`;
  return [fake('-----', 'BEGIN ', label, '-----'), ...lines, fake('-----', 'END ', label, '-----')].join(eol);
}
