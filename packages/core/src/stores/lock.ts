/**
 * A lock file that keeps a log to one writer at a time.
 *
 * Two processes appending to and compacting the same log would each keep a
 * stale index and one's compaction would drop the other's records, so a log
 * is opened by one owner. The lock is `<file>.lock`, created exclusively and
 * holding `{ pid, hostname, acquiredAt }`. A lock left by a process that died
 * (SIGKILL, crash, power loss) is stale and taken over: on the same host, its
 * pid is no longer alive — or it is our own pid but this process does not hold
 * it (a container restarted with the same pid 1).
 * @module
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { StoreError } from './errors.js';

/** A held lock. */
export interface FileLock {
  readonly file: string;
  /** Remove the lock file. Idempotent. */
  release(): Promise<void>;
}

interface LockContent {
  pid: number;
  hostname: string;
  acquiredAt: number;
}

/**
 * Lock files held by this process (absolute paths). Kept on `globalThis` so
 * two copies of this module in one process (ESM and CJS builds) still see
 * each other's locks instead of taking them over as "our pid, not held".
 */
const held: Set<string> = ((globalThis as Record<symbol, unknown>)[Symbol.for('agentos.store.locks')] ??= new Set<string>()) as Set<string>;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') {
      return { pid: parsed.pid, hostname: parsed.hostname, acquiredAt: Number(parsed.acquiredAt) };
    }
    return undefined;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // Unparseable: a process died while writing it, before it owned anything.
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/**
 * Take `<file>.lock` for this process, or fail with `STORE_LOCKED` if a live
 * process holds it.
 * @example
 * ```ts
 * const lock = await acquireLock('/var/lib/app/.agentos/runs.jsonl');
 * try { ... } finally { await lock.release(); }
 * ```
 */
export async function acquireLock(file: string): Promise<FileLock> {
  const lockFile = `${file}.lock`;
  if (held.has(lockFile)) {
    throw new StoreError('STORE_LOCKED', `${file} is already open in this process`, {
      hint: 'use one store per directory (share it), or close the other one first',
    });
  }
  const content: LockContent = { pid: process.pid, hostname: hostname(), acquiredAt: Date.now() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lockFile, JSON.stringify(content), { flag: 'wx', mode: 0o600 });
      held.add(lockFile);
      let released = false;
      return {
        file: lockFile,
        async release() {
          if (released) return;
          released = true;
          held.delete(lockFile);
          try {
            await unlink(lockFile);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError('STORE_IO', `cannot create lock file ${lockFile}: ${(e as Error).message}`, { cause: e });
      }
    }
    const owner = await readLock(lockFile);
    if (owner && owner.hostname !== content.hostname) {
      throw new StoreError('STORE_LOCKED', `${file} is locked by process ${owner.pid} on host ${owner.hostname}`, {
        hint: `if that process is gone, delete ${lockFile}`,
        details: { ...owner },
      });
    }
    if (owner && isAlive(owner.pid) && owner.pid !== process.pid) {
      throw new StoreError('STORE_LOCKED', `${file} is open in another process (pid ${owner.pid})`, {
        hint: `stop that process, or give this one its own directory; if pid ${owner.pid} is not an AgentOS process, delete ${lockFile}`,
        details: { ...owner },
      });
    }
    // Stale: its owner is dead (or it is our pid from a previous life). Take it over.
    try {
      await unlink(lockFile);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new StoreError('STORE_IO', `cannot remove stale lock file ${lockFile}: ${(e as Error).message}`, { cause: e });
      }
    }
  }
  throw new StoreError('STORE_LOCKED', `could not lock ${file}: another process keeps taking ${lockFile}`, {
    hint: 'make sure only one process opens this directory',
  });
}
