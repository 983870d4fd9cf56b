/**
 * The behaviour every {@link DockerHost} must share. `dockerode-host.test.ts`
 * runs it against the real engine, `memory-host.test.ts` against the
 * in-memory host, so the two cannot drift apart.
 *
 * A harness starts containers running one of the {@link CONTRACT_PROGRAMS}
 * (the real engine runs the busybox command, the memory host replays the
 * same output) and answers the {@link CONTRACT_EXECS} the same way.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '@agentos/core';
import {
  ContainerNotFoundError, ContainerNotRunningError, DaemonUnreachableError, DockerError, DockerRequestRefusedError, InvalidContainerRefError,
} from './errors.js';
import {
  ContainerStatusSchema, DockerEventSchema, ExecResultSchema, HealthLogSchema, LogsResultSchema, StatsResultSchema,
  type DockerEvent, type DockerEventStream, type DockerHost,
} from './types.js';

/** A planted secret the chatty program prints on stdout. */
export const PLANTED_SECRET = 'SECRET_TOKEN=sk-test-4242';

/** What a contract container does: the real command, and the output it produces. */
export interface ContractProgram {
  cmd: string[];
  output: Array<{ stream: 'stdout' | 'stderr'; text: string }>;
}

const floodLines = Array.from({ length: 200 }, (_, i) => `line ${i} padding-padding-padding-padding\n`);

/** The programs contract containers run. All keep running afterwards. */
export const CONTRACT_PROGRAMS = {
  idle: { cmd: ['sleep', '3600'], output: [] },
  chatty: {
    cmd: ['sh', '-c', `echo "stdout: ${PLANTED_SECRET}"; echo "stderr: disk at 91%" >&2; exec sleep 3600`],
    output: [
      { stream: 'stdout', text: `stdout: ${PLANTED_SECRET}\n` },
      { stream: 'stderr', text: 'stderr: disk at 91%\n' },
    ],
  },
  ansi: {
    cmd: ['sh', '-c', "printf '\\033[31mred\\033[0m zero\\342\\200\\213width\\n'; exec sleep 3600"],
    output: [{ stream: 'stdout', text: '\x1b[31mred\x1b[0m zero\u200Bwidth\n' }],
  },
  flood: {
    cmd: ['sh', '-c', 'i=0; while [ $i -lt 200 ]; do echo "line $i padding-padding-padding-padding"; i=$((i+1)); done; exec sleep 3600'],
    output: floodLines.map((text) => ({ stream: 'stdout' as const, text })),
  },
} satisfies Record<string, ContractProgram>;

/** Name of a contract program. */
export type ContractProgramName = keyof typeof CONTRACT_PROGRAMS;

/** The healthcheck contract containers use: healthy until `/tmp/bad` exists. */
export const CONTRACT_HEALTHCHECK = ['CMD', 'sh', '-c', 'test ! -f /tmp/bad'];

/** Exec commands the contract runs, and what they must return. */
export const CONTRACT_EXECS = {
  outErr: { cmd: ['sh', '-c', 'echo out; echo err >&2; exit 3'], exitCode: 3, stdout: 'out\n', stderr: 'err\n' },
  env: { cmd: ['sh', '-c', 'echo "$GREETING"'], env: { GREETING: 'hello' }, exitCode: 0, stdout: 'hello\n', stderr: '' },
  makeUnhealthy: { cmd: ['touch', '/tmp/bad'], exitCode: 0, stdout: '', stderr: '' },
} as const;

/** What a harness gives the contract. */
export interface DockerHostHarness {
  host: DockerHost;
  /** An image `run` can use without pulling. */
  image: string;
  /** Labels to put on containers the contract creates with `run` (for cleanup). */
  labels: Record<string, string>;
  /** Start a container running a contract program. */
  start(program: ContractProgramName, options?: { tty?: boolean; healthcheck?: boolean }): Promise<{ id: string; name: string }>;
  /** A host of the same kind whose daemon cannot be reached. */
  unreachableHost(): DockerHost;
  /** Remove everything the harness and the contract created; runs even after failures. */
  cleanup(): Promise<void>;
  /** How long to wait for health transitions (real probes take time). */
  settleMs: number;
}

