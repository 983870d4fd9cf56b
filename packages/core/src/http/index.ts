/**
 * The AgentOS HTTP API for the web UI: `createAgentOsHandler` (JSON
 * endpoints and a Server-Sent Events stream), saved-workflow stores, and the
 * wire types browser clients import with `import type`. See `docs/http-api.md`.
 * @example
 * ```ts
 * import http from 'node:http';
 * import { createAgentOsHandler, createFileWorkflowStore } from '@agentos/core';
 * const handler = createAgentOsHandler(runtime, {
 *   auth: { token: process.env.AGENTOS_TOKEN! },
 *   monitor,
 *   workflows: createFileWorkflowStore({ dir: '.agentos/workflows' }),
 * });
 * http.createServer((req, res) => handler(req, res)).listen(3000, '127.0.0.1');
 * ```
 * @module
 */
export { createAgentOsHandler, type AgentOsHandler, type AgentOsHandlerOptions } from './handler.js';
export { createAuthenticator, type AuthOption, type Authenticator } from './auth.js';
export { HttpError, HttpConfigError, type HttpErrorOptions } from './errors.js';
export { createMemoryWorkflowStore, createFileWorkflowStore, workflowFileName, type FileWorkflowStoreOptions } from './workflow-store.js';
export {
  ALERT_WORKFLOW_NAME,
  MONITOR_SESSION_NAME,
  alertWorkflow,
  type AlertOptions,
  type ContainerActionOptions,
} from './actions.js';
export { toContainerView, dockerInfo } from './container-view.js';
export { openSse, type SseOptions, type SseStream } from './sse.js';
export { MAX_BODY_BYTES } from './respond.js';
export { AGENTOS_VERSION } from './version.js';
export {
  WorkflowNameSchema,
  WorkflowParamsSchema,
  ContainerNameSchema,
  ContainerParamsSchema,
  HostNameSchema,
  WorkflowBodySchema,
  RunBodySchema,
  ApproveBodySchema,
  RejectBodySchema,
  ContainerActionBodySchema,
  ChatBodySchema,
  RunsQuerySchema,
  ViolationsQuerySchema,
} from './schemas.js';
export { CONTAINER_ACTIONS } from './types.js';
export type {
  Decision,
  Violation,
  ContainerHealth,
  ContainerViewState,
  ContainerView,
  ContainerChange,
  DockerInfo,
  ContainerAction,
  ActionResult,
  InfoResponse,
  HttpErrorBody,
  ValidateResponse,
  ContainerUpdate,
  AgentOsEventMap,
  AgentOsEventName,
  AgentOsEvent,
  AgentChatEvent,
  AgentLike,
  MonitorContainerLike,
  MonitorEventBaseLike,
  MonitorEventMapLike,
  MonitorHostLike,
  MonitorLike,
  WorkflowStoreLike,
} from './types.js';
