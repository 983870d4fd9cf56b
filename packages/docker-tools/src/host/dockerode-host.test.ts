import { afterAll, expect, it } from 'vitest';
import { describeDocker } from '../testing/docker-gate.js';
import { TEST_IMAGE, fixtureDocker, fixtureSocketPath, newRunId, removeTestContainers, startTestContainer, waitFor } from '../testing/docker-fixtures.js';
import { CONTRACT_HEALTHCHECK, CONTRACT_PROGRAMS, runDockerHostContract, type DockerHostHarness } from './contract.test-suite.js';
import { createDockerodeHost } from './dockerode-host.js';
import { TimeoutError } from '@agentos/core';

const runId = newRunId('agentos-host');

function realHarness(): DockerHostHarness {
  const host = createDockerodeHost({ name: 'local', socketPath: fixtureSocketPath() });
  let n = 0;
  return {
    host,
    image: TEST_IMAGE,
    labels: { 'agentos.test': runId },
    settleMs: 8000,
    async start(program, options = {}) {
      return startTestContainer({
        runId,
        name: `${runId}-${program}-${++n}`,
        cmd: [...CONTRACT_PROGRAMS[program].cmd],
        tty: options.tty === true,
        ...(options.healthcheck ? { healthcheck: { test: CONTRACT_HEALTHCHECK, intervalMs: 250, retries: 1 } } : {}),
      });
    },
    unreachableHost() {
      return createDockerodeHost({ name: 'nowhere', socketPath: `/tmp/agentos-no-such-docker-${runId}.sock` });
    },
    async cleanup() {
      await host.close();
      await removeTestContainers(runId);
    },
  };
}

describeDocker('dockerode host (real engine)', () => {
  afterAll(() => removeTestContainers(runId));

  runDockerHostContract('real Docker engine', async () => realHarness());

  it('describes itself as the engine at its address', () => {
    const host = createDockerodeHost({ name: 'local', socketPath: '/var/run/docker.sock' });
    expect(host.kind).toBe('docker');
    expect(host.address).toBe('unix:///var/run/docker.sock');
    expect(host.description).toBe('Docker engine at unix:///var/run/docker.sock');
  });

  it('counts manual restarts made by someone else (docker CLI, another process)', async () => {
    const host = createDockerodeHost({ name: 'local', socketPath: fixtureSocketPath() });
    const c = await startTestContainer({ runId });
    await fixtureDocker().getContainer(c.id).restart({ t: 0 });
    // Docker itself reports RestartCount 0 for a manual restart …
    expect((await fixtureDocker().getContainer(c.id).inspect()).RestartCount).toBe(0);
    // … the host counts it from the daemon's restart events.
    expect((await host.status(c.name)).restartCount).toBe(1);
  });

  it('counts restart-policy restarts (Docker RestartCount)', async () => {
    const host = createDockerodeHost({ name: 'local', socketPath: fixtureSocketPath() });
    const c = await startTestContainer({ runId, cmd: ['sh', '-c', 'sleep 0.2; exit 3'], restartPolicy: 'on-failure' });
    const s = await waitFor('a policy restart', async () => {
      const st = await host.status(c.name);
      return st.restartCount >= 1 ? st : undefined;
    }, 10_000);
    expect(s.restartCount).toBeGreaterThanOrEqual(1);
  });

  it('exec gives up after timeoutMs with a TimeoutError', async () => {
    const host = createDockerodeHost({ name: 'local', socketPath: fixtureSocketPath() });
    const c = await startTestContainer({ runId });
    const t0 = Date.now();
    await expect(host.exec(c.name, ['sleep', '5'], { timeoutMs: 300 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('an events stream survives longer than the request timeout (no client-wide timeout)', async () => {
    const host = createDockerodeHost({ name: 'local', socketPath: fixtureSocketPath(), requestTimeoutMs: 300 });
    const stream = await host.events();
    await new Promise((r) => setTimeout(r, 800));
    const c = await startTestContainer({ runId, start: false });
    const mine = (async () => {
      for await (const ev of stream) if (ev.id === c.id && ev.action === 'start') return ev;
      return undefined;
    })();
    await fixtureDocker().getContainer(c.id).start();
    const first = await mine;
    stream.close();
    expect(first).toMatchObject({ id: c.id, action: 'start', name: c.name });
  });
});
