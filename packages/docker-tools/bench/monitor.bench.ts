/**
 * Docker tools benchmark, on the real engine (skips with a message when no
 * daemon is reachable).
 *
 * 1. Monitor latency. 8 containers per round whose health check starts
 *    failing, then are killed, then removed. Side by side in this process:
 *    our container monitor, and a raw subscriber on the daemon's events
 *    stream (a plain dockerode `getEvents` subscription). For each event
 *    (unhealthy, die, destroy) we record when the raw stream delivered it
 *    and when our monitor emitted it, plus the daemon's own timestamp.
 *    Targets: ours − raw ≤ 2 ms p50 and ≤ 20 ms p99; daemon time → our
 *    event ≤ 5 ms p50; "unhealthy" visible within interval × retries + one
 *    interval + 200 ms after the fault is planted.
 * 2. `docker_list` on 200 containers, through the guarded runtime: time and
 *    memory (a raw `listContainers` call for scale).
 *
 *   npm run bench -w @agentos/docker-tools                 # print
 *   npm run bench -w @agentos/docker-tools -- --write-docs # also update docs/performance.md ("## Docker tools")
 *
 * Environment: ROUNDS (default 3), LIST_CONTAINERS (default 200).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem } from 'node:os';
import { createRuntime, ToolRegistry } from '@agentos/core';
import { recommendedPolicies } from '@agentos/policy';
import { createDockerodeHost } from '../src/host/dockerode-host.js';
import { createContainerMonitor } from '../src/monitor/container-monitor.js';
import { dockerAvailable, fixtureDocker, fixtureSocketPath, newRunId, removeTestContainers, TEST_IMAGE, TEST_LABEL } from '../src/testing/docker-fixtures.js';
import { createDockerTools } from '../src/tools/create-docker-tools.js';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PER_ROUND = 8;
const LIST_N = Number(process.env.LIST_CONTAINERS ?? 200);
const INTERVAL_MS = 500;
const RETRIES = 2;
const VISIBLE_BOUND_MS = INTERVAL_MS * RETRIES + INTERVAL_MS + 200;
const docsPath = fileURLToPath(new URL('../../../docs/performance.md', import.meta.url));

type Kind = 'unhealthy' | 'die' | 'destroy';

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

/** The raw subscriber: a plain dockerode getEvents stream, NDJSON split by line. */
async function rawSubscriber(runId: string, onEvent: (kind: Kind, id: string, at: number) => void) {
  const stream = (await fixtureDocker().getEvents({})) as NodeJS.ReadableStream & { destroy(): void };
  let buf = '';
  stream.on('data', (chunk: Buffer) => {
    const at = performance.now();
    buf += chunk.toString('utf8');
    let i: number;
    while ((i = buf.indexOf('\n')) !== -1) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.trim()) continue;
      const e = JSON.parse(line) as { Type?: string; Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
      if (e.Type !== 'container' || e.Actor?.Attributes?.[TEST_LABEL] !== runId) continue;
      const kind: Kind | undefined = e.Action === 'health_status: unhealthy' ? 'unhealthy' : e.Action === 'die' ? 'die' : e.Action === 'destroy' ? 'destroy' : undefined;
      if (kind) onEvent(kind, e.Actor.ID ?? '', at);
    }
  });
  stream.on('error', () => undefined);
  return () => stream.destroy();
}

async function createContainers(runId: string, namePrefix: string, n: number, withHealth: boolean, start: boolean): Promise<string[]> {
  const docker = fixtureDocker();
  return mapLimit(Array.from({ length: n }, (_, i) => i), 8, async (i) => {
    const c = await docker.createContainer({
      name: `${namePrefix}-${i}`,
      Image: TEST_IMAGE,
      Cmd: ['sleep', '3600'],
      Labels: { [TEST_LABEL]: runId },
      HostConfig: { NetworkMode: 'none' },
      ...(withHealth
        ? { Healthcheck: { Test: ['CMD', 'sh', '-c', 'test ! -f /tmp/bad'], Interval: INTERVAL_MS * 1e6, Timeout: 2000 * 1e6, Retries: RETRIES, StartPeriod: 0 } }
        : {}),
    });
    if (start) await c.start();
    return c.id;
  });
}

