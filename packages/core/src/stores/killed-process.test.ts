import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileRunStore, createFileViolationStore, RUNS_FILE, VIOLATIONS_FILE } from './file.js';
import { tempDirs } from './fixtures/temp-dir.js';

const temp = tempDirs('agentos-killed-');
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/append-until-killed.ts', import.meta.url));

interface Killed {
  /** Highest index the child reported as written before it died. */
  lastAck: number;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Start the writer, let it write for `ms` after it is ready, then SIGKILL it. */
function runAndKill(dir: string, ms: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dir], {
      cwd: repoRoot,
      // tsconfig paths resolve @agentos/policy to its sources, as in vitest.
      env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastAck = -1;
    let stderr = '';
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    const failsafe = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      pending += d.toString();
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const line of parts) {
        if (line === 'ready' && !timer) timer = setTimeout(() => proc.kill('SIGKILL'), ms);
        const m = /^ack (\d+)$/.exec(line);
        if (m) lastAck = Number(m[1]);
      }
    });
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      clearTimeout(failsafe);
      if (timer) clearTimeout(timer);
      resolve({ lastAck, signal, stderr });
    });
  });
}

afterEach(() => temp.removeAll());

describe('store durability after a killed process', () => {
  it('SIGKILL mid-stream: every acknowledged record survives, earlier lines are intact, and the stores reopen', async () => {
    const dir = await temp.make();
    const killed = await runAndKill(dir, 300);
    expect(killed.signal, `the writer should be killed, not exit by itself; stderr:\n${killed.stderr}`).toBe('SIGKILL');
    expect(killed.lastAck).toBeGreaterThan(0);

    // On disk: every complete line parses; at most the final, unterminated fragment does not.
    for (const name of [VIOLATIONS_FILE, RUNS_FILE]) {
      const text = await readFile(join(dir, name), 'utf8');
      const lines = text.split('\n');
      lines.pop(); // '' after a final newline, or the fragment being written when the kill landed
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(() => JSON.parse(line), `${name}: ${line.slice(0, 80)}`).not.toThrow();
    }

    // Reopening in this process takes over the dead writer's lock and loads everything.
    const corrupt: string[] = [];
    const onCorrupt = (line: number, error: Error, file: string) => corrupt.push(`${file}:${line}: ${error.message}`);
    const violations = await createFileViolationStore({ dir, onCorrupt });
    const runs = await createFileRunStore({ dir, onCorrupt });
    try {
      expect(corrupt).toEqual([]);
      const all = await violations.list();
      expect(all.length).toBeGreaterThan(0);
      expect(all.length).toBeGreaterThanOrEqual(killed.lastAck + 1);
      // No gaps and no damage: v0 … v(n-1), each with the reason it was written with.
      const ids = all.map((v) => v.id).reverse();
      expect(ids).toEqual(Array.from({ length: all.length }, (_, i) => `v${i}`));
      for (const v of all) expect(v.reason).toBe(`blocked #${v.id.slice(1)} ${'x'.repeat(Number(v.id.slice(1)) % 300)}`);

      const live = await runs.get('live');
      expect(live?.status).toBe('running');
      expect(live!.violations).toBeGreaterThanOrEqual(killed.lastAck);
      // Unfinished runs are there to resume or fail.
      expect((await runs.list({ status: 'running' })).map((r) => r.id)).toEqual(['live']);
      for (let i = 0; i <= killed.lastAck; i += 10) expect(await runs.get(`r${i}`), `run r${i}`).toBeDefined();

      // Both stores keep working after the crash.
      await violations.append({ ...all[0]!, id: 'after-restart', time: 10_000_000 });
      await runs.save({ ...live!, status: 'interrupted' });
    } finally {
      await violations.close();
      await runs.close();
    }
    const reopened = await createFileViolationStore({ dir, onCorrupt });
    expect((await reopened.list({ limit: 1 }))[0]?.id).toBe('after-restart');
    await reopened.close();
    expect(corrupt).toEqual([]);
  });
});