async function waitUntil<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : String(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Read events until `done` says enough, or fail after `timeoutMs`. */
async function collectEvents(stream: DockerEventStream, done: (seen: DockerEvent[]) => boolean, timeoutMs: number): Promise<DockerEvent[]> {
  const seen: DockerEvent[] = [];
  const timer = setTimeout(() => stream.close(), timeoutMs);
  try {
    for await (const ev of stream) {
      seen.push(ev);
      if (done(seen)) break;
    }
  } finally {
    clearTimeout(timer);
    stream.close();
  }
  if (!done(seen)) throw new Error(`events not seen within ${timeoutMs} ms; got: ${seen.map((e) => `${e.name}:${e.rawAction}`).join(', ') || 'nothing'}`);
  return seen;
}

const frameBytes = /[␀␁␂]/;

/**
 * Register the shared DockerHost contract tests.
 * @example
 * ```ts
 * runDockerHostContract('memory host', async () => makeMemoryHarness());
 * ```
 */
export function runDockerHostContract(name: string, makeHarness: () => Promise<DockerHostHarness>): void {
  describe(`DockerHost contract: ${name}`, () => {
    let h: DockerHostHarness;
    let chatty: { id: string; name: string };
    let chattyTty: { id: string; name: string };
    let healthy: { id: string; name: string };

    beforeAll(async () => {
      h = await makeHarness();
      [chatty, chattyTty, healthy] = await Promise.all([
        h.start('chatty'),
        h.start('chatty', { tty: true }),
        h.start('idle', { healthcheck: true }),
      ]);
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    it('says what it is and answers ping', async () => {
      expect(['docker', 'memory']).toContain(h.host.kind);
      expect(h.host.description.length).toBeGreaterThan(0);
      const p = await h.host.ping();
      expect(p).toMatchObject({ host: h.host.name, kind: h.host.kind, address: h.host.address });
    });

    it('lists the container with its labels and state', async () => {
      const list = await h.host.listContainers();
      const mine = list.find((c) => c.id === chatty.id);
      expect(mine).toBeDefined();
      expect(ContainerStatusSchema.parse(mine)).toMatchObject({ name: chatty.name, state: 'running', host: h.host.name });
      expect(mine?.labels).toMatchObject(h.labels);
      const filtered = await h.host.listContainers({ labels: h.labels });
      expect(filtered.map((c) => c.id)).toContain(chatty.id);
      expect(filtered.every((c) => Object.entries(h.labels).every(([k, v]) => c.labels[k] === v))).toBe(true);
    });

    it('reports a normalised status by name, /name or id', async () => {
      const s = ContainerStatusSchema.parse(await h.host.status(chatty.name));
      expect(s).toMatchObject({ id: chatty.id, name: chatty.name, image: h.image, state: 'running', health: 'none', exitCode: null, restartCount: 0, tty: false, oomKilled: false });
      expect(s.uptimeSeconds).toBeGreaterThanOrEqual(0);
      expect(s.startedAt).not.toBeNull();
      expect((await h.host.status(`/${chatty.name}`)).id).toBe(chatty.id);
      expect((await h.host.status(chatty.id.slice(0, 12))).name).toBe(chatty.name);
      expect((await h.host.status(chattyTty.name)).tty).toBe(true);
    });

    it('returns the full inspect document', async () => {
      const raw = await h.host.inspect(chatty.name);
      expect(raw.Id).toBe(chatty.id);
      expect((raw.Config as { Labels: Record<string, string> }).Labels).toMatchObject(h.labels);
    });

    it('demultiplexes logs of a non-TTY container: the secret on stdout, the warning on stderr', async () => {
      const logs = LogsResultSchema.parse(await waitUntil('chatty logs', async () => {
        const l = await h.host.logs(chatty.name);
        return l.stderr?.includes('disk') && l.stdout?.includes('SECRET') ? l : undefined;
      }, 5000));
      expect(logs.tty).toBe(false);
      expect(logs.stdout).toBe(`stdout: ${PLANTED_SECRET}\n`);
      expect(logs.stderr).toBe('stderr: disk at 91%\n');
      expect(logs.text).toContain(PLANTED_SECRET);
      expect(logs.text).toContain('disk at 91%');
      expect(logs.text).not.toMatch(frameBytes); // no frame headers leaked into the text
      expect(logs.truncated).toBe(false);
    });

    it('returns TTY logs as one stream, CRLF normalised, no frame parsing', async () => {
      const logs = await waitUntil('tty logs', async () => {
        const l = await h.host.logs(chattyTty.name);
        return l.text.includes('disk') ? l : undefined;
      }, 5000);
      expect(logs.tty).toBe(true);
      expect(logs.stderr).toBeUndefined();
      expect(logs.stdout).toBe(logs.text);
      expect(logs.text).toContain(`stdout: ${PLANTED_SECRET}\n`);
      expect(logs.text).toContain('stderr: disk at 91%\n');
      expect(logs.text).not.toContain('␍');
      expect(logs.text).not.toMatch(frameBytes);
    });

    it('makes ANSI escapes and zero-width characters visible and harmless', async () => {
      const c = await h.start('ansi');
      const logs = await waitUntil('ansi logs', async () => {
        const l = await h.host.logs(c.name);
        return l.text.includes('width') ? l : undefined;
      }, 5000);
      expect(logs.text).toBe('␛[31mred␛[0m zero<U+200B>width\n');
      expect(logs.text).not.toContain('\x1b');
      expect(logs.neutralised).toMatchObject({ controlChars: 2, invisibleChars: 1 });
    });

    it('caps logs, keeps the newest part, and reports the cap', async () => {
      const c = await h.start('flood');
      const full = await waitUntil('flood logs', async () => {
        const l = await h.host.logs(c.name);
        return l.text.includes('line 199 ') ? l : undefined;
      }, 5000);
      const totalBytes = floodLines.join('').length;
      expect(full.bytes).toBe(totalBytes);
      const capped = await h.host.logs(c.name, { maxBytes: 1000 });
      expect(capped).toMatchObject({ truncated: true, capBytes: 1000, bytes: totalBytes });
      expect(Buffer.byteLength(capped.text)).toBeLessThanOrEqual(1000);
      expect(capped.text.endsWith('line 199 padding-padding-padding-padding\n')).toBe(true);
      expect(capped.text).not.toContain('line 0 ');
      const tail = await h.host.logs(c.name, { tail: 3 });
      expect(tail.text).toBe(floodLines.slice(-3).join(''));
      const stamped = await h.host.logs(c.name, { tail: 1, timestamps: true });
      expect(stamped.text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z line 199 /);
      const future = await h.host.logs(c.name, { since: Date.now() + 60_000 });
      expect(future.text).toBe('');
    });

    it('reports health, and a failing healthcheck turns the container unhealthy', async () => {
      await waitUntil('healthy', async () => (await h.host.status(healthy.name)).health === 'healthy', h.settleMs);
      const before = HealthLogSchema.parse(await h.host.healthLog(healthy.name));
      expect(before).toMatchObject({ status: 'healthy', failingStreak: 0 });
      const c = await h.start('idle', { healthcheck: true });
      await waitUntil('healthy', async () => (await h.host.status(c.name)).health === 'healthy', h.settleMs);
      const r = await h.host.exec(c.name, [...CONTRACT_EXECS.makeUnhealthy.cmd]);
      expect(r.exitCode).toBe(0);
      await waitUntil('unhealthy', async () => (await h.host.status(c.name)).health === 'unhealthy', h.settleMs);
      const log = await h.host.healthLog(c.name);
      expect(log.status).toBe('unhealthy');
      expect(log.failingStreak).toBeGreaterThanOrEqual(1);
      expect(log.probes.at(-1)?.exitCode).not.toBe(0);
    });

    it('reports health changes, die and restart as events with daemon time', async () => {
      const c = await h.start('idle', { healthcheck: true });
      await waitUntil('healthy', async () => (await h.host.status(c.name)).health === 'healthy', h.settleMs);
      const t0 = Date.now();
      const stream = await h.host.events();
      const seenP = collectEvents(
        stream,
        (seen) => seen.some((e) => e.id === c.id && e.action === 'health_status' && e.health === 'unhealthy') && seen.some((e) => e.id === c.id && e.action === 'restart'),
        h.settleMs + 10_000,
      );
      await h.host.exec(c.name, [...CONTRACT_EXECS.makeUnhealthy.cmd]);
      await waitUntil('unhealthy', async () => (await h.host.status(c.name)).health === 'unhealthy', h.settleMs);
      await h.host.restart(c.name, { timeoutSeconds: 0 });
      const seen = (await seenP).filter((e) => e.id === c.id);
      for (const e of seen) DockerEventSchema.parse(e);
      const health = seen.find((e) => e.action === 'health_status');
      expect(health).toMatchObject({ name: c.name, host: h.host.name, rawAction: 'health_status: unhealthy', health: 'unhealthy', image: h.image });
      const die = seen.find((e) => e.action === 'die');
      expect(die?.exitCode).toEqual(expect.any(Number));
      expect(seen.map((e) => e.action)).toEqual(expect.arrayContaining(['die', 'start', 'restart']));
      for (const e of seen) expect(Math.abs(e.time - t0)).toBeLessThan(60_000);
    });

    it('restart raises the restart count', async () => {
      const c = await h.start('idle');
      expect((await h.host.status(c.name)).restartCount).toBe(0);
      const r1 = await h.host.restart(c.name, { timeoutSeconds: 0 });
      expect(r1.changed).toBe(true);
      expect(r1.container).toMatchObject({ state: 'running', restartCount: 1 });
      await h.host.restart(c.name, { timeoutSeconds: 0 });
      expect((await h.host.status(c.name)).restartCount).toBe(2);
      expect((await h.host.listContainers()).find((x) => x.id === c.id)?.restartCount).toBe(2);
    });

    it('stops and starts, and says when nothing changed', async () => {
      const c = await h.start('idle');
      const stopped = await h.host.stop(c.name, { timeoutSeconds: 0 });
      expect(stopped.changed).toBe(true);
      expect(stopped.container.state).toBe('exited');
      expect(stopped.container.exitCode).toEqual(expect.any(Number));
      expect(stopped.container.uptimeSeconds).toBeNull();
      expect((await h.host.stop(c.name, { timeoutSeconds: 0 })).changed).toBe(false);
      await expect(h.host.exec(c.name, ['true'])).rejects.toBeInstanceOf(ContainerNotRunningError);
      const started = await h.host.start(c.name);
      expect(started).toMatchObject({ changed: true, container: { state: 'running', exitCode: null } });
      expect((await h.host.start(c.name)).changed).toBe(false);
    });

    it('exec returns exit code and demultiplexed output', async () => {
      const r = ExecResultSchema.parse(await h.host.exec(chatty.name, [...CONTRACT_EXECS.outErr.cmd], { timeoutMs: 10_000 }));
      expect(r).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', truncated: false });
      const e = await h.host.exec(chatty.name, [...CONTRACT_EXECS.env.cmd], { env: { ...CONTRACT_EXECS.env.env } });
      expect(e).toMatchObject({ exitCode: 0, stdout: 'hello\n' });
    });

    it('exec refuses a shell string or an empty command', async () => {
      await expect(h.host.exec(chatty.name, 'echo hi' as unknown as string[])).rejects.toThrow(/argument array/);
      await expect(h.host.exec(chatty.name, [])).rejects.toThrow(/argument array/);
    });

    it('run refuses a privileged request and creates nothing', async () => {
      const name = `contract-priv-${Math.random().toString(16).slice(2, 8)}`;
      await expect(h.host.run({ image: h.image, name, privileged: true, labels: h.labels })).rejects.toBeInstanceOf(DockerRequestRefusedError);
      await expect(h.host.run({ image: h.image, name, mounts: [{ type: 'bind', source: '/', target: '/host' }], labels: h.labels })).rejects.toThrow(/host mount/);
      await expect(h.host.status(name)).rejects.toBeInstanceOf(ContainerNotFoundError);
    });

    it('run starts a labelled container with network mode none; remove needs force while it runs', async () => {
      const name = `contract-run-${Math.random().toString(16).slice(2, 8)}`;
      const r = await h.host.run({ image: h.image, name, cmd: ['sleep', '3600'], labels: { ...h.labels, role: 'contract' } });
      expect(r).toMatchObject({ host: h.host.name, name });
      const s = await h.host.status(name);
      expect(s).toMatchObject({ id: r.id, state: 'running', labels: { role: 'contract' } });
      const raw = await h.host.inspect(name);
      expect((raw.HostConfig as { NetworkMode: string }).NetworkMode).toBe('none');
      const err = await h.host.remove(name).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DockerError);
      expect((err as DockerError).statusCode).toBe(409);
      await h.host.remove(name, { force: true });
      await expect(h.host.status(name)).rejects.toBeInstanceOf(ContainerNotFoundError);
    });

    it('reports one-shot stats', async () => {
      const s = StatsResultSchema.parse(await h.host.stats(healthy.name));
      expect(s).toMatchObject({ id: healthy.id, name: healthy.name, running: true });
      expect(s.pids).toBeGreaterThanOrEqual(1);
      expect(s.memoryBytes).toBeGreaterThan(0);
      expect(s.memoryLimitBytes).toBeGreaterThan(0);
      expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
    });

    it('throws ContainerNotFoundError naming the container and host', async () => {
      const err = await h.host.status('agentos-no-such-container').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContainerNotFoundError);
      expect((err as Error).message).toContain('"agentos-no-such-container"');
      expect((err as Error).message).toContain(`"${h.host.name}"`);
      await expect(h.host.logs('agentos-no-such-container')).rejects.toBeInstanceOf(ContainerNotFoundError);
      await expect(h.host.restart('agentos-no-such-container', { timeoutSeconds: 0 })).rejects.toBeInstanceOf(ContainerNotFoundError);
    });

    it('rejects invalid references before reaching the daemon', async () => {
      const down = h.unreachableHost();
      for (const host of [h.host, down]) {
        await expect(host.status('web; rm -rf /')).rejects.toBeInstanceOf(InvalidContainerRefError);
        await expect(host.logs('../../etc')).rejects.toBeInstanceOf(InvalidContainerRefError);
      }
    });

    it('says the daemon is unreachable, with its address', async () => {
      const down = h.unreachableHost();
      const err = await down.ping().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DaemonUnreachableError);
      expect((err as Error).message).toContain(`daemon unreachable at ${down.address}`);
      await expect(down.listContainers()).rejects.toBeInstanceOf(DaemonUnreachableError);
      await expect(down.events()).rejects.toBeInstanceOf(DaemonUnreachableError);
    });

    it('honours an aborted signal', async () => {
      const ac = new AbortController();
      ac.abort();
      await expect(h.host.status(chatty.name, { signal: ac.signal })).rejects.toBeInstanceOf(CancelledError);
    });
  });
}