async function waitUntil(what: string, check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function monitorBench(runId: string) {
  const raw = new Map<string, number>();
  const ours = new Map<string, number>();
  const daemonToOurs: number[] = [];
  const visible: number[] = [];
  const planted = new Map<string, number>();
  const stopRaw = await rawSubscriber(runId, (kind, id, at) => raw.set(`${kind}:${id}`, at));
  const host = createDockerodeHost({ name: 'local', socketPath: fixtureSocketPath() });
  const monitor = createContainerMonitor(host, { list: { labels: { [TEST_LABEL]: runId } } });
  const healthy = new Set<string>();
  const note = (kind: Kind, id: string, time: number, receivedAt: number) => {
    ours.set(`${kind}:${id}`, performance.now());
    daemonToOurs.push(receivedAt - time);
  };
  monitor.on('container:health', (e) => {
    if (e.to === 'healthy') healthy.add(e.id);
    if (e.to !== 'unhealthy') return;
    note('unhealthy', e.id, e.time, e.receivedAt);
    const t0 = planted.get(e.id);
    if (t0 !== undefined) visible.push(e.receivedAt - t0);
  });
  monitor.on('container:die', (e) => note('die', e.id, e.time, e.receivedAt));
  monitor.on('container:state', (e) => {
    if (e.to === 'removed') note('destroy', e.id, e.time, e.receivedAt);
  });
  await monitor.start();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const ids = await createContainers(runId, `${runId}-r${round}`, PER_ROUND, true, true);
      await waitUntil('8 healthy containers', () => ids.every((id) => healthy.has(id)), 20_000);
      // Plant the fault in all eight at once.
      await Promise.all(
        ids.map(async (id) => {
          const exec = await fixtureDocker().getContainer(id).exec({ Cmd: ['touch', '/tmp/bad'] });
          await exec.start({});
          planted.set(id, Date.now());
        }),
      );
      await waitUntil('8 unhealthy events', () => ids.every((id) => ours.has(`unhealthy:${id}`) && raw.has(`unhealthy:${id}`)), 20_000);
      await Promise.all(ids.map((id) => fixtureDocker().getContainer(id).kill()));
      await waitUntil('8 die events', () => ids.every((id) => ours.has(`die:${id}`) && raw.has(`die:${id}`)), 20_000);
      await Promise.all(ids.map((id) => fixtureDocker().getContainer(id).remove({ force: true })));
      await waitUntil('8 destroy events', () => ids.every((id) => ours.has(`destroy:${id}`) && raw.has(`destroy:${id}`)), 20_000);
      process.stderr.write(`  round ${round + 1}/${ROUNDS} done\n`);
    }
  } finally {
    await monitor.stop();
    await host.close();
    stopRaw();
  }
  const deltas: Record<Kind, number[]> = { unhealthy: [], die: [], destroy: [] };
  for (const [key, at] of ours) {
    const r = raw.get(key);
    if (r !== undefined) deltas[key.split(':')[0] as Kind].push(at - r);
  }
  const all = [...deltas.unhealthy, ...deltas.die, ...deltas.destroy];
  return { deltas, all, daemonToOurs, visible };
}

