import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStores, defaultStoreDir } from './create.js';
import { describeRunStoreContract, describeViolationStoreContract } from './fixtures/contract.js';
import { makeAwaitingRun, makeRun, makeViolation } from './fixtures/records.js';
import { tempDirs } from './fixtures/temp-dir.js';
import { createFileRunStore, createFileViolationStore, RUNS_FILE, VIOLATIONS_FILE, type FileRunStore, type FileViolationStore } from './file.js';

const temp = tempDirs();

describeRunStoreContract('file', { create: async () => createFileRunStore({ dir: await temp.make() }), cleanup: () => temp.removeAll() });
describeViolationStoreContract('file', { create: async () => createFileViolationStore({ dir: await temp.make() }), cleanup: () => temp.removeAll() });

const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');

describe('file stores', () => {
  const open: Array<FileRunStore | FileViolationStore> = [];
  const runsIn = async (dir: string, options: Partial<Parameters<typeof createFileRunStore>[0]> = {}) => {
    const s = await createFileRunStore({ dir, ...options });
    open.push(s);
    return s;
  };
  const violationsIn = async (dir: string, options: Partial<Parameters<typeof createFileViolationStore>[0]> = {}) => {
    const s = await createFileViolationStore({ dir, ...options });
    open.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await temp.removeAll();
  });

  it('a new instance on the same directory sees the same runs and violations, in the same order', async () => {
    const dir = await temp.make();
    const runs = await runsIn(dir);
    const violations = await violationsIn(dir);
    await runs.save(makeRun({ id: 'a', startedAt: 2_000 }));
    await runs.save(makeRun({ id: 'b', startedAt: 2_000 }));
    await runs.save(makeRun({ id: 'c', startedAt: 1_000, status: 'running' }));
    await runs.save(makeRun({ id: 'c', startedAt: 1_000, status: 'failed', error: { code: 'TOOL_FAILED', message: 'boom' } }));
    await violations.append(makeViolation({ id: 'v2', time: 2_000 }));
    await violations.append(makeViolation({ id: 'v1', time: 1_000 }));
    await violations.append(makeViolation({ id: 'v3', time: 2_000, kind: 'sanitized', verdict: 'safe' }));
    const runsBefore = await runs.list();
    const violationsBefore = await violations.list();
    await runs.close();
    await violations.close();

    const runs2 = await runsIn(dir);
    const violations2 = await violationsIn(dir);
    expect(await runs2.list()).toEqual(runsBefore);
    expect(runsBefore.map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect((await runs2.get('c'))?.error).toEqual({ code: 'TOOL_FAILED', message: 'boom' });
    expect(await violations2.list()).toEqual(violationsBefore);
    expect(violationsBefore.map((v) => v.id)).toEqual(['v3', 'v2', 'v1']);
    // Ids stay unique across instances.
    await expect(violations2.append(makeViolation({ id: 'v1' }))).rejects.toMatchObject({ code: 'STORE_DUPLICATE_ID' });
  });

  it('pending approvals and unfinished runs survive a restart and can be listed to resume or fail them', async () => {
    const dir = await temp.make();
    const runs = await runsIn(dir);
    await runs.save(makeRun({ id: 'done', startedAt: 1_000 }));
    await runs.save(makeAwaitingRun('waiting', 2_000));
    await runs.save(makeRun({ id: 'busy', startedAt: 3_000, status: 'running' }));
    await runs.close();

    const after = await runsIn(dir);
    const unfinished = await after.list({ status: ['awaiting_approval', 'running'] });
    expect(unfinished.map((r) => [r.id, r.status])).toEqual([
      ['busy', 'running'],
      ['waiting', 'awaiting_approval'],
    ]);
    expect(unfinished[1]).toEqual(makeAwaitingRun('waiting', 2_000));
    // The runtime fails the interrupted one explicitly; that sticks too.
    await after.save({ ...unfinished[0]!, status: 'interrupted', endedAt: 4_000 });
    await after.close();
    const third = await runsIn(dir);
    expect((await third.get('busy'))?.status).toBe('interrupted');
  });

  it('a cut last line (crash mid-write) is ignored on reopen: earlier records intact, the next append readable', async () => {
    const dir = await temp.make();
    const violations = await violationsIn(dir);
    await violations.append(makeViolation({ id: 'v1', time: 1_000 }));
    await violations.append(makeViolation({ id: 'v2', time: 2_000 }));
    await violations.close();
    const file = join(dir, VIOLATIONS_FILE);
    const half = JSON.stringify(makeViolation({ id: 'v3', time: 3_000 })).slice(0, 40);
    await appendFile(file, half);

    const corrupt: number[] = [];
    const reopened = await violationsIn(dir, { onCorrupt: (line) => corrupt.push(line) });
    expect((await reopened.list()).map((v) => v.id)).toEqual(['v2', 'v1']);
    await reopened.append(makeViolation({ id: 'v4', time: 4_000 }));
    await reopened.close();

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(half);
    expect(text.endsWith('\n')).toBe(true);
    const third = await violationsIn(dir, { onCorrupt: (line) => corrupt.push(line) });
    expect((await third.list()).map((v) => v.id)).toEqual(['v4', 'v2', 'v1']);
    expect(corrupt).toEqual([]);
  });

  it('a garbled or invalid line in the middle is skipped and reported; every other record is kept', async () => {
    const dir = await temp.make();
    const file = join(dir, VIOLATIONS_FILE);
    await writeFile(
      file,
      [
        JSON.stringify(makeViolation({ id: 'v1', time: 1 })),
        '\u0000\u0000\u0000 disk garbage',
        JSON.stringify({ ...makeViolation({ id: 'v2', time: 2 }), kind: 'nonsense' }),
        JSON.stringify(makeViolation({ id: 'v3', time: 3 })),
        JSON.stringify(makeViolation({ id: 'v1', time: 4 })),
        '',
      ].join('\n'),
    );
    const corrupt: Array<{ line: number; message: string; file: string }> = [];
    const store = await violationsIn(dir, { onCorrupt: (line, error, f) => corrupt.push({ line, message: error.message, file: f }) });
    expect((await store.list()).map((v) => v.id)).toEqual(['v3', 'v1']);
    expect(corrupt.map((c) => c.line)).toEqual([2, 3, 5]);
    expect(corrupt[1]!.message).toMatch(/kind: expected one of blocked, sanitized/);
    expect(corrupt[2]!.message).toMatch(/already stored/);
    expect(corrupt[0]!.file).toBe(file);
  });

  it('a run line of the wrong shape is skipped and reported, not loaded', async () => {
    const dir = await temp.make();
    await writeFile(join(dir, RUNS_FILE), `${JSON.stringify(makeRun({ id: 'ok' }))}\n{"id":"bad"}\n`);
    const corrupt: number[] = [];
    const runs = await runsIn(dir, { onCorrupt: (line) => corrupt.push(line) });
    expect((await runs.list()).map((r) => r.id)).toEqual(['ok']);
    expect(corrupt).toEqual([2]);
  });

  it('500 parallel appends and 500 parallel saves are all stored whole and all readable after reopen', async () => {
    const dir = await temp.make();
    const violations = await violationsIn(dir);
    const runs = await runsIn(dir);
    await Promise.all([
      ...Array.from({ length: 500 }, (_, i) => violations.append(makeViolation({ id: `v${i}`, time: i, reason: 'r'.repeat(i) }))),
      ...Array.from({ length: 500 }, (_, i) => runs.save(makeRun({ id: `r${i}`, startedAt: i }))),
    ]);
    await violations.close();
    await runs.close();
    for (const line of await lines(join(dir, VIOLATIONS_FILE))) expect(() => JSON.parse(line)).not.toThrow();
    expect(await lines(join(dir, VIOLATIONS_FILE))).toHaveLength(500);
    const v2 = await violationsIn(dir);
    const r2 = await runsIn(dir);
    const listed = await v2.list();
    expect(listed).toHaveLength(500);
    expect(listed[0]).toMatchObject({ id: 'v499', reason: 'r'.repeat(499) });
    expect((await r2.list()).map((r) => r.id)).toEqual(Array.from({ length: 500 }, (_, i) => `r${499 - i}`));
  });

  it('saves the run as it was when save was called, even if the caller changes it before the write', async () => {
    const dir = await temp.make();
    const runs = await runsIn(dir);
    const run = makeRun({ id: 'r1', status: 'running' });
    const saving = runs.save(run);
    run.status = 'failed';
    await saving;
    await runs.close();
    expect((await (await runsIn(dir)).get('r1'))?.status).toBe('running');
  });

  it('compact keeps only the latest snapshot of each run, in the same order, and survives a reopen', async () => {
    const dir = await temp.make();
    const file = join(dir, RUNS_FILE);
    const runs = await runsIn(dir, { autoCompact: false });
    for (let i = 0; i < 10; i++) await runs.save(makeRun({ id: 'a', startedAt: 5, violations: i }));
    for (let i = 0; i < 5; i++) await runs.save(makeRun({ id: 'b', startedAt: 5, violations: i }));
    expect(runs.stats()).toEqual({ runs: 2, superseded: 13 });
    expect(await lines(file)).toHaveLength(15);
    expect(await runs.compact()).toEqual({ linesBefore: 15, linesAfter: 2 });
    expect(runs.stats()).toEqual({ runs: 2, superseded: 0 });
    expect((await lines(file)).map((l) => JSON.parse(l) as { id: string; violations: number }).map((r) => [r.id, r.violations])).toEqual([
      ['a', 9],
      ['b', 4],
    ]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // Appends after compaction land in the new file.
    await runs.save(makeRun({ id: 'c', startedAt: 1 }));
    const before = await runs.list();
    await runs.close();
    const reopened = await runsIn(dir);
    expect(await reopened.list()).toEqual(before);
    expect(before.map((r) => [r.id, r.violations])).toEqual([
      ['b', 4],
      ['a', 9],
      ['c', 0],
    ]);
  });

  it('compacts by itself on open once superseded snapshots pass the threshold', async () => {
    const dir = await temp.make();
    const file = join(dir, RUNS_FILE);
    const runs = await runsIn(dir, { autoCompact: false });
    for (let i = 0; i < 30; i++) await runs.save(makeRun({ id: 'a', violations: i }));
    await runs.close();
    expect(await lines(file)).toHaveLength(30);

    // 29 superseded <= max(5 × 1, 100): left alone.
    const untouched = await runsIn(dir, { autoCompact: { ratio: 5, minSuperseded: 100 } });
    expect(untouched.stats()).toEqual({ runs: 1, superseded: 29 });
    await untouched.close();
    expect(await lines(file)).toHaveLength(30);

    const compacted = await runsIn(dir, { autoCompact: { ratio: 5, minSuperseded: 10 } });
    expect(compacted.stats()).toEqual({ runs: 1, superseded: 0 });
    expect(await lines(file)).toHaveLength(1);
    expect((await compacted.get('a'))?.violations).toBe(29);
  });

  it('compacts by itself while saving, so a long-running service does not grow the log without bound', async () => {
    const dir = await temp.make();
    const file = join(dir, RUNS_FILE);
    const runs = await runsIn(dir, { autoCompact: { ratio: 5, minSuperseded: 20 } });
    for (let i = 0; i < 100; i++) await runs.save(makeRun({ id: `r${i % 2}`, violations: i }));
    expect((await lines(file)).length).toBeLessThanOrEqual(23);
    expect((await runs.get('r0'))?.violations).toBe(98);
    expect((await runs.get('r1'))?.violations).toBe(99);
  });

  it('creates its files with mode 0600 and a missing directory with 0700', async () => {
    const dir = join(await temp.make(), 'state', '.agentos');
    const runs = await runsIn(dir);
    const violations = await violationsIn(dir);
    await runs.save(makeRun({ id: 'r1' }));
    await violations.append(makeViolation({ id: 'v1' }));
    expect((await stat(join(dir, RUNS_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, VIOLATIONS_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('refuses a run that cannot be written as JSON (STORE_RECORD_INVALID) and writes nothing', async () => {
    const dir = await temp.make();
    const runs = await runsIn(dir);
    await expect(runs.save(makeRun({ id: 'r1', input: { n: 1n } }))).rejects.toMatchObject({ code: 'STORE_RECORD_INVALID', message: expect.stringMatching(/run "r1" cannot be stored/) });
    expect(await readFile(join(dir, RUNS_FILE), 'utf8')).toBe('');
  });

  it('a second store on the same directory in a live process is refused (STORE_LOCKED)', async () => {
    const dir = await temp.make();
    await runsIn(dir);
    await expect(createFileRunStore({ dir })).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    // The violation log has its own lock.
    await violationsIn(dir);
  });

  it('createStores({ dir }) opens both durable stores; defaultStoreDir is .agentos under the working directory', async () => {
    const dir = await temp.make();
    const stores = await createStores({ dir, fsync: false });
    await stores.runs.save(makeRun({ id: 'r1' }));
    await stores.violations.append(makeViolation({ id: 'v1' }));
    await stores.close();
    const again = await createStores({ dir });
    expect((await again.runs.list()).map((r) => r.id)).toEqual(['r1']);
    expect((await again.violations.list()).map((v) => v.id)).toEqual(['v1']);
    await again.close();
    expect(defaultStoreDir('/srv/app')).toBe(join('/srv/app', '.agentos'));
    expect(defaultStoreDir()).toBe(join(process.cwd(), '.agentos'));
  });

  it('createStores does not leave the run store locked when the violation store cannot open', async () => {
    const dir = await temp.make();
    const blocker = await violationsIn(dir);
    await expect(createStores({ dir })).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    await blocker.close();
    const stores = await createStores({ dir });
    await stores.close();
  });
});
