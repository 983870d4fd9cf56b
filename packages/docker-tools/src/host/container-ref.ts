/**
 * Container references: a Docker name (optionally with a leading `/`) or a
 * 12–64 digit hex id. Validated before anything reaches the daemon, so a
 * reference can never smuggle a path, query string or shell syntax.
 * @module
 */
import { z } from 'zod';
import { InvalidContainerRefError } from './errors.js';

/** Docker's own name rule, with an optional leading `/` (as inspect reports names). */
export const CONTAINER_NAME_PATTERN = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** A full (64) or short (12+) hex container id. */
export const CONTAINER_ID_PATTERN = /^[a-f0-9]{12,64}$/;
/** Longest reference accepted (Docker has no hard limit; 128 keeps URLs and logs sane). */
export const CONTAINER_REF_MAX_LENGTH = 128;

function problem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected a string, got ${value === null ? 'null' : typeof value}`;
  if (value.length === 0) return 'it is empty';
  if (value.length > CONTAINER_REF_MAX_LENGTH) return `it is longer than ${CONTAINER_REF_MAX_LENGTH} characters`;
  if (CONTAINER_ID_PATTERN.test(value) || CONTAINER_NAME_PATTERN.test(value)) return undefined;
  return 'must be a name matching /?[a-zA-Z0-9][a-zA-Z0-9_.-]+ (at least 2 characters) or a 12–64 digit lowercase hex id';
}

/**
 * zod schema of a container reference; tools reuse it in their input schemas.
 * Output is the reference without a leading `/`.
 * @example
 * ```ts
 * const input = z.strictObject({ container: ContainerRefSchema });
 * input.parse({ container: '/web-1' }); // { container: 'web-1' }
 * ```
 */
export const ContainerRefSchema = z
  .string()
  .max(CONTAINER_REF_MAX_LENGTH)
  .superRefine((value, ctx) => {
    const why = problem(value);
    if (why) ctx.addIssue({ code: 'custom', message: `invalid container reference: ${why}` });
  })
  .transform((value) => (value.startsWith('/') ? value.slice(1) : value))
  .describe('Container name (e.g. "web-1") or hex id (12–64 characters)');

/** A validated container reference (name without leading `/`, or hex id). */
export type ContainerRef = z.output<typeof ContainerRefSchema>;

/**
 * True when `value` is a valid container reference.
 * @example
 * ```ts
 * isContainerRef('web-1'); // true
 * isContainerRef('web/..'); // false
 * ```
 */
export function isContainerRef(value: unknown): value is string {
  return problem(value) === undefined;
}

/**
 * Validate a container reference and return it without a leading `/`.
 * Throws {@link InvalidContainerRefError} naming the bad value.
 * @example
 * ```ts
 * parseContainerRef('/web');      // 'web'
 * parseContainerRef('web; rm -rf'); // throws InvalidContainerRefError
 * ```
 */
export function parseContainerRef(value: unknown): ContainerRef {
  const why = problem(value);
  if (why) throw new InvalidContainerRefError(value, why);
  const s = value as string;
  return s.startsWith('/') ? s.slice(1) : s;
}
