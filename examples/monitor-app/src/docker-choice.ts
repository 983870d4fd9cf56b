/**
 * Which Docker engine the app watches: the real one when a daemon answers,
 * else the in-memory demo host — and it says which, so the page can show a
 * banner instead of pretending.
 * @module
 */
import { AgentOSError } from '@agentos/policy';
import { createDemoMemoryHost, createHosts, detectDocker, type DockerHost } from '@agentos/docker-tools';

/**
 * `auto`: the local engine (`DOCKER_HOST` or `/var/run/docker.sock`) when it
 * answers, else the in-memory demo host. `docker`: the local engine or an
 * error. `memory`: the in-memory demo host. An array: your own hosts (they
 * stay yours: the app does not close them).
 */
export type DockerChoice = 'auto' | 'docker' | 'memory' | DockerHost[];

/** The hosts chosen, and a sentence saying which and why. */
export interface ChosenHosts {
  hosts: DockerHost[];
  kind: 'docker' | 'memory';
  description: string;
  /** Close the hosts this module created. */
  close(): Promise<void>;
}

/**
 * Pick the Docker hosts for the app.
 * @example
 * ```ts
 * const chosen = await chooseDockerHosts('auto');
 * console.log(chosen.kind, chosen.description); // 'memory', 'no Docker engine at unix:///var/run/docker.sock (…): in-memory Docker host'
 * ```
 */
export async function chooseDockerHosts(choice: DockerChoice = 'auto'): Promise<ChosenHosts> {
  if (Array.isArray(choice)) {
    if (choice.length === 0) {
      throw new AgentOSError('MONITOR_APP_CONFIG', 'docker: the host list is empty', { path: ['docker'], hint: "give at least one host, or 'auto'" });
    }
    const kind = choice.every((h) => h.kind === 'memory') ? 'memory' : 'docker';
    return { hosts: [...choice], kind, description: choice.map((h) => `${h.name}: ${h.description}`).join('; '), close: async () => undefined };
  }
  if (choice === 'memory') return memory('in-memory Docker host chosen (--memory)');
  if (choice !== 'auto' && choice !== 'docker') {
    throw new AgentOSError('MONITOR_APP_CONFIG', `docker: unknown choice ${JSON.stringify(choice)}`, { path: ['docker'], hint: "use 'auto', 'docker', 'memory' or an array of DockerHost" });
  }
  const detected = await detectDocker();
  if (detected.available && detected.kind === 'docker') {
    const hosts = createHosts({ name: 'local', fromEnv: true });
    return { hosts, kind: 'docker', description: detected.description, close: async () => void (await Promise.all(hosts.map((h) => h.close()))) };
  }
  if (choice === 'docker') {
    throw new AgentOSError('DOCKER_UNAVAILABLE', `the real Docker engine was required but ${detected.description}`, {
      path: ['docker'],
      hint: "start dockerd (or set DOCKER_HOST), or use docker: 'auto' to fall back to the in-memory host",
    });
  }
  return memory(`${detected.description}; no daemon found, so the in-memory demo host is used`);
}

function memory(why: string): ChosenHosts {
  const host = createDemoMemoryHost();
  return { hosts: [host], kind: 'memory', description: why, close: () => host.close() };
}