async function listBench(runId: string) {
  const t0 = Date.now();
  await createContainers(runId, runId, LIST_N, false, true);
  const setupMs = Date.now() - t0;
  const docker = createDockerTools({ hosts: [createDockerodeHost({ name: 'local', socketPath: fixtureSocketPath() })] });
  const runtime = createRuntime({ registry: new ToolRegistry().register(...docker.all), policies: recommendedPolicies });
  const session = runtime.session({ mode: 'dataflow' });
  const times: number[] = [];
  const rawTimes: number[] = [];
  let heapDelta = 0;
  let outputBytes = 0;
  let count = 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  try {
    for (let i = 0; i < 6; i++) {
      gc?.();
      const heap0 = process.memoryUsage().heapUsed;
      const s = performance.now();
      const r = await session.call('docker_list', { labels: { [TEST_LABEL]: runId } });
      const t = performance.now() - s;
      if (r.status !== 'succeeded') throw new Error(`docker_list ${r.status}: ${JSON.stringify(r)}`);
      const heap1 = process.memoryUsage().heapUsed;
      count = (r.output as { count: number }).count;
      outputBytes = Buffer.byteLength(JSON.stringify(r.output));
      if (i > 0) {
        times.push(t);
        heapDelta = Math.max(heapDelta, heap1 - heap0);
      }
      const rs = performance.now();
      await fixtureDocker().listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${runId}`] } });
      if (i > 0) rawTimes.push(performance.now() - rs);
    }
  } finally {
    await runtime.close();
    await docker.close();
  }
  return { setupMs, count, median: pct(times, 50), max: Math.max(...times), rawMedian: pct(rawTimes, 50), heapDelta, outputBytes, rss: process.memoryUsage().rss };
}

function section(m: Awaited<ReturnType<typeof monitorBench>>, l: Awaited<ReturnType<typeof listBench>>, version: string, checks: Array<[string, boolean]>): string {
  const row = (name: string, xs: number[]) => `| ${name} | ${xs.length} | ${ms(pct(xs, 50))} | ${ms(pct(xs, 99))} | ${ms(Math.max(...xs))} |`;
  return `## Docker tools

Measured by \`packages/docker-tools/bench/monitor.bench.ts\` on the real engine (Docker ${version}, ${cpus().length} cores,
${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.versions.node}); it skips with a message where no daemon is reachable.

### Reproduce

\`\`\`sh
bash scripts/docker-up.sh                      # builds the offline test image
npm run bench -w @agentos/docker-tools          # add -- --write-docs to update this section
\`\`\`

### Monitor latency

${ROUNDS} rounds × ${PER_ROUND} containers (busybox, healthcheck every ${INTERVAL_MS} ms, ${RETRIES} retries): the health check
starts failing in all eight at once, then they are killed, then removed. In the same process, side by side: our
container monitor and a raw subscriber on the daemon's events stream (a plain dockerode \`getEvents\`
subscription, NDJSON split by line). "ours − raw" is when our monitor emitted the event minus when the raw stream
delivered it (both \`performance.now()\`); negative means ours came first (each has its own connection).

| event | n | p50 | p99 | max |
|---|---|---|---|---|
${row('ours − raw: unhealthy', m.deltas.unhealthy)}
${row('ours − raw: die', m.deltas.die)}
${row('ours − raw: destroy', m.deltas.destroy)}
${row('ours − raw: all', m.all)}
${row('daemon timestamp → our event', m.daemonToOurs)}
${row('fault planted → "unhealthy" seen', m.visible)}

Bound for "unhealthy" visible: interval × retries + one interval + 200 ms = ${VISIBLE_BOUND_MS} ms.
${pct(m.deltas.die, 99) > 20 ? `
Why \`die\` lags: before emitting \`container:die\` (and \`start\`, \`restart\`, \`create\`) the monitor re-reads the container
(\`host.status()\`: an inspect plus a read of the daemon's restart-event history) and it applies events one at a time,
so when eight containers die at once the eighth \`die\` waits for seven refreshes. Health and destroy events need no
refresh and arrive with the raw stream. Emitting \`die\` from the event itself (the exit code is in its attributes) and
refreshing afterwards would remove the lag.
` : ''}
### \`docker_list\` on ${l.count} containers

Through the guarded runtime (recommended policies), ${l.count} running containers, 5 timed calls after one warm-up.
\`docker_list\` inspects every container (health, restart count and uptime are not in Docker's list
answer), 8 at a time; the raw \`listContainers\` call (one request, no inspect) is shown for scale.

| measure | value |
|---|---|
| docker_list, median | ${ms(l.median)} |
| docker_list, slowest | ${ms(l.max)} |
| raw listContainers, median | ${ms(l.rawMedian)} |
| heap growth during one call (max) | ${mib(l.heapDelta)} |
| output size (JSON) | ${(l.outputBytes / 1024).toFixed(0)} KiB |
| process RSS after | ${mib(l.rss)} |

### Targets

| target | result |
|---|---|
${checks.map(([name, pass]) => `| ${name} | ${pass ? 'PASS' : 'FAIL'} |`).join('\n')}
`;
}

function writeSection(text: string) {
  const current = existsSync(docsPath) ? readFileSync(docsPath, 'utf8') : '';
  if (!current) {
    writeFileSync(docsPath, `# Performance\n\n${text}`);
    return;
  }
  const start = current.search(/^## Docker tools\s*$/m);
  if (start === -1) {
    writeFileSync(docsPath, `${current.replace(/\s*$/, '\n\n')}${text}`);
    return;
  }
  const rest = current.slice(start + 1);
  const next = rest.search(/^## /m);
  const end = next === -1 ? current.length : start + 1 + next;
  writeFileSync(docsPath, `${current.slice(0, start)}${text}${next === -1 ? '' : `\n${current.slice(end)}`}`);
}

async function main() {
  const availability = await dockerAvailable();
  if (!availability.ok) {
    console.log(`docker-tools bench skipped: ${availability.reason}`);
    return;
  }
  const version = ((await fixtureDocker().version()) as { Version: string }).Version;
  const runId = newRunId('agentos-bench');
  const cleanup = () => removeTestContainers(runId).catch(() => 0);
  process.once('SIGINT', () => void Promise.all([cleanup(), removeTestContainers(`${runId}-list`).catch(() => 0)]).finally(() => process.exit(130)));
  let m, l;
  try {
    console.log(`monitor latency: ${ROUNDS} rounds × ${PER_ROUND} containers…`);
    m = await monitorBench(runId);
    console.log(`docker_list: creating ${LIST_N} containers…`);
    l = await listBench(`${runId}-list`);
  } finally {
    await Promise.all([cleanup(), removeTestContainers(`${runId}-list`).catch(() => 0)]);
  }
  const checks: Array<[string, boolean]> = [
    [`ours − raw p50 ≤ 2 ms (${ms(pct(m.all, 50))})`, pct(m.all, 50) <= 2],
    [`ours − raw p99 ≤ 20 ms (${ms(pct(m.all, 99))})`, pct(m.all, 99) <= 20],
    [`daemon timestamp → our event p50 ≤ 5 ms (${ms(pct(m.daemonToOurs, 50))})`, pct(m.daemonToOurs, 50) <= 5],
    [`"unhealthy" visible ≤ ${VISIBLE_BOUND_MS} ms, every container (max ${ms(Math.max(...m.visible))})`, Math.max(...m.visible) <= VISIBLE_BOUND_MS],
  ];
  const text = section(m, l, version, checks);
  console.log(`\n${text}`);
  if (process.argv.includes('--write-docs')) {
    writeSection(text);
    console.log(`updated ${docsPath}`);
  }
  if (checks.some(([, pass]) => !pass)) process.exitCode = 1;
}

await main();
