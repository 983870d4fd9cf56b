/**
 * The browser client of the AgentOS HTTP API: typed calls, agent chat and
 * live events. Browser-safe (no `node:` modules; types only from
 * `@agentos/core`).
 * @example
 * ```ts
 * import { createAgentOsClient } from '@agentos/react-ui';
 * const client = createAgentOsClient('/api', { token });
 * const stop = client.subscribe((e) => console.log(e.type), { onStatus: (s) => console.log(s) });
 * ```
 * @module
 */
export { createAgentOsClient, type AgentOsClient, type AgentOsClientOptions, type CallOptions } from './client.js';
export { AgentOsHttpError } from './errors.js';
export { subscribeEvents, type SubscribeOptions, type SubscriptionDeps, type SubscriptionStatusDetail } from './subscribe.js';
export { SseParser, readSse, type SseMessage } from './sse-parser.js';
export { AGENTOS_EVENT_NAMES, CONTAINER_ACTION_NAMES } from './types.js';
export type * from './types.js';
