import { describe, expect, it } from 'vitest';
import { RedactionInputError, createRedactor, redactJson } from './index.js';
import { ALNUM, BASE64, HEX, chars, fake, fakePem } from './test-fakes.js';

const M = '[REDACTED:secret-assignment]';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('redactJson', () => {
  it('masks whole values under secret-looking keys and reports their paths', () => {
    const r = redactJson({ user: 'app', password: 'x1y2z3', db: { host: 'db', apiKey: 'k-123456789' } });
    expect(r.value).toEqual({ user: 'app', password: M, db: { host: 'db', apiKey: M } });
    expect(r.findings).toEqual([
      { rule: 'secret-assignment', path: 'password' },
      { rule: 'secret-assignment', path: 'db.apiKey' },
    ]);
    expect(r.changed).toBe(true);
  });

  it('masks docker Config.Env entries with secret-looking names, whole value even with spaces', () => {
    const inspect = { Config: { Env: ['PATH=/usr/bin', 'DB_PASSWORD=hunter2', 'APP_SECRET=two words here', 'PWD=/app', 'API_TOKEN=42'] } };
    const r = redactJson(inspect);
    expect(r.value.Config.Env).toEqual(['PATH=/usr/bin', `DB_PASSWORD=${M}`, `APP_SECRET=${M}`, 'PWD=/app', 'API_TOKEN=42']);
    expect(r.findings).toEqual([
      { rule: 'secret-assignment', path: 'Config.Env[1]' },
      { rule: 'secret-assignment', path: 'Config.Env[2]' },
    ]);
  });

  it('masks --flag=value arguments in Cmd/Args', () => {
    const r = redactJson({ Args: ['--user=app', '--password=hunter22', 'serve'] });
    expect(r.value.Args).toEqual(['--user=app', `--password=${M}`, 'serve']);
    expect(r.findings).toEqual([{ rule: 'secret-assignment', path: 'Args[1]' }]);
  });

  it('redacts strings under ordinary keys with the text rules', () => {
    const gh = fake('gh', 'p_', chars(36, ALNUM, 1));
    const r = redactJson({ logs: [`clone with ${gh}`, 'ok'], url: 'postgres://app:pw123456@db/app' });
    expect(r.value).toEqual({ logs: ['clone with [REDACTED:github-pat]', 'ok'], url: 'postgres://app:[REDACTED:url-password]@db/app' });
    expect(r.findings).toEqual([
      { rule: 'github-pat', path: 'logs[0]' },
      { rule: 'url-password', path: 'url' },
    ]);
  });

  it('names a masked value after the specific rule found in it', () => {
    const gh = fake('gh', 'p_', chars(36, ALNUM, 2));
    const r = redactJson({ GITHUB_TOKEN: gh, Authorization: `Bearer ${chars(30, ALNUM, 3)}9` });
    expect(r.value).toEqual({ GITHUB_TOKEN: '[REDACTED:github-pat]', Authorization: '[REDACTED:bearer-token]' });
  });

  it('masks a GCP service account private_key but keeps the ids and e-mail', () => {
    const keyId = chars(40, HEX, 4);
    const sa = {
      type: 'service_account',
      project_id: 'shop-prod',
      private_key_id: keyId,
      private_key: `${fakePem('', 5)}\n`,
      client_email: 'deployer@shop-prod.iam.gserviceaccount.com',
      client_id: '123456789012345678901',
    };
    const r = redactJson(sa);
    expect(r.value).toEqual({ ...sa, private_key: '[REDACTED:private-key]' });
    expect(r.findings).toEqual([{ rule: 'private-key', path: 'private_key' }]);
  });

  it('masks every string of an array under a secret-looking key; objects inside start afresh', () => {
    const r = redactJson({ api_keys: ['key-one-1234', 'key-two-5678'], credentials: [{ username: 'bob', password: 'hunter22' }] });
    expect(r.value).toEqual({ api_keys: [M, M], credentials: [{ username: 'bob', password: M }] });
    expect(r.findings.map((f) => f.path)).toEqual(['api_keys[0]', 'api_keys[1]', 'credentials[0].password']);
  });

  it('masks numbers of 6+ digits under secret-looking keys, keeps small ones, booleans and null', () => {
    const r = redactJson({ pin_password: 12345678, token: 42, secret: true, auth: null, token_count: 1234567 });
    expect(r.value).toEqual({ pin_password: M, token: 42, secret: true, auth: null, token_count: 1234567 });
  });

  it('keeps placeholders, empty strings and replacement markers under secret keys', () => {
    const input = { password: '', secret: '********', token: '${API_TOKEN}', api_key: M };
    const r = redactJson(input);
    expect(r.value).toBe(input);
    expect(r.changed).toBe(false);
  });

  it('redacts JSON-in-a-string (docker json-file log lines)', () => {
    const line = { log: '{"level":"info","password":"hunter22"}\n', stream: 'stdout', time: '2024-05-01T12:00:00Z' };
    const r = redactJson(line);
    expect(r.value.log).toBe(`{"level":"info","password":"${M}"}\n`);
    expect(r.findings).toEqual([{ rule: 'secret-assignment', path: 'log' }]);
  });

  it('quotes keys that are not identifiers in paths', () => {
    const r = redactJson({ headers: { 'x-api-key': chars(24, ALNUM, 6) }, 'a.b': { token: 'abcdef123' } });
    expect(r.findings.map((f) => f.path)).toEqual(['headers["x-api-key"]', '["a.b"].token']);
  });

  it('reports the root as the empty path', () => {
    const r = redactJson(`password=hunter22`);
    expect(r.value).toBe(`password=${M}`);
    expect(r.findings).toEqual([{ rule: 'secret-assignment', path: '' }]);
  });

  it('never mutates the input and shares unchanged branches', () => {
    const input = deepFreeze({
      a: { deep: { list: [1, 2, 3] } },
      b: { password: 'hunter22', keep: ['x'] },
      c: ['plain', 'DB_PASSWORD=hunter22'],
    });
    const before = JSON.stringify(input);
    const r = redactJson(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(r.value).not.toBe(input);
    expect(r.value.a).toBe(input.a); // untouched subtree: same reference
    expect(r.value.b.keep).toBe(input.b.keep);
    expect(r.value.b).not.toBe(input.b);
    expect(r.value.c).toEqual(['plain', `DB_PASSWORD=${M}`]);
  });

  it('returns the input itself when nothing changed', () => {
    const input = { a: [1, 'two', { three: null }], when: new Date(0) };
    const r = redactJson(input);
    expect(r.value).toBe(input);
    expect(r.findings).toEqual([]);
    expect(r.changed).toBe(false);
  });

  it('keeps the key order of a changed object', () => {
    const r = redactJson({ z: 1, password: 'hunter22', a: 2 });
    expect(Object.keys(r.value)).toEqual(['z', 'password', 'a']);
  });

  it('masks a secret that appears in a key, and the path shows only the masked key', () => {
    const gh = fake('gh', 'p_', chars(36, ALNUM, 7));
    const r = redactJson({ [gh]: 'enabled' });
    expect(r.value).toEqual({ '[REDACTED:github-pat]': 'enabled' });
    expect(JSON.stringify(r.findings)).not.toContain(gh);
    expect(r.findings).toEqual([{ rule: 'github-pat', path: '["[REDACTED:github-pat]"]' }]);
  });

  it('treats a "__proto__" key as data, not as the prototype', () => {
    const input = JSON.parse('{"__proto__": {"password": "hunter22"}, "ok": 1}') as Record<string, unknown>;
    const r = redactJson(input);
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect(Object.hasOwn(r.value, '__proto__')).toBe(true);
    expect(JSON.stringify(r.value)).toBe(`{"__proto__":{"password":"${M}"},"ok":1}`);
  });

  it('throws RedactionInputError with the path for a value that contains itself', () => {
    const a: Record<string, unknown> = { list: [] as unknown[] };
    (a.list as unknown[]).push({ back: a });
    let error: unknown;
    try {
      redactJson(a);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RedactionInputError);
    expect((error as RedactionInputError).path).toEqual(['list', 0, 'back']);
  });

  it('walks a shared (non-cyclic) object twice without complaint', () => {
    const shared = { token: 'abcdef123456' };
    const r = redactJson({ a: shared, b: shared });
    expect(r.value).toEqual({ a: { token: M }, b: { token: M } });
  });

  it('uses the known secrets of its redactor', () => {
    const secret = fake('s3', chars(16, BASE64, 8));
    const r = createRedactor({ knownSecrets: [secret] }).json({ note: `the value is ${secret}`, encoded: btoa(secret) });
    expect(r.value).toEqual({ note: 'the value is [REDACTED:known-secret]', encoded: '[REDACTED:known-secret]' });
  });

  it('is deterministic across calls', () => {
    const input = { Env: ['DB_PASSWORD=hunter22', `GH=${fake('gh', 'p_', chars(36, ALNUM, 9))}`], password: 'x1y2z3' };
    expect(JSON.stringify(redactJson(input))).toBe(JSON.stringify(redactJson(input)));
  });
});
