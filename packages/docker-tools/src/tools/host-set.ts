/**
 * The hosts a tool set works on, and how a tool's optional `host` argument
 * picks one.
 * @module
 */
import { DockerHostConfigError } from '../host/errors.js';
import type { DockerHost } from '../host/types.js';
import { UnknownDockerHostError } from './errors.js';

/** Named hosts with a default. */
export interface HostSet {
  readonly hosts: readonly DockerHost[];
  readonly defaultHost: DockerHost;
  /** The host named `name`, or the default host. Throws {@link UnknownDockerHostError}. */
  pick(name: string | undefined): DockerHost;
}

/**
 * Build a {@link HostSet}. The default is `defaultHost` when given, else the first host.
 * @example
 * ```ts
 * const set = createHostSet([local, prod], 'local');
 * set.pick(undefined).name; // 'local'
 * set.pick('prod').name;    // 'prod'
 * ```
 */
export function createHostSet(hosts: readonly DockerHost[], defaultHost?: string): HostSet {
  if (hosts.length === 0) throw new DockerHostConfigError('no Docker hosts configured', { hint: 'give at least one host, e.g. { name: "local", fromEnv: true }' });
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const names = hosts.map((h) => h.name);
  let fallback = hosts[0] as DockerHost;
  if (defaultHost !== undefined) {
    const h = byName.get(defaultHost);
    if (!h) throw new DockerHostConfigError(`defaultHost "${defaultHost}" is not one of the configured hosts (${names.join(', ')})`, { path: ['defaultHost'] });
    fallback = h;
  }
  return {
    hosts,
    defaultHost: fallback,
    pick(name) {
      if (name === undefined) return fallback;
      const h = byName.get(name);
      if (!h) throw new UnknownDockerHostError(name, names);
      return h;
    },
  };
}
