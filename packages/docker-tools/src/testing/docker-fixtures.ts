/**
 * Real-engine test fixtures: is Docker reachable, start a labelled test
 * container, remove a run's containers. Every container gets network mode
 * `none` and the label `agentos.test=<run id>`, so cleanup can always find it.
 * No test framework imports: usable from any runner.
 * @module
 */
import { randomBytes } from 'node:crypto';
import Dockerode from 'dockerode';

/** The offline test image built by `scripts/docker-up.sh` (never pulled). */
export const TEST_IMAGE = process.env.AGENTOS_TEST_IMAGE ?? 'agentos-test-busybox:latest';
/** The label every test container carries; its value is the run id. */
export const TEST_LABEL = 'agentos.test';

let client: Dockerode | undefined;

/**
 * A dockerode client for fixtures (the local socket, or `DOCKER_HOST` if it is a unix socket).
 * @example
 * ```ts
 * await fixtureDocker().getContainer(id).kill();
 * ```
 */
export function fixtureDocker(): Dockerode {
  if (!client) {
    const h = process.env.DOCKER_HOST;
    const socketPath = h && h.startsWith('unix://') ? h.slice(7) : '/var/run/docker.sock';
    client = new Dockerode({ socketPath, host: undefined, port: undefined, timeout: undefined });
  }
  return client;
}

/**
 * The socket the fixtures use.
 * @example
 * ```ts
 * createDockerodeHost({ name: 'local', socketPath: fixtureSocketPath() });
 * ```
 */
export function fixtureSocketPath(): string {
  const h = process.env.DOCKER_HOST;
  return h && h.startsWith('unix://') ? h.slice(7) : '/var/run/docker.sock';
}

/**
 * A fresh run id (lower-case, usable in container names).
 * @example
 * ```ts
 * const runId = newRunId('my-suite'); // 'my-suite-1f2e3d4c'
 * ```
 */
export function newRunId(prefix = 'agentos'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Result of {@link dockerAvailable}. */
export interface DockerAvailability {
  ok: boolean;
  /** Why not, in words a developer can act on. */
  reason?: string;
}

/**
 * Is a Docker engine reachable, and is the test image present?
 * @example
 * ```ts
 * const docker = await dockerAvailable();
 * if (!docker.ok) console.warn(`skipping Docker tests: ${docker.reason}`);
 * ```
 */
export async function dockerAvailable(): Promise<DockerAvailability> {
  const docker = fixtureDocker();
  try {
    await (docker.ping as unknown as (o: object) => Promise<unknown>).call(docker, { abortSignal: AbortSignal.timeout(3000) });
  } catch (e) {
    return { ok: false, reason: `no Docker engine at unix://${fixtureSocketPath()} (${e instanceof Error ? e.message : String(e)}); run scripts/docker-up.sh` };
  }
  try {
    await docker.getImage(TEST_IMAGE).inspect();
  } catch {
    return { ok: false, reason: `test image ${TEST_IMAGE} is missing; run scripts/docker-up.sh (it builds it offline)` };
  }
  return { ok: true };
}

/** What {@link startTestContainer} starts. */
export interface TestContainerSpec {
  /** Run id: becomes the `agentos.test` label value. */
  runId: string;
  /** Container name (default `<runId>-<random>`). */
  name?: string;
  /** Command (argument array). Default: sleep for an hour. */
  cmd?: string[];
  /** A healthcheck test (argument array, e.g. `["CMD", "sh", "-c", "test ! -f /tmp/bad"]`), probed every `intervalMs` (default 250). */
  healthcheck?: { test: string[]; intervalMs?: number; retries?: number; startPeriodMs?: number };
  tty?: boolean;
  labels?: Record<string, string>;
  env?: Record<string, string>;
  restartPolicy?: 'no' | 'always' | 'on-failure';
  /** Start it (default true). */
  start?: boolean;
}

/**
 * Create and start a test container from the offline busybox image, network
 * mode `none`, labelled with the run id.
 * @example
 * ```ts
 * const c = await startTestContainer({ runId, cmd: ['sh', '-c', 'echo hi; sleep 3600'] });
 * ```
 */
export async function startTestContainer(spec: TestContainerSpec): Promise<{ id: string; name: string }> {
  const docker = fixtureDocker();
  const name = spec.name ?? `${spec.runId}-${randomBytes(3).toString('hex')}`;
  const ms = 1_000_000;
  const c = await docker.createContainer({
    name,
    Image: TEST_IMAGE,
    Cmd: spec.cmd ?? ['sleep', '3600'],
    Tty: spec.tty === true,
    Labels: { ...spec.labels, [TEST_LABEL]: spec.runId },
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    ...(spec.healthcheck
      ? {
          Healthcheck: {
            Test: spec.healthcheck.test,
            Interval: (spec.healthcheck.intervalMs ?? 250) * ms,
            Timeout: 2000 * ms,
            Retries: spec.healthcheck.retries ?? 1,
            StartPeriod: (spec.healthcheck.startPeriodMs ?? 0) * ms,
          },
        }
      : {}),
    HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: spec.restartPolicy === 'no' || !spec.restartPolicy ? '' : spec.restartPolicy } },
  });
  if (spec.start !== false) await c.start();
  return { id: c.id, name };
}

/**
 * Force-remove every container labelled with this run id. Safe to call
 * twice; never throws for containers already gone.
 * @example
 * ```ts
 * afterAll(() => removeTestContainers(runId));
 * ```
 */
export async function removeTestContainers(runId: string): Promise<number> {
  const docker = fixtureDocker();
  const list = await docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${runId}`] } });
  await Promise.all(
    list.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch((e: { statusCode?: number }) => {
          if (e.statusCode !== 404 && e.statusCode !== 409) throw e; // 409: removal already in progress
        }),
    ),
  );
  return list.length;
}

/**
 * Poll until `check` returns a value that is not undefined/false, or time out
 * with a message that says what was awaited and what was last seen.
 * @example
 * ```ts
 * await waitFor('container unhealthy', async () => (await host.status(name)).health === 'unhealthy' || undefined, 10_000);
 * ```
 */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : String(last)})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
