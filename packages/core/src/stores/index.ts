/**
 * Run and violation stores: small interfaces, an in-memory implementation and
 * a durable append-only one on disk.
 *
 * @example
 * ```ts
 * import { createStores } from '@agentos/core';
 * const { runs, violations, close } = await createStores(); // <cwd>/.agentos/
 * const pending = await runs.list({ status: ['awaiting_approval', 'running', 'interrupted'] });
 * const recent = await violations.list({ since: Date.now() - 3_600_000, tool: 'slack_notify' });
 * await close();
 * ```
 * @module
 */
export type {
  RunStatus,
  StepStatus,
  ApprovalArgument,
  PendingApproval,
  StepRecordState,
  RunRecord,
  RunFilter,
  RunStore,
  ViolationFilter,
  ViolationStore,
} from './types.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { createMemoryRunStore, createMemoryViolationStore } from './memory.js';
export {
  createFileRunStore,
  createFileViolationStore,
  RUNS_FILE,
  VIOLATIONS_FILE,
  type FileStoreOptions,
  type FileRunStoreOptions,
  type FileRunStore,
  type FileViolationStore,
  type AutoCompactOptions,
} from './file.js';
export { createStores, defaultStoreDir, DEFAULT_STORE_DIR_NAME, type Stores, type StoresOptions } from './create.js';
export { openAppendLog, type AppendLog, type AppendLogOptions } from './append-log.js';
export { checkRun, checkViolation, RUN_STATUSES } from './validate.js';
