import { describe, expect, it } from 'vitest';
import { compileDomainAllowList, compileHostAllowList } from './allow-list.js';
import { ToolConfigError } from './config.js';

describe('host allow list', () => {
  const list = compileHostAllowList('t', 'allowedHosts', ['hooks.example.com', '*.example.org', 'api.example.net:8443', 'secure.example.io:443', '[::1]:8080']);

  it.each([
    ['https://hooks.example.com/x', true],
    ['https://HOOKS.Example.com./x', true],
    ['http://hooks.example.com:9999/x', true],
    ['https://a.example.org/x', true],
    ['https://a.b.example.org/x', true],
    ['https://example.org/x', false],
    ['https://evil-example.org/x', false],
    ['https://hooks.example.com.evil.io/x', false],
    ['https://evilhooks.example.com/x', false],
    ['https://api.example.net:8443/x', true],
    ['https://api.example.net/x', false],
    ['https://secure.example.io/x', true],
    ['http://secure.example.io/x', false],
    ['http://[::1]:8080/x', true],
    ['http://[::1]:8081/x', false],
    ['http://127.0.0.1/x', false],
  ])('%s → %s', (url, allowed) => {
    expect(list.allows(new URL(url))).toBe(allowed);
  });

  it('allows nothing when empty', () => {
    expect(compileHostAllowList('t', 'allowedHosts', []).allows(new URL('http://127.0.0.1/'))).toBe(false);
  });

  it.each(['https://hooks.example.com', 'hooks.example.com/path', 'a.*.example.com', '*', 'user@host', '', 'host:99999', 'host:0'])(
    'rejects entry %j',
    (entry) => {
      expect(() => compileHostAllowList('t', 'allowedHosts', [entry])).toThrow(ToolConfigError);
    },
  );

  it('rejects a non-array', () => {
    expect(() => compileHostAllowList('t', 'allowedHosts', 'hooks.example.com' as unknown as string[])).toThrow(/must be an array/);
  });
});

describe('domain allow list', () => {
  const list = compileDomainAllowList('t', 'allowedDomains', ['example.com', '*.corp.example']);
  it.each([
    ['ops@example.com', true],
    ['Ops@EXAMPLE.com', true],
    ['ops@sub.example.com', false],
    ['ops@example.com.evil.io', false],
    ['ops@a.corp.example', true],
    ['ops@corp.example', false],
    ['"x@example.com"@evil.io', false],
    ['no-at-sign', false],
  ])('%s → %s', (address, allowed) => {
    expect(list.allows(address)).toBe(allowed);
  });

  it.each(['@example.com', 'example.com:25', '*', 'a.*.b'])('rejects entry %j', (entry) => {
    expect(() => compileDomainAllowList('t', 'allowedDomains', [entry])).toThrow(ToolConfigError);
  });
});
