/**
 * A ready-made in-memory host for demos without Docker: a healthy `db` whose
 * logs hold a (fake) planted secret, a `web` and a `cache`.
 * @module
 */
import { createMemoryHost, type MemoryDockerHost } from '../host/memory-host.js';

/** A fake secret the demo `db` prints, so the policies have something to protect. */
export const DEMO_SECRET = 'DB_PASSWORD=demo-hunter2';

/**
 * The in-memory demo host. Its description says it is in memory.
 * @example
 * ```ts
 * const demo = createDemoMemoryHost();
 * demo.setHealth('db', 'unhealthy', 'pg_isready: no response'); // the monitor sees db turn unhealthy
 * const docker = createDockerTools({ hosts: [demo] });
 * ```
 */
export function createDemoMemoryHost(options: { name?: string } = {}): MemoryDockerHost {
  return createMemoryHost({
    name: options.name ?? 'demo',
    containers: [
      {
        name: 'db',
        image: 'postgres:16',
        healthcheck: { test: ['CMD', 'pg_isready', '-U', 'postgres'], intervalMs: 5000, retries: 3 },
        env: { POSTGRES_PASSWORD: 'demo-hunter2' },
        labels: { 'com.example.team': 'data' },
        logs: `database system is ready to accept connections\nconnecting with ${DEMO_SECRET}\nWARNING: checkpoints are occurring too frequently\n`,
      },
      {
        name: 'web',
        image: 'nginx:1.27',
        healthcheck: true,
        labels: { 'com.example.team': 'frontend' },
        logs: '"GET / HTTP/1.1" 200 615\n"GET /health HTTP/1.1" 200 2\n',
      },
      { name: 'cache', image: 'redis:7', labels: { 'com.example.team': 'data' }, logs: 'Ready to accept connections tcp\n' },
    ],
  });
}
