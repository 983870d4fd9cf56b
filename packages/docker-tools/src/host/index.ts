/**
 * The Docker host layer of `@agentos/docker-tools`: the `DockerHost`
 * interface, the real engine (dockerode), the in-memory host, host
 * configuration, typed errors, and the safe-text / demux / NDJSON helpers.
 * @module
 */
export * from './types.js';
export * from './errors.js';
export * from './container-ref.js';
export * from './run-spec.js';
export * from './sanitize-text.js';
export * from './demux.js';
export * from './ndjson.js';
export * from './logs.js';
export * from './normalize.js';
export * from './hosts.js';
export { createDockerodeHost, type DockerodeHostExtras } from './dockerode-host.js';
export * from './memory-host.js';
export * from './create-hosts.js';
