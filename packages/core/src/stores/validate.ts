/**
 * Shape checks for records entering a store, shared by every implementation.
 * @module
 */
import { z } from 'zod';
import { describeZodIssues, issuesToText, ViolationSchema, type Violation } from '@agentos/policy';
import { StoreError } from './errors.js';
import type { RunRecord, RunStatus } from './types.js';

/** Every {@link RunStatus}, for checks and filters. */
export const RUN_STATUSES = [
  'running',
  'succeeded',
  'succeeded_with_violations',
  'failed',
  'cancelled',
  'awaiting_approval',
  'interrupted',
] as const satisfies readonly RunStatus[];

/**
 * The fields a store relies on (id, ordering, filters). The rest of a
 * {@link RunRecord} is typed by TypeScript and kept as is.
 */
const RunShapeSchema = z.looseObject({
  id: z.string().min(1),
  workflow: z.string(),
  status: z.enum(RUN_STATUSES),
  mode: z.enum(['dataflow', 'context']),
  startedAt: z.number().refine(Number.isFinite, 'expected a finite number'),
  endedAt: z.number().optional(),
  steps: z.record(z.string(), z.looseObject({ id: z.string(), tool: z.string(), status: z.string() })),
  violations: z.number(),
});

/**
 * Check that `value` is a storable run; throws `STORE_RECORD_INVALID` naming the bad field.
 * @example
 * ```ts
 * checkRun({ id: 'r1' }); // throws StoreError: run record is invalid: workflow: expected string; …
 * ```
 */
export function checkRun(value: unknown): RunRecord {
  const result = RunShapeSchema.safeParse(value);
  if (!result.success) {
    const issues = describeZodIssues(result.error);
    const id = typeof (value as { id?: unknown })?.id === 'string' ? ` "${(value as { id: string }).id}"` : '';
    throw new StoreError('STORE_RECORD_INVALID', `run record${id} is invalid: ${issuesToText(issues)}`, {
      details: { issues },
      hint: 'save a complete RunRecord (id, workflow, status, mode, startedAt, steps, violations)',
    });
  }
  return value as RunRecord;
}

/**
 * Check `value` against `ViolationSchema`; returns the parsed violation or
 * throws `STORE_RECORD_INVALID` naming the bad field.
 * @example
 * ```ts
 * checkViolation({ ...v, kind: 'oops' }); // throws StoreError: violation record "v1" is invalid: kind: expected one of blocked, sanitized
 * ```
 */
export function checkViolation(value: unknown): Violation {
  const result = ViolationSchema.safeParse(value);
  if (!result.success) {
    const issues = describeZodIssues(result.error);
    const id = typeof (value as { id?: unknown })?.id === 'string' ? ` "${(value as { id: string }).id}"` : '';
    throw new StoreError('STORE_RECORD_INVALID', `violation record${id} is invalid: ${issuesToText(issues)}`, {
      details: { issues },
      hint: 'violations must match ViolationSchema from @agentos/policy',
    });
  }
  return result.data;
}

/**
 * A deep copy through JSON — exactly what a file store keeps — or
 * `STORE_RECORD_INVALID` if the value cannot be written as JSON.
 * @example
 * ```ts
 * jsonCopy({ a: 1, b: undefined }); // { a: 1 }
 * ```
 */
export function jsonCopy<T>(value: T, what: string): T {
  try {
    return JSON.parse(JSON.stringify(value)) as T;
  } catch (e) {
    throw new StoreError('STORE_RECORD_INVALID', `${what} cannot be stored: it is not JSON-serializable (${(e as Error).message})`, {
      cause: e,
      hint: 'records must be plain JSON data: no BigInt values and no cycles',
    });
  }
}

/**
 * A deep copy through `structuredClone`, or `STORE_RECORD_INVALID` if the
 * value holds something that cannot be cloned (a function, a socket…).
 * @example
 * ```ts
 * const copy = deepCopy(run, `run "${run.id}"`);
 * ```
 */
export function deepCopy<T>(value: T, what: string): T {
  try {
    return structuredClone(value);
  } catch (e) {
    throw new StoreError('STORE_RECORD_INVALID', `${what} cannot be stored: ${(e as Error).message}`, {
      cause: e,
      hint: 'records must be plain data: no functions, class instances with handles, or streams',
    });
  }
}
