import { describe, expect, it } from 'vitest';
import { MIN_KNOWN_SECRET_LENGTH, createRedactor, knownSecretVariants } from './index.js';
import { ALNUM, chars, fake } from './test-fakes.js';

// `>>?` makes base64 contain `+` (so base64url differs) and padding; `?` needs a %-escape.
const secret = fake('pg-', chars(14, ALNUM, 1), '>>?');
const bytes = new TextEncoder().encode(secret);
const b64 = btoa(String.fromCharCode(...bytes));
const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
const urlSafe = (s: string) => s.replace(/\+/g, '-').replace(/\//g, '_');

describe('known secrets', () => {
  const redactor = createRedactor({ knownSecrets: [secret] });
  const masked = '[REDACTED:known-secret]';

  const forms: Array<[string, string]> = [
    ['plain', secret],
    ['base64 with padding', b64],
    ['base64 without padding', b64.replace(/=+$/, '')],
    ['base64url with padding', urlSafe(b64)],
    ['base64url without padding', urlSafe(b64).replace(/=+$/, '')],
    ['hex lower case', hex],
    ['hex upper case', hex.toUpperCase()],
    ['URL-encoded', encodeURIComponent(secret)],
    ['URL-encoded, lower-case escapes', encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
  ];

  it.each(forms)('masks the %s form', (_name, form) => {
    expect(form).not.toBe(''); // guard against a broken fixture
    const r = redactor.text(`value=[${form}] end`);
    expect(r.value).toBe(`value=[${masked}] end`);
    expect(r.findings).toEqual([{ rule: 'known-secret' }]);
  });

  it('forms are really different from each other (the fixture exercises every encoding)', () => {
    expect(new Set(forms.map(([, f]) => f)).size).toBe(forms.length);
  });

  it('finds the secret base64-encoded inside a larger blob, at any byte alignment', () => {
    for (const user of ['u', 'us', 'usr']) {
      const blob = btoa(`${user}:${secret}`);
      const r = redactor.text(`auth ${blob}`);
      expect(r.findings.map((f) => f.rule)).toContain('known-secret');
      // Whatever is left of the blob cannot be decoded back to the secret.
      expect(r.value).not.toContain(blob);
      for (const enc of knownSecretVariants(secret)) expect(r.value).not.toContain(enc);
    }
  });

  it('masks a docker config.json auth field built from the secret', () => {
    const dockerConfig = JSON.stringify({ auths: { 'registry.example.com': { auth: btoa(`deploy:${secret}`) } } });
    const r = redactor.json(JSON.parse(dockerConfig) as unknown);
    expect(JSON.stringify(r.value)).not.toContain(btoa(`deploy:${secret}`));
    // `auth` is a secret-looking key, so the whole value goes; the known secret inside names it.
    expect(r.findings).toEqual([{ rule: 'known-secret', path: 'auths["registry.example.com"].auth' }]);
  });

  it('masks the form-encoded (+ for space) and JSON-escaped forms', () => {
    const spaced = 'correct horse "battery" staple';
    const r = createRedactor({ knownSecrets: [spaced] });
    expect(r.text(`q=${encodeURIComponent(spaced).replace(/%20/g, '+')}`).value).toBe('q=[REDACTED:known-secret]');
    expect(r.text(`{"note":${JSON.stringify(spaced)}}`).value).toBe('{"note":"[REDACTED:known-secret]"}');
  });

  it('masks the secret when it appears several times and inside other tokens', () => {
    const r = redactor.text(`${secret}${secret} and x${secret}y`);
    expect(r.value).toBe(`${masked}${masked} and x${masked}y`);
    expect(r.findings).toHaveLength(3);
  });

  it(`ignores known secrets shorter than ${MIN_KNOWN_SECRET_LENGTH} characters`, () => {
    const r = createRedactor({ knownSecrets: ['admin', 'abc'] });
    expect(r.text('admin logged in with abc').changed).toBe(false);
    expect(r.addKnownSecret('12345')).toBe(false);
    expect(r.addKnownSecret('    x    ')).toBe(false);
    expect(r.text('pin 12345').changed).toBe(false);
  });

  it('registers a secret read from a file with its trailing newline in both forms', () => {
    const r = createRedactor();
    expect(r.addKnownSecret('hunter22-from-file\n')).toBe(true);
    expect(r.text('password is hunter22-from-file.').value).toBe('password is [REDACTED:known-secret].');
  });

  it('addKnownSecret takes effect on the next call, and only for that redactor', () => {
    const a = createRedactor();
    const b = createRedactor();
    const late = fake('late-', chars(12, ALNUM, 2));
    expect(a.text(`x ${late}`).changed).toBe(false);
    expect(a.addKnownSecret(late)).toBe(true);
    expect(a.text(`x ${late}`).value).toBe(`x ${masked}`);
    expect(b.text(`x ${late}`).changed).toBe(false);
  });

  it('masks the longest form when forms overlap (no partial leftovers)', () => {
    const short = fake('abc', chars(6, ALNUM, 3));
    const long = fake(short, chars(8, ALNUM, 4));
    const r = createRedactor({ knownSecrets: [short, long] });
    expect(r.text(`[${long}]`).value).toBe(`[${masked}]`);
  });

  it('gives the same output whatever order the secrets were registered in', () => {
    const s1 = fake('one-', chars(10, ALNUM, 5));
    const s2 = fake(s1.slice(0, 8), chars(10, ALNUM, 6));
    const text = `${s1} ${s2} ${btoa(s1)} ${s2}${s1}`;
    expect(createRedactor({ knownSecrets: [s1, s2] }).text(text).value).toBe(createRedactor({ knownSecrets: [s2, s1] }).text(text).value);
  });

  it('accepts any iterable, e.g. a Set', () => {
    expect(createRedactor({ knownSecrets: new Set([secret]) }).text(secret).value).toBe(masked);
  });

  it('escapes regex metacharacters in secrets', () => {
    const meta = 'a.b*c+d?e(f)[g]{h}|i^j$k\\l';
    const r = createRedactor({ knownSecrets: [meta] });
    expect(r.text(`x ${meta} y`).value).toBe(`x ${masked} y`);
    expect(r.text('x aXbbbcd y').changed).toBe(false);
  });

  it('handles non-ASCII secrets by their UTF-8 bytes', () => {
    const unicode = 'pässwörd-密码-🔑';
    const r = createRedactor({ knownSecrets: [unicode] });
    const utf8 = new TextEncoder().encode(unicode);
    const hexForm = [...utf8].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(r.text(unicode).value).toBe(masked);
    expect(r.text(hexForm).value).toBe(masked);
    expect(r.text(encodeURIComponent(unicode)).value).toBe(masked);
  });

  it('lists variants deterministically, longest first', () => {
    const v = knownSecretVariants('hunter22');
    expect(v).toEqual(knownSecretVariants('hunter22'));
    expect(v).toContain('hunter22');
    expect(v).toContain(btoa('hunter22'));
    for (let i = 1; i < v.length; i++) expect(v[i - 1]!.length).toBeGreaterThanOrEqual(v[i]!.length);
  });
});
