/** Small file-system helpers shared by the storage files: durable writes, set-aside names, errno codes. */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** The `code` of a Node system error (`ENOENT`, `EACCES`, …), if any. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

/** A timestamp usable in file names on every OS: `2024-05-01T10-20-30-123Z`. */
export function fileStamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

export async function removeIfPresent(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
}

/**
 * Makes a rename or a new file in `dir` durable against power loss. Windows cannot open a directory
 * (and NTFS journals renames itself); some file systems reject directory fsync: both are ignored.
 */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'ENOTSUP') throw err;
  } finally {
    await handle?.close();
  }
}

/** `rename`, retried briefly on Windows where a virus scanner or indexer may hold the target open. */
export async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (err) {
      const code = errnoCode(err);
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY');
      if (!transient || attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Writes `data` to `file` (mode 0600), flushing it to the disk first when `sync` is set. */
export async function writeNewFile(file: string, data: string | Uint8Array, sync: boolean, flag = 'w'): Promise<void> {
  const handle = await fs.open(file, flag, 0o600);
  try {
    await handle.writeFile(data);
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` atomically: readers (and a restart after a crash at any moment) see either the
 * old content or the new one, never a mix. `tmp` must be in the same directory.
 */
export async function replaceFile(file: string, tmp: string, data: string | Uint8Array, sync: boolean): Promise<void> {
  await writeNewFile(tmp, data, sync);
  await renameWithRetry(tmp, file);
  if (sync) await syncDir(path.dirname(file));
}

/**
 * Moves a damaged file aside to `<file>.corrupt-<timestamp>` (never over an existing file) and
 * returns where it went.
 */
export async function setAside(file: string): Promise<string> {
  const base = `${file}.corrupt-${fileStamp()}`;
  for (let i = 0; ; i++) {
    const target = i === 0 ? base : `${base}-${i}`;
    if (await exists(target)) continue;
    await renameWithRetry(file, target);
    return target;
  }
}

/** Copies a file aside to `<file>.corrupt-<timestamp>` (the original stays) and returns the copy's path. */
export async function copyAside(file: string): Promise<string> {
  const base = `${file}.corrupt-${fileStamp()}`;
  for (let i = 0; ; i++) {
    const target = i === 0 ? base : `${base}-${i}`;
    try {
      await fs.copyFile(file, target, constants.COPYFILE_EXCL);
      return target;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
  }
}

/** Freezes a JSON value and everything in it, so a record handed out cannot be changed behind the store's back. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody awaits (e.g. a debounced flush) must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
