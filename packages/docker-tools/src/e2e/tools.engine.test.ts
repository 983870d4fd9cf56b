/**
 * The Docker tools on the real engine, through the guarded runtime:
 * logs with a planted secret, a container turning unhealthy (monitor and
 * health_check), restart, exec, run refusals, and typed errors.
 * Containers: the offline busybox test image, network mode none, labelled
 * with this run's id and removed afterwards even when a test fails.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRuntime, ToolRegistry, workflow, type CallResult, type Runtime } from '@agentos/core';
import { recommendedPolicies, type PolicySetLike, type Sanitizer } from '@agentos/policy';
import { createDockerodeHost } from '../host/dockerode-host.js';
import { createContainerMonitor, type ContainerMonitor } from '../monitor/container-monitor.js';
import { describeDocker } from '../testing/docker-gate.js';
import { fixtureDocker, fixtureSocketPath, newRunId, removeTestContainers, startTestContainer, TEST_IMAGE, TEST_LABEL, waitFor } from '../testing/docker-fixtures.js';
import { createDockerTools, type DockerTools } from '../tools/create-docker-tools.js';

const runId = newRunId('agentos-e2e-tools');
const SECRET = 'SECRET_TOKEN=sk-test-4242';
const safe: Sanitizer = { sanitize: async () => ({ verdict: 'safe' }) };
const allowAll: PolicySetLike = { invocation: [{ tool: '*', action: 'allow', reason: 'e2e: every call allowed' }] };

function ok(r: CallResult): Extract<CallResult, { status: 'succeeded' }> {
  if (r.status !== 'succeeded') throw new Error(`expected success, got ${r.status}: ${JSON.stringify(r)}`);
  return r;
}
function failed(r: CallResult): { code: string; message: string } {
  if (r.status !== 'failed') throw new Error(`expected a failure, got ${r.status}: ${JSON.stringify(r)}`);
  return r.error;
}

async function touch(id: string, file: string) {
  const exec = await fixtureDocker().getContainer(id).exec({ Cmd: ['touch', file] });
  await exec.start({});
}

describeDocker('Docker tools on the real engine', () => {
  let docker: DockerTools;
  let recommended: Runtime;
  let permissive: Runtime;
  let monitor: ContainerMonitor | undefined;
  let chatty: { id: string; name: string };
  let checked: { id: string; name: string };
  let plain: { id: string; name: string };

  beforeAll(async () => {
    docker = createDockerTools({ hosts: [createDockerodeHost({ name: 'local', socketPath: fixtureSocketPath() })] });
    recommended = createRuntime({ registry: new ToolRegistry().register(...docker.all), policies: recommendedPolicies, sanitizer: safe });
    permissive = createRuntime({ registry: new ToolRegistry().register(...docker.all), policies: allowAll });
    [chatty, checked, plain] = await Promise.all([
      startTestContainer({ runId, name: `${runId}-chatty`, cmd: ['sh', '-c', `echo "stdout: ${SECRET}"; echo "stderr: disk at 91%" >&2; exec sleep 3600`] }),
      startTestContainer({ runId, name: `${runId}-checked`, healthcheck: { test: ['CMD', 'sh', '-c', 'if [ -f /tmp/bad ]; then echo "probe: db down"; exit 1; fi'], intervalMs: 250, retries: 1 } }),
      startTestContainer({ runId, name: `${runId}-plain` }),
    ]);
  });
  afterAll(async () => {
    await monitor?.stop();
    await recommended?.close();
    await permissive?.close();
    await docker?.close();
    await removeTestContainers(runId);
  });

  it('docker_logs: the planted secret is read, demultiplexed, and labelled untrusted — through the runtime', async () => {
    await waitFor('the chatty container to log', async () => (await docker.defaultHost.logs(chatty.name)).text.includes('disk at 91%') || undefined, 10_000);
    const run = await recommended.run(workflow('Read logs').step('logs', docker.docker_logs({ container: chatty.name, tail: 50 }))).result;
    const logs = run.steps.logs!;
    expect(logs.status).toBe('succeeded');
    expect(logs.outputOutcome).toBe('untrusted');
    expect(logs.label?.root).toMatchObject({ trust: 'untrusted', sources: [{ step: 'logs', tool: 'docker_logs' }] });
    const out = logs.output as { text: string; stdout: string; stderr: string; tty: boolean; truncated: boolean };
    expect(out.stdout).toBe(`stdout: ${SECRET}\n`);
    expect(out.stderr).toBe('stderr: disk at 91%\n');
    expect(out.text).toContain(SECRET);
    expect(out.text).not.toMatch(/[\x00-\x08]/); // no frame headers leaked into the text
    expect(out).toMatchObject({ tty: false, truncated: false });
  });

  it('a container turning unhealthy is seen by the monitor and by health_check (status trusted, probe output not)', async () => {
    monitor = createContainerMonitor(docker.hosts, { list: { labels: { [TEST_LABEL]: runId } } });
    const seen: string[] = [];
    monitor.on('container:health', (e) => {
      if (e.id === checked.id) seen.push(e.to);
    });
    await monitor.start();
    await waitFor('checked to be healthy', async () => (await docker.defaultHost.status(checked.name)).health === 'healthy' || undefined, 10_000);
    await touch(checked.id, '/tmp/bad');
    await waitFor('the monitor to see checked unhealthy', () => seen.includes('unhealthy') || undefined, 10_000);
    expect(monitor.snapshot().find((c) => c.id === checked.id)?.health).toBe('unhealthy');

    const r = ok(await recommended.session({ mode: 'dataflow' }).call('health_check', { container: checked.name }));
    expect(r.output).toMatchObject({ container: checked.name, host: 'local', state: 'running', status: 'unhealthy', lastOutput: 'probe: db down\n' });
    expect((r.output as { failingStreak: number }).failingStreak).toBeGreaterThanOrEqual(1);
    expect(r.label.fields?.status?.trust).toBe('trusted');
    expect(r.label.fields?.failingStreak?.trust).toBe('trusted');
    expect(r.label.root.trust).toBe('untrusted'); // probes, lastOutput
  });

  it('docker_restart works (allowed by the recommended policies) and the restart count rises', async () => {
    const session = recommended.session({ mode: 'dataflow' });
    const before = ok(await session.call('docker_status', { container: plain.name })).output as { restartCount: number; startedAt: string };
    const r = ok(await session.call('docker_restart', { container: plain.name, timeoutSeconds: 0 }));
    expect(r.outcome).toBe('trusted');
    expect(r.output).toMatchObject({ container: plain.name, action: 'restart', changed: true, state: 'running', restartCount: before.restartCount + 1 });
    const after = ok(await session.call('docker_status', { container: plain.name })).output as { restartCount: number; startedAt: string };
    expect(after.restartCount).toBe(before.restartCount + 1);
    expect(Date.parse(after.startedAt)).toBeGreaterThan(Date.parse(before.startedAt));
  });

  it('docker_exec returns output and exit code; the recommended policies block it before it runs', async () => {
    const r = ok(await permissive.session().call('docker_exec', { container: plain.name, cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'] }));
    expect(r.output).toMatchObject({ host: 'local', exitCode: 3, stdout: 'out\n', stderr: 'err\n', truncated: false });
    expect(r.outcome).toBe('untrusted');

    const blocked = await recommended.session().call('docker_exec', { container: plain.name, cmd: ['touch', '/tmp/exec-ran'] });
    expect(blocked).toMatchObject({ status: 'blocked', decision: { policy: { id: 'docker_exec', action: 'block_always' } } });
    const probe = ok(await permissive.session().call('docker_exec', { container: plain.name, cmd: ['test', '-f', '/tmp/exec-ran'] }));
    expect((probe.output as { exitCode: number }).exitCode).toBe(1);
  });

  it('docker_run refuses a privileged request before it reaches the daemon; a plain one runs with network none', async () => {
    const session = permissive.session();
    const refused = failed(await session.call('docker_run', { image: TEST_IMAGE, name: `${runId}-priv`, cmd: ['sleep', '60'], privileged: true, labels: { [TEST_LABEL]: runId } }));
    expect(refused.code).toBe('DOCKER_REQUEST_REFUSED');
    expect(refused.message).toContain('privileged mode');
    const names = (await docker.defaultHost.listContainers({ labels: { [TEST_LABEL]: runId } })).map((c) => c.name);
    expect(names).not.toContain(`${runId}-priv`);

    const ran = ok(await session.call('docker_run', { image: TEST_IMAGE, name: `${runId}-ran`, cmd: ['sleep', '60'], labels: { [TEST_LABEL]: runId } }));
    expect(ran.output).toMatchObject({ host: 'local', name: `${runId}-ran` });
    const inspect = await docker.defaultHost.inspect(`${runId}-ran`);
    expect((inspect.HostConfig as { NetworkMode: string; Privileged: boolean })).toMatchObject({ NetworkMode: 'none', Privileged: false });

    expect(await recommended.session().call('docker_run', { image: TEST_IMAGE, labels: { [TEST_LABEL]: runId } })).toMatchObject({ status: 'blocked' });
  });

  it('typed errors: a missing container, and an unreachable daemon', async () => {
    const missing = failed(await recommended.session().call('docker_status', { container: `${runId}-ghost` }));
    expect(missing.code).toBe('DOCKER_CONTAINER_NOT_FOUND');
    expect(missing.message).toContain(`no such container "${runId}-ghost" on host "local"`);

    const gone = createDockerTools({ hosts: [{ name: 'gone', socketPath: `/tmp/${runId}-no-daemon.sock` }] });
    const rt = createRuntime({ registry: new ToolRegistry().register(...gone.all), policies: recommendedPolicies });
    const err = failed(await rt.session().call('docker_list', {}));
    expect(err.code).toBe('DOCKER_DAEMON_UNREACHABLE');
    expect(err.message).toContain(`daemon unreachable at unix:///tmp/${runId}-no-daemon.sock`);
    await rt.close();
    await gone.close();
  });
});
