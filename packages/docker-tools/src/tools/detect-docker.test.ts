import { describe, expect, it } from 'vitest';
import { createMemoryHost } from '../host/memory-host.js';
import { describeDocker } from '../testing/docker-gate.js';
import { fixtureSocketPath } from '../testing/docker-fixtures.js';
import { createDemoMemoryHost, DEMO_SECRET } from './demo-host.js';
import { detectDocker } from './detect-docker.js';

describe('detectDocker', () => {
  it('no daemon: available false, with the address and why', async () => {
    const d = await detectDocker({ env: { env: { DOCKER_HOST: 'unix:///tmp/agentos-missing-docker.sock' } } });
    expect(d).toMatchObject({ available: false, kind: 'docker', address: 'unix:///tmp/agentos-missing-docker.sock', error: { code: 'DOCKER_DAEMON_UNREACHABLE' } });
    expect(d.description).toMatch(/^no Docker engine at unix:\/\/\/tmp\/agentos-missing-docker\.sock \(daemon unreachable/);
  });

  it('a bad DOCKER_HOST: available false, never a throw', async () => {
    const d = await detectDocker({ env: { env: { DOCKER_HOST: 'ftp://nope' } } });
    expect(d).toMatchObject({ available: false, address: null, error: { code: 'DOCKER_HOST_CONFIG' } });
    expect(d.description).toContain('unsupported scheme');
  });

  it('the in-memory host says it is in memory', async () => {
    const d = await detectDocker({ host: createMemoryHost({ name: 'demo' }) });
    expect(d).toEqual({ available: true, kind: 'memory', address: 'memory://demo', description: 'in-memory Docker host (no daemon)' });
  });

  it('the demo host has db (healthy, with a planted fake secret in its logs), web and cache', async () => {
    const demo = createDemoMemoryHost();
    expect(demo.kind).toBe('memory');
    expect((await demo.listContainers()).map((c) => [c.name, c.health]).sort()).toEqual([['cache', 'none'], ['db', 'healthy'], ['web', 'healthy']]);
    expect((await demo.logs('db')).text).toContain(DEMO_SECRET);
  });
});

describeDocker('detectDocker on the real engine', () => {
  it('finds the local engine and names its version and address', async () => {
    const d = await detectDocker({ host: { name: 'local', socketPath: fixtureSocketPath() } });
    expect(d.available).toBe(true);
    expect(d.kind).toBe('docker');
    expect(d.description).toBe(`Docker engine ${d.serverVersion} at unix://${fixtureSocketPath()}`);
  });
});
