/**
 * Errors of the run and violation stores.
 * @module
 */
import { AgentOSError, type AgentOSErrorOptions } from '@agentos/policy';

/**
 * Stable codes of {@link StoreError}:
 * - `STORE_RECORD_INVALID`: a run or violation does not have the required shape, or cannot be written as JSON.
 * - `STORE_DUPLICATE_ID`: a violation with that id is already stored.
 * - `STORE_FILTER_INVALID`: a list filter is malformed (e.g. a negative `limit`).
 * - `STORE_CLOSED`: the store or log was used after `close()`.
 * - `STORE_LOCKED`: another live process (or another open store in this process) holds the log file.
 * - `STORE_IO`: reading or writing the file failed; `cause` holds the system error.
 */
export type StoreErrorCode =
  | 'STORE_RECORD_INVALID'
  | 'STORE_DUPLICATE_ID'
  | 'STORE_FILTER_INVALID'
  | 'STORE_CLOSED'
  | 'STORE_LOCKED'
  | 'STORE_IO';

/**
 * A run or violation store refused an operation or could not reach its file.
 * @example
 * ```ts
 * try { await stores.violations.append(v); }
 * catch (e) { if (e instanceof StoreError && e.code === 'STORE_RECORD_INVALID') console.error(e.message); }
 * ```
 */
export class StoreError extends AgentOSError {
  declare readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options: AgentOSErrorOptions = {}) {
    super(code, message, options);
  }
}

/**
 * `STORE_DUPLICATE_ID` for a violation id that is already stored.
 * @internal
 */
export function duplicateViolation(id: string): StoreError {
  return new StoreError('STORE_DUPLICATE_ID', `a violation with id "${id}" is already stored`, {
    hint: 'give every violation a unique id (e.g. crypto.randomUUID())',
  });
}
