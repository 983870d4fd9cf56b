/**
 * A small append-only JSON-lines log: one JSON object per line.
 *
 * Guarantees:
 * - Appends are serialized through a promise queue, and each one writes its
 *   whole line (`JSON + '\n'`) with one `write` on a file descriptor opened
 *   with `O_APPEND`, so concurrent appends never interleave.
 * - An append resolves only once its line is in the file (and, with
 *   `fsync: true`, on the disk). A crash can therefore only cut the line being
 *   written — one that no caller was told had been saved.
 * - On open, a cut last line is dropped (see {@link openAppendLog}); a garbled
 *   line in the middle is skipped and reported through `onCorrupt`, and every
 *   other record is still read.
 * - Files are created `0600` and missing directories `0700`: the records can
 *   hold tool outputs, which may contain secrets.
 * - One writer: the log takes `<file>.lock` (see {@link acquireLock}).
 * @module
 */
import { mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { StoreError } from './errors.js';
import { acquireLock, type FileLock } from './lock.js';
import { createSerialQueue } from './serial-queue.js';

const NEWLINE = 0x0a;

/** Options of {@link openAppendLog}. */
export interface AppendLogOptions<T> {
  /**
   * `fdatasync` after every append (and `fsync` the rewritten file and its
   * directory on {@link AppendLog.rewrite}), so an acknowledged record
   * survives a power loss, not only a process crash. Default `false`.
   */
  fsync?: boolean;
  /**
   * Called for each line that is not a valid record (bad JSON, or rejected by
   * `validate`). The line is skipped; the other records are still returned.
   * Default: a process warning with code `AGENTOS_STORE_CORRUPT_LINE`.
   */
  onCorrupt?: (lineNumber: number, error: Error) => void;
  /** Check (and optionally convert) each parsed line; throw to mark the line corrupt. */
  validate?: (value: unknown) => T;
  /** Take `<file>.lock` so no other process writes the log. Default `true`. */
  lock?: boolean;
}

/** An open append-only log of `T` records. */
export interface AppendLog<T> {
  /** Absolute path of the log file. */
  readonly file: string;
  /** Bytes of a cut last line dropped when the log was opened (0 if the file ended cleanly). */
  readonly droppedTailBytes: number;
  /**
   * Append one record as one line. Resolves once it is written (and synced,
   * with `fsync`). The record is serialized when called, so later changes to
   * the object are not written. Fails with `STORE_RECORD_INVALID` if it is not
   * a JSON object, `STORE_IO` if the write fails (the file is then rolled back
   * to its last complete line).
   */
  append(record: T): Promise<void>;
  /** Every valid record in file order, after the appends queued before this call. */
  readAll(): Promise<T[]>;
  /**
   * Atomically replace the whole log with `records` (write a temporary file,
   * fsync it, rename it over the log, fsync the directory). A crash at any
   * point leaves either the old log or the new one, never a mix. `records` is
   * called inside the queue, after every earlier append.
   */
  rewrite(records: () => Iterable<T>): Promise<void>;
  /** Wait for queued appends, close the file and release the lock. Idempotent. */
  close(): Promise<void>;
}

function ioError(what: string, file: string, cause: unknown): StoreError {
  return new StoreError('STORE_IO', `cannot ${what} ${file}: ${(cause as Error)?.message ?? String(cause)}`, {
    cause,
    hint: 'check that the directory exists, is writable and the disk is not full',
  });
}

/** `JSON + '\n'` of a record, or a `STORE_RECORD_INVALID` error. */
function serialize(record: unknown, file: string): Buffer {
  let json: string | undefined;
  try {
    json = JSON.stringify(record);
  } catch (e) {
    throw new StoreError('STORE_RECORD_INVALID', `cannot write a record to ${file}: it is not JSON-serializable (${(e as Error).message})`, {
      cause: e,
      hint: 'records must be plain JSON data: no BigInt values and no cycles',
    });
  }
  if (json === undefined || !json.startsWith('{')) {
    throw new StoreError('STORE_RECORD_INVALID', `cannot write a record to ${file}: expected a JSON object, got ${Array.isArray(record) ? 'an array' : typeof record}`);
  }
  return Buffer.from(`${json}\n`, 'utf8');
}

function isCompleteJsonObject(bytes: Buffer): boolean {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Open (creating if needed) an append-only JSON-lines log.
 *
 * If the file ends with a cut line (the process died mid-write), that
 * fragment is truncated away before anything else is written. Truncating is
 * cleaner than writing a `'\n'` after it: the fragment was never acknowledged
 * to anyone, and leaving it would turn it into a "corrupt" line reported on
 * every later open. One exception: if the fragment is a complete JSON object
 * that only lacks its newline (a hand-edited file), the newline is added and
 * the record kept.
 *
 * @example
 * ```ts
 * const log = await openAppendLog<{ n: number }>('/tmp/x/events.jsonl', { fsync: true });
 * await Promise.all([log.append({ n: 1 }), log.append({ n: 2 })]);
 * console.log(await log.readAll()); // [{ n: 1 }, { n: 2 }]
 * await log.close();
 * ```
 */
export async function openAppendLog<T = Record<string, unknown>>(file: string, options: AppendLogOptions<T> = {}): Promise<AppendLog<T>> {
  const path = resolve(file);
  const dir = dirname(path);
  const fsync = options.fsync ?? false;
  const onCorrupt =
    options.onCorrupt ??
    ((line: number, error: Error) => {
      process.emitWarning(`${path}:${line}: skipped a corrupt record: ${error.message}`, { code: 'AGENTOS_STORE_CORRUPT_LINE' });
    });
  const validate = options.validate ?? ((value: unknown) => value as T);

  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw ioError('create the directory of', path, e);
  }

  const lock: FileLock | undefined = options.lock === false ? undefined : await acquireLock(path);
  let handle: FileHandle;
  let size: number;
  let droppedTailBytes = 0;
  try {
    if (lock) await removeLeftoverTempFiles(path);
    handle = await open(path, 'a', 0o600);
    const content = await readFile(path);
    size = content.length;
    if (size > 0 && content[size - 1] !== NEWLINE) {
      const lastNewline = content.lastIndexOf(NEWLINE);
      const fragment = content.subarray(lastNewline + 1);
      if (isCompleteJsonObject(fragment)) {
        await handle.write('\n');
        size += 1;
      } else {
        droppedTailBytes = fragment.length;
        size = lastNewline + 1;
        await handle.truncate(size);
      }
      if (fsync) await handle.datasync();
    }
  } catch (e) {
    await lock?.release();
    throw e instanceof StoreError ? e : ioError('open', path, e);
  }

  const queue = createSerialQueue();
  let closed = false;
  /** A failed write may have left part of a line: cut back to `size` before the next one. */
  let dirty = false;
  /** Set when the log can no longer be written safely (e.g. the file could not be reopened after a rewrite). */
  let broken: Error | undefined;

  const checkWritable = () => {
    if (closed) throw new StoreError('STORE_CLOSED', `${path} is closed`, { hint: 'open the store again' });
    if (broken) throw new StoreError('STORE_IO', `${path} can no longer be written: ${broken.message}`, { cause: broken, hint: 'reopen the store' });
  };

  const rollBack = async () => {
    try {
      await handle.truncate(size);
      dirty = false;
    } catch {
      dirty = true; // retried before the next write
    }
  };

  return {
    file: path,
    droppedTailBytes,

    async append(record: T): Promise<void> {
      const line = serialize(record, path);
      return queue.run(async () => {
        checkWritable();
        try {
          if (dirty) {
            await handle.truncate(size);
            dirty = false;
          }
          let offset = 0;
          while (offset < line.length) {
            const { bytesWritten } = await handle.write(line, offset, line.length - offset);
            offset += bytesWritten;
          }
          if (fsync) await handle.datasync();
        } catch (e) {
          await rollBack();
          throw ioError('append to', path, e);
        }
        size += line.length;
      });
    },

    readAll(): Promise<T[]> {
      return queue.run(async () => {
        if (closed) throw new StoreError('STORE_CLOSED', `${path} is closed`, { hint: 'open the store again' });
        let content: Buffer;
        try {
          content = await readFile(path);
        } catch (e) {
          throw ioError('read', path, e);
        }
        const records: T[] = [];
        let start = 0;
        let lineNumber = 0;
        while (start < content.length) {
          const end = content.indexOf(NEWLINE, start);
          // A last line without its newline is still being written: not a record yet.
          if (end === -1) break;
          lineNumber++;
          const text = content.toString('utf8', start, end);
          start = end + 1;
          if (text.trim() === '') continue;
          let value: T;
          try {
            value = validate(JSON.parse(text));
          } catch (e) {
            onCorrupt(lineNumber, e instanceof Error ? e : new Error(String(e)));
            continue;
          }
          records.push(value);
        }
        return records;
      });
    },

    rewrite(records: () => Iterable<T>): Promise<void> {
      return queue.run(async () => {
        checkWritable();
        const temp = `${path}.tmp-${process.pid}-${Date.now()}`;
        let written = 0;
        try {
          const out = await open(temp, 'wx', 0o600);
          try {
            let chunk: Buffer[] = [];
            let chunkBytes = 0;
            const flush = async () => {
              if (chunkBytes === 0) return;
              const buf = Buffer.concat(chunk, chunkBytes);
              let offset = 0;
              while (offset < buf.length) offset += (await out.write(buf, offset, buf.length - offset)).bytesWritten;
              written += buf.length;
              chunk = [];
              chunkBytes = 0;
            };
            for (const record of records()) {
              const line = serialize(record, path);
              chunk.push(line);
              chunkBytes += line.length;
              if (chunkBytes >= 1 << 20) await flush();
            }
            await flush();
            // Always sync before the rename: otherwise a power loss could
            // leave the renamed file empty while the old one is gone.
            await out.sync();
          } finally {
            await out.close();
          }
          await rename(temp, path);
        } catch (e) {
          // Best effort: the next open removes a leftover temp file anyway;
          // the error that matters is the one thrown below.
          await unlink(temp).catch(() => undefined);
          throw e instanceof StoreError ? e : ioError('rewrite', path, e);
        }
        // The log is replaced; switch to the new file.
        try {
          if (fsync) await syncDirectory(dir);
          await handle.close();
          handle = await open(path, 'a', 0o600);
          size = written;
          dirty = false;
        } catch (e) {
          broken = e as Error;
          throw ioError('reopen after rewriting', path, e);
        }
      });
    },

    async close(): Promise<void> {
      await queue.run(async () => {
        if (closed) return;
        closed = true;
        try {
          await handle.close();
        } finally {
          await lock?.release();
        }
      });
    },
  };
}

/**
 * Remove `<file>.tmp-*` left by a rewrite that was killed before its rename.
 * Only called with the lock held, so no rewrite is in progress.
 */
async function removeLeftoverTempFiles(path: string): Promise<void> {
  const prefix = `${basename(path)}.tmp-`;
  const dir = dirname(path);
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    try {
      await unlink(join(dir, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}
