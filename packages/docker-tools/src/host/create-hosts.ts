/**
 * Build {@link DockerHost}s from a mixed list of host objects and named
 * configurations, so one process can watch a fleet.
 * @module
 */
import { createDockerodeHost } from './dockerode-host.js';
import { DockerHostConfigError } from './errors.js';
import { resolveHost, type HostConfig, type ResolveEnv } from './hosts.js';
import { createMemoryHost } from './memory-host.js';
import type { DockerHost } from './types.js';

function isDockerHost(v: unknown): v is DockerHost {
  return typeof v === 'object' && v !== null && typeof (v as DockerHost).status === 'function' && typeof (v as DockerHost).events === 'function' && typeof (v as DockerHost).name === 'string';
}

/**
 * Turn host objects and/or configurations into hosts. Names must be unique.
 * The in-memory host is only created when asked for (`kind: 'memory'`).
 * @example
 * ```ts
 * const hosts = createHosts([
 *   { name: 'local', fromEnv: true },
 *   { name: 'edge', sshUrl: 'ssh://ops@edge-1' },
 *   createMemoryHost({ name: 'demo' }),
 * ]);
 * ```
 */
export function createHosts(input: DockerHost | HostConfig | ReadonlyArray<DockerHost | HostConfig>, env: ResolveEnv = {}): DockerHost[] {
  const list = (Array.isArray(input) ? input : [input]) as ReadonlyArray<DockerHost | HostConfig>;
  if (list.length === 0) throw new DockerHostConfigError('no Docker hosts configured', { hint: 'give at least one host, e.g. { name: "local", fromEnv: true }' });
  const seen = new Set<string>();
  return list.map((item, i) => {
    let host: DockerHost;
    if (isDockerHost(item)) host = item;
    else {
      const r = resolveHost(item, env, `hosts[${i}]`);
      host = r.kind === 'memory' ? createMemoryHost({ name: r.name }) : createDockerodeHost(r);
    }
    if (seen.has(host.name)) throw new DockerHostConfigError(`hosts[${i}]: duplicate host name "${host.name}"`, { hint: 'every host needs its own name' });
    seen.add(host.name);
    return host;
  });
}
