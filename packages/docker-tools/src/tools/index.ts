/**
 * The Docker tools: `createDockerTools`, each tool's factory and schemas,
 * the default trust table, `detectDocker`, the in-memory demo host and the
 * monitor → runbook wiring.
 * @module
 */
export * from './errors.js';
export * from './schemas.js';
export * from './trust.js';
export { createHostSet, type HostSet } from './host-set.js';
export { checkProbeUrl, probeHttp, DEFAULT_PROBE_HOSTS, type HttpProbeConfig, type HttpProbeResult, type ProbeFetch } from './http-probe.js';
export * from './read-tools.js';
export * from './health-check.js';
export * from './action-tools.js';
export * from './exec-run-tools.js';
export * from './create-docker-tools.js';
export * from './detect-docker.js';
export * from './demo-host.js';
export * from './connect-monitor.js';
