import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContainerRefSchema, isContainerRef, parseContainerRef } from './container-ref.js';
import { InvalidContainerRefError } from './errors.js';

describe('container references', () => {
  it('accepts names (with optional leading /) and hex ids, and strips the /', () => {
    expect(parseContainerRef('web-1')).toBe('web-1');
    expect(parseContainerRef('/db_primary.v2')).toBe('db_primary.v2');
    expect(parseContainerRef('0123456789ab')).toBe('0123456789ab');
    expect(parseContainerRef('a'.repeat(64))).toBe('a'.repeat(64));
  });

  it.each([
    ['', 'empty'],
    ['a', 'one character'],
    ['-web', 'leading dash'],
    ['.hidden', 'leading dot'],
    ['../etc/passwd', 'path traversal'],
    ['web/../../x', 'slash'],
    ['web?x=1', 'query string'],
    ['web; rm -rf /', 'shell syntax'],
    ['web name', 'space'],
    ['web\n', 'newline'],
    ['x'.repeat(129), 'too long'],
  ])('rejects %j (%s) with a typed error naming the value', (value) => {
    expect(isContainerRef(value)).toBe(false);
    try {
      parseContainerRef(value);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidContainerRefError);
      expect((e as InvalidContainerRefError).code).toBe('DOCKER_INVALID_CONTAINER_REF');
      expect((e as Error).message).toContain(JSON.stringify(value.slice(0, 200)));
    }
  });

  it('rejects non-strings', () => {
    expect(() => parseContainerRef(42)).toThrow(InvalidContainerRefError);
    expect(() => parseContainerRef(undefined)).toThrow(/expected a string/);
  });

  it('exports a zod schema tools can embed', () => {
    const input = z.strictObject({ container: ContainerRefSchema });
    expect(input.parse({ container: '/web' })).toEqual({ container: 'web' });
    const bad = input.safeParse({ container: 'a b' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/invalid container reference/);
  });
});
