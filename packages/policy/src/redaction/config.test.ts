import { describe, expect, it } from 'vitest';
import { isAgentOSError } from '../errors.js';
import { DEFAULT_REDACTION_RULES, RedactionConfigError, createRedactor, type RedactionRule, type RedactorOptions } from './index.js';
import { ALNUM, HEX, chars, fake } from './test-fakes.js';

function configError(options: unknown): RedactionConfigError {
  try {
    createRedactor(options as RedactorOptions);
  } catch (e) {
    expect(e).toBeInstanceOf(RedactionConfigError);
    expect(isAgentOSError(e)).toBe(true);
    return e as RedactionConfigError;
  }
  throw new Error('expected createRedactor to throw');
}

const acme: RedactionRule = {
  id: 'acme-api-key',
  description: 'Acme API key',
  pattern: /\b(acme_[0-9a-f]{32})\b/,
  secretGroup: 1,
  keywords: ['acme_'],
};

describe('createRedactor options', () => {
  it('runs extra rules', () => {
    const key = fake('acme', '_', chars(32, HEX, 1));
    const r = createRedactor({ rules: [acme] });
    expect(r.text(`calling acme with ${key}`).value).toBe('calling acme with [REDACTED:acme-api-key]');
    // The default redactor does not know the format.
    expect(createRedactor().text(key).changed).toBe(false);
  });

  it('lets an extra rule veto matches with accept', () => {
    const r = createRedactor({ rules: [{ ...acme, accept: (secret) => !secret.endsWith('0'.repeat(8)) }] });
    expect(r.text(fake('acme_', chars(24, HEX, 2), '00000000')).changed).toBe(false);
    expect(r.text(fake('acme_', chars(24, HEX, 2), '00000001')).changed).toBe(true);
  });

  it('uses a custom replacement, and stays idempotent with it', () => {
    const r = createRedactor({ replacement: (rule) => `<${rule}>` });
    const once = r.text('DB_PASSWORD=hunter22 API_KEY="abc123def"');
    expect(once.value).toBe('DB_PASSWORD=<secret-assignment> API_KEY="<secret-assignment>"');
    expect(r.text(once.value).changed).toBe(false);
  });

  it('switches built-in rules off with disabledRules', () => {
    const gh = fake('gh', 'p_', chars(36, ALNUM, 3));
    const r = createRedactor({ disabledRules: ['github-pat'] });
    expect(r.text(`clone ${gh}`).changed).toBe(false);
    // Other rules still run, and can still catch it by its key.
    expect(r.text(`GITHUB_TOKEN=${gh}`).value).toBe('GITHUB_TOKEN=[REDACTED:secret-assignment]');
  });

  it('rejects an unknown option', () => {
    expect(configError({ knownSecret: ['x'] }).message).toMatch(/unknown key "knownSecret"/);
  });

  it('rejects a single string as knownSecrets (it would register each character)', () => {
    expect(configError({ knownSecrets: 'hunter22' }).message).toMatch(/knownSecrets: expected an iterable of strings/);
  });

  it('rejects a non-string known secret with its position', () => {
    const e = configError({ knownSecrets: ['hunter22', 42] });
    expect(e.path).toEqual(['knownSecrets', 1]);
    expect(e.message).toMatch(/must be a string, got number/);
  });

  it('rejects a rule id that is not kebab-case', () => {
    expect(configError({ rules: [{ ...acme, id: 'Acme Key' }] }).message).toMatch(/rules\[0\]\.id: rule ids are kebab-case/);
  });

  it('rejects a rule without a RegExp', () => {
    expect(configError({ rules: [{ ...acme, pattern: 'acme_[0-9a-f]{32}' }] }).message).toMatch(/rules\[0\]\.pattern: expected a RegExp/);
  });

  it('rejects a secretGroup the pattern does not have', () => {
    const e = configError({ rules: [{ ...acme, secretGroup: 2 }] });
    expect(e.path).toEqual(['rules', 0, 'secretGroup']);
    expect(e.message).toMatch(/has 1 capture group/);
  });

  it('rejects a pattern that matches the empty string', () => {
    expect(configError({ rules: [{ ...acme, pattern: /(x*)/ }] }).path).toEqual(['rules', 0, 'pattern']);
  });

  it('rejects an id that a built-in rule already has, or a duplicate', () => {
    expect(configError({ rules: [{ ...acme, id: 'jwt' }] }).hint).toMatch(/disabledRules/);
    expect(configError({ rules: [acme, acme] }).path).toEqual(['rules', 1, 'id']);
    expect(configError({ rules: [{ ...acme, id: 'known-secret' }] }).path).toEqual(['rules', 0, 'id']);
  });

  it('rejects an unknown id in disabledRules and lists the real ones', () => {
    const e = configError({ disabledRules: ['github-token'] });
    expect(e.path).toEqual(['disabledRules', 0]);
    expect(e.hint).toContain('github-pat');
  });

  it('rejects a replacement that does not return a string', () => {
    expect(configError({ replacement: () => 42 }).message).toMatch(/returned number, not a string/);
  });

  it('does not let a rule flag like y (sticky) change matching', () => {
    const r = createRedactor({ rules: [{ ...acme, pattern: /(acme_[0-9a-f]{32})/y }] });
    expect(r.text(`x ${fake('acme_', chars(32, HEX, 4))}`).changed).toBe(true);
  });

  it('survives an accept function that calls the redactor again', () => {
    // The inner call runs the same rule on another text; sharing regex state would lose matches.
    let inner = false;
    const other = fake('acme_', chars(32, HEX, 6));
    const r = createRedactor({
      rules: [
        {
          ...acme,
          accept: () => {
            if (inner) return true;
            inner = true;
            try {
              return r.text(`x ${other} y ${other}`).findings.length === 2;
            } finally {
              inner = false;
            }
          },
        },
      ],
    });
    const key = fake('acme_', chars(32, HEX, 5));
    expect(r.text(`a ${key} b ${key}`).value).toBe('a [REDACTED:acme-api-key] b [REDACTED:acme-api-key]');
  });

  it('has unique kebab-case ids for every built-in rule', () => {
    const ids = DEFAULT_REDACTION_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});
