/**
 * `detectDocker`: is a Docker engine reachable? For demos and CLIs that fall
 * back to the in-memory host when there is none, and say so.
 * @module
 */
import { isAgentOSError } from '@agentos/core';
import { createHosts } from '../host/create-hosts.js';
import type { HostConfig, ResolveEnv } from '../host/hosts.js';
import type { DockerHost } from '../host/types.js';

/** Result of {@link detectDocker}. */
export interface DockerDetection {
  /** A daemon answered. */
  available: boolean;
  /** One line for people: `Docker engine 27.1.1 at unix:///var/run/docker.sock`, or why there is none. */
  description: string;
  /** `memory` when the host checked is the in-memory host (it is always "available"). */
  kind: 'docker' | 'memory';
  /** The address checked, e.g. `unix:///var/run/docker.sock`. */
  address: string | null;
  serverVersion?: string;
  apiVersion?: string;
  /** Why it is not available: the typed error's code and message. */
  error?: { code: string; message: string };
}

/** Options of {@link detectDocker}. */
export interface DetectDockerOptions {
  /** What to check (default: the local engine from `DOCKER_HOST`, else `/var/run/docker.sock`). */
  host?: DockerHost | HostConfig;
  /** Give up after this long (default 2000 ms). */
  timeoutMs?: number;
  /** Environment for `DOCKER_HOST` (default `process.env`). */
  env?: ResolveEnv;
}

/**
 * Ping a Docker engine. Never throws: an unreachable daemon, a bad
 * `DOCKER_HOST` or a permission problem is `available: false` with the reason.
 * @example
 * ```ts
 * const docker = await detectDocker();
 * const hosts = docker.available ? [{ name: 'local', fromEnv: true as const }] : [createMemoryHost({ name: 'demo' })];
 * console.log(docker.available ? docker.description : `${docker.description}; using the in-memory demo host`);
 * ```
 */
export async function detectDocker(options: DetectDockerOptions = {}): Promise<DockerDetection> {
  let host: DockerHost;
  try {
    [host] = createHosts(options.host ?? { name: 'local', fromEnv: true }, options.env ?? {}) as [DockerHost];
  } catch (e) {
    const error = { code: isAgentOSError(e) ? e.code : 'DOCKER_HOST_CONFIG', message: e instanceof Error ? e.message : String(e) };
    return { available: false, kind: 'docker', address: null, description: `no usable Docker configuration: ${error.message}`, error };
  }
  const owned = options.host === undefined || host !== options.host;
  try {
    const ping = await host.ping({ signal: AbortSignal.timeout(options.timeoutMs ?? 2000) });
    if (host.kind === 'memory') {
      return { available: true, kind: 'memory', address: host.address, description: host.description };
    }
    return {
      available: true,
      kind: 'docker',
      address: host.address,
      serverVersion: ping.serverVersion,
      apiVersion: ping.apiVersion,
      description: `Docker engine ${ping.serverVersion} at ${host.address}`,
    };
  } catch (e) {
    const error = { code: isAgentOSError(e) ? e.code : 'DOCKER_ERROR', message: e instanceof Error ? e.message : String(e) };
    const why = error.code === 'CANCELLED' || error.code === 'TIMEOUT' ? `no answer within ${options.timeoutMs ?? 2000} ms` : error.message;
    return { available: false, kind: host.kind, address: host.address, description: `no Docker engine at ${host.address} (${why})`, error };
  } finally {
    if (owned) await host.close();
  }
}
