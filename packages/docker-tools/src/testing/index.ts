/**
 * Test helpers for code built on the Docker host layer: real-engine fixtures
 * (labelled, network-less busybox containers) and the in-memory host.
 * @module
 */
export * from './docker-fixtures.js';
export { createMemoryHost, type MemoryDockerHost, type MemoryHostOptions, type MemoryContainerSpec, type ExecHandler } from '../host/memory-host.js';
