import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppendLog, type AppendLog } from './append-log.js';
import { tempDirs } from './fixtures/temp-dir.js';

const temp = tempDirs('agentos-log-');
const logs: AppendLog<unknown>[] = [];
async function openLog<T = { n: number }>(file: string, options: Parameters<typeof openAppendLog<T>>[1] = {}) {
  const log = await openAppendLog<T>(file, options);
  logs.push(log as AppendLog<unknown>);
  return log;
}

afterEach(async () => {
  for (const log of logs.splice(0)) await log.close();
  await temp.removeAll();
});

describe('openAppendLog', () => {
  it('writes one JSON object per line and reads them back in order', async () => {
    const file = join(await temp.make(), 'a.jsonl');
    const log = await openLog(file);
    await log.append({ n: 1 });
    await log.append({ n: 2 });
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(await log.readAll()).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('creates missing parent directories (0700) and the file with mode 0600', async () => {
    const dir = join(await temp.make(), 'deep', 'er');
    const file = join(dir, 'a.jsonl');
    const log = await openLog(file);
    await log.append({ n: 1 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('serializes a record when append is called: later changes to the object are not written', async () => {
    const file = join(await temp.make(), 'a.jsonl');
    const log = await openLog(file);
    const record = { n: 1 };
    const pending = log.append(record);
    record.n = 99;
    await pending;
    expect(await log.readAll()).toEqual([{ n: 1 }]);
  });

  it('500 concurrent appends never interleave: every line is whole, in call order', async () => {
    const file = join(await temp.make(), 'a.jsonl');
    const log = await openLog<{ n: number; pad: string }>(file);
    await Promise.all(Array.from({ length: 500 }, (_, n) => log.append({ n, pad: 'x'.repeat(n * 7) })));
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(500);
    expect(lines.map((l) => (JSON.parse(l) as { n: number }).n)).toEqual(Array.from({ length: 500 }, (_, n) => n));
  });

  it('refuses records that are not JSON objects, or not serializable, with STORE_RECORD_INVALID', async () => {
    const file = join(await temp.make(), 'a.jsonl');
    const log = await openLog<unknown>(file);
    await expect(log.append([1, 2])).rejects.toMatchObject({ code: 'STORE_RECORD_INVALID', message: expect.stringMatching(/expected a JSON object, got an array/) });
    await expect(log.append(42)).rejects.toMatchObject({ code: 'STORE_RECORD_INVALID' });
    await expect(log.append({ big: 1n })).rejects.toMatchObject({ code: 'STORE_RECORD_INVALID', message: expect.stringMatching(/not JSON-serializable/) });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(log.append(cyclic)).rejects.toMatchObject({ code: 'STORE_RECORD_INVALID' });
    await log.append({ ok: true });
    expect(await log.readAll()).toEqual([{ ok: true }]);
  });

  it('drops a cut last line on open, and the next append starts on a fresh line', async () => {
    const file = join(await temp.make(), 'a.jsonl');
    await writeFile(file, '{"n":1}\n{"n":2}\n{"n":3,"te');
    const log = await openLog(file);
    expect(log.droppedTailBytes).toBe('{"n":3,"te'.length);
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    await log.append({ n: 4 });
    expect(await log.readAll()).toEqual([{ n: 1 }, { n: 2 }, { n: 4 }]);
  });

  it('keeps a last line that is a whole JSON object missing only its newline', async () => {
    const file = join(await temp.make(), 'a.jsonl');
    await writeFile(file, '{"n":1}\n{"n":2}');
    const log = await openLog(file);
    expect(log.droppedTailBytes).toBe(0);
    await log.append({ n: 3 });
    expect(await log.readAll()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('skips a garbled line in the middle, reports its line number, and keeps every other record', async () => {
    const file = join(await temp.make(), 'a.jsonl');
    await writeFile(file, '{"n":1}\n\u0000\u0000garbage\n{"n":3}\n{"n":"four"}\n{"n":5}\n');
    const corrupt: Array<[number, string]> = [];
    const log = await openLog(file, {
      onCorrupt: (line, error) => corrupt.push([line, error.message]),
      validate: (v) => {
        if (typeof (v as { n?: unknown }).n !== 'number') throw new Error('n must be a number');
        return v as { n: number };
      },
    });
    expect(await log.readAll()).toEqual([{ n: 1 }, { n: 3 }, { n: 5 }]);
    expect(corrupt.map(([line]) => line)).toEqual([2, 4]);
    expect(corrupt[1]![1]).toBe('n must be a number');
  });

  it('rewrite replaces the contents atomically, keeps mode 0600, and appends continue on the new file', async () => {
    const dir = await temp.make();
    const file = join(dir, 'a.jsonl');
    const log = await openLog(file, { fsync: true });
    for (let n = 0; n < 10; n++) await log.append({ n });
    await log.rewrite(() => [{ n: 100 }, { n: 101 }]);
    await log.append({ n: 102 });
    expect(await readFile(file, 'utf8')).toBe('{"n":100}\n{"n":101}\n{"n":102}\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual(['a.jsonl', 'a.jsonl.lock']);
  });

  it('a rewrite that fails (bad record) leaves the log untouched and writable', async () => {
    const dir = await temp.make();
    const file = join(dir, 'a.jsonl');
    const log = await openLog<unknown>(file);
    await log.append({ n: 1 });
    await expect(log.rewrite(() => [{ n: 2 }, 5])).rejects.toMatchObject({ code: 'STORE_RECORD_INVALID' });
    await log.append({ n: 3 });
    expect(await log.readAll()).toEqual([{ n: 1 }, { n: 3 }]);
    expect((await readdir(dir)).sort()).toEqual(['a.jsonl', 'a.jsonl.lock']);
  });

  it('removes a temp file left by a rewrite that was killed before its rename', async () => {
    const dir = await temp.make();
    const file = join(dir, 'a.jsonl');
    await writeFile(file, '{"n":1}\n');
    await writeFile(`${file}.tmp-12345-1`, '{"n":"half');
    const log = await openLog(file);
    expect(await log.readAll()).toEqual([{ n: 1 }]);
    expect((await readdir(dir)).sort()).toEqual(['a.jsonl', 'a.jsonl.lock']);
  });

  it('close waits for queued appends, releases the lock, and later use fails with STORE_CLOSED', async () => {
    const dir = await temp.make();
    const file = join(dir, 'a.jsonl');
    const log = await openAppendLog<{ n: number }>(file);
    const pending = Promise.all([log.append({ n: 1 }), log.append({ n: 2 })]);
    await log.close();
    await pending;
    await log.close(); // idempotent
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(await readdir(dir)).toEqual(['a.jsonl']);
    await expect(log.append({ n: 3 })).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    await expect(log.readAll()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });

  it('one writer: a second open of the same file fails with STORE_LOCKED until the first is closed', async () => {
    const file = join(await temp.make(), 'a.jsonl');
    const first = await openAppendLog(file);
    await expect(openAppendLog(file)).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    await first.close();
    const second = await openLog(file);
    await second.append({ n: 1 });
  });

  it('takes over a stale lock left by a dead process, but not one from a live process or another host', async () => {
    const dir = await temp.make();
    const file = join(dir, 'a.jsonl');
    const { hostname } = await import('node:os');
    // A pid that is not running: far above the default pid_max-ish range used here.
    await writeFile(`${file}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, hostname: hostname(), acquiredAt: 0 }));
    const log = await openLog(file);
    await log.append({ n: 1 });
    await log.close();

    // Pid 1 is always alive.
    await writeFile(`${file}.lock`, JSON.stringify({ pid: 1, hostname: hostname(), acquiredAt: 0 }));
    await expect(openAppendLog(file)).rejects.toMatchObject({ code: 'STORE_LOCKED', message: expect.stringMatching(/pid 1/) });
    await writeFile(`${file}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, hostname: 'elsewhere', acquiredAt: 0 }));
    await expect(openAppendLog(file)).rejects.toMatchObject({ code: 'STORE_LOCKED', message: expect.stringMatching(/host elsewhere/) });
    // Our own pid in a lock this process does not hold: a previous life (e.g. pid 1 in a restarted container).
    await writeFile(`${file}.lock`, JSON.stringify({ pid: process.pid, hostname: hostname(), acquiredAt: 0 }));
    const mine = await openAppendLog(file);
    await mine.close();
    // A cut lock file (its writer died mid-write) is stale too.
    await writeFile(`${file}.lock`, '{"pid":');
    const again = await openLog(file);
    expect(await again.readAll()).toEqual([{ n: 1 }]);
  });

  it('cuts a fragment found at open before the first of several concurrent appends', async () => {
    const file = join(await temp.make(), 'a.jsonl');
    await appendFile(file, '{"n":1}\n{"n":');
    const log = await openLog(file);
    await Promise.all([log.append({ n: 2 }), log.append({ n: 3 })]);
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });
});
