/**
 * The data-directory lock: `<dataDir>/flowdesk.lock`, created atomically (O_CREAT|O_EXCL), holding
 * `{pid, hostname, started_at, instance, url?}`. It makes two servers on one directory impossible,
 * and tells the desktop app which server (and URL) owns a directory.
 *
 * A lock whose pid is dead on this host, or that predates the last boot, is stale and taken over.
 * A lock written by another host (a shared folder) cannot be checked and is always respected.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StartupError } from '../startup-error.js';
import { errnoCode, removeIfPresent, renameWithRetry, writeNewFile } from './fs-utils.js';

export const LOCK_FILE_NAME = 'flowdesk.lock';

export interface LockInfo {
  pid: number;
  hostname: string;
  /** ISO time the server took the lock. */
  started_at: string;
  /** Random id of the store instance holding the lock. */
  instance: string;
  /** The server's URL, once it listens. */
  url?: string;
}

/** Directories locked by this process, so a second `openStore` here refuses even if the file was removed. */
const heldHere = new Set<string>();

export function lockPath(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE_NAME);
}

function parseLockInfo(text: string): LockInfo | undefined {
  try {
    const raw = JSON.parse(text) as Partial<LockInfo> | null;
    if (!raw || typeof raw.pid !== 'number' || typeof raw.hostname !== 'string' || typeof raw.started_at !== 'string') return undefined;
    return {
      pid: raw.pid,
      hostname: raw.hostname,
      started_at: raw.started_at,
      instance: typeof raw.instance === 'string' ? raw.instance : '',
      ...(typeof raw.url === 'string' ? { url: raw.url } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The lock of a data directory, or undefined when there is none (or it is unreadable). */
export async function readLockInfo(dataDir: string): Promise<LockInfo | undefined> {
  try {
    return parseLockInfo(await fs.readFile(lockPath(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Whether the process holding a lock runs: `alive`, `dead` (pid gone, a zombie, or the lock predates
 * the last boot), or `unknown` (written on another host).
 */
export function lockHolderState(info: LockInfo): 'alive' | 'dead' | 'unknown' {
  if (info.hostname !== os.hostname()) return 'unknown';
  const startedAt = Date.parse(info.started_at);
  const bootedAt = Date.now() - os.uptime() * 1000;
  if (Number.isFinite(startedAt) && startedAt < bootedAt - 60_000) return 'dead';
  if (info.pid === process.pid) {
    // Our own pid: ours only if this process already ran when the lock was taken (a restarted
    // container often gets the same small pid again).
    const selfStartedAt = Date.now() - process.uptime() * 1000;
    return Number.isFinite(startedAt) && startedAt + 1000 < selfStartedAt ? 'dead' : 'alive';
  }
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    // EPERM: the pid exists but belongs to another user.
    return errnoCode(err) === 'EPERM' ? 'alive' : 'dead';
  }
  return isZombieOrReused(info.pid, startedAt) ? 'dead' : 'alive';
}

/**
 * Linux only: whether `pid` is a zombie, or a process started after the lock was written (the pid
 * was reused). Elsewhere (or when /proc cannot be read) assumes neither.
 */
function isZombieOrReused(pid: number, lockStartedAt: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return true;
    // Field 22 of /proc/<pid>/stat (index 19 after pid and comm) is the start time in clock ticks
    // after boot; Linux's USER_HZ is 100 everywhere that matters.
    const ticks = Number(fields[19]);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(btime) || !Number.isFinite(lockStartedAt)) return false;
    return btime * 1000 + ticks * 10 > lockStartedAt + 2000;
  } catch {
    return false;
  }
}

function lockedError(dataDir: string, info: LockInfo | undefined): StartupError {
  const who = !info
    ? 'another Flowdesk server'
    : info.hostname === os.hostname()
      ? `another Flowdesk server (pid ${info.pid})`
      : `another Flowdesk server (pid ${info.pid} on host ${info.hostname}; if none runs there, delete ${lockPath(dataDir)})`;
  return new StartupError('data_dir_locked', `Data directory ${dataDir} is in use by ${who}. Stop it or use --data-dir.`);
}

function unusableError(dataDir: string, err: unknown): StartupError {
  const reason = err instanceof Error ? err.message : String(err);
  return new StartupError('data_dir_unusable', `Data directory ${dataDir} is unusable: cannot create its lock file (${reason})`, { cause: err });
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** Reads an existing lock, waiting briefly when it is empty or half-written (its creator is mid-write). */
async function readExisting(file: string): Promise<{ text: string; info: LockInfo | undefined } | undefined> {
  for (let attempt = 0; ; attempt++) {
    const text = await readText(file);
    if (text === undefined) return undefined;
    const info = parseLockInfo(text);
    if (info || attempt >= 5) return { text, info };
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

export class DataDirLock {
  readonly dataDir: string;
  readonly file: string;
  #info: LockInfo;
  #released = false;

  private constructor(dataDir: string, info: LockInfo) {
    this.dataDir = dataDir;
    this.file = lockPath(dataDir);
    this.#info = info;
  }

  get info(): LockInfo {
    return { ...this.#info };
  }

  /**
   * Takes the lock of `dataDir` (an absolute, existing directory). Throws `StartupError`
   * `data_dir_locked` when a live server holds it; takes over a stale one, calling `warn`.
   */
  static async acquire(dataDir: string, warn: (message: string) => void): Promise<DataDirLock> {
    const key = path.resolve(dataDir);
    if (heldHere.has(key)) throw lockedError(dataDir, { pid: process.pid, hostname: os.hostname(), started_at: '', instance: '' });
    heldHere.add(key);
    try {
      return await DataDirLock.#acquire(dataDir, warn);
    } catch (err) {
      heldHere.delete(key);
      throw err instanceof StartupError ? err : unusableError(dataDir, err);
    }
  }

  static async #acquire(dataDir: string, warn: (message: string) => void): Promise<DataDirLock> {
    const file = lockPath(dataDir);
    const info: LockInfo = { pid: process.pid, hostname: os.hostname(), started_at: new Date().toISOString(), instance: randomUUID() };
    for (let attempt = 0; attempt < 5; attempt++) {
      let handle: fs.FileHandle | undefined;
      try {
        handle = await fs.open(file, 'wx', 0o600);
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST') throw err;
      }
      if (handle) {
        try {
          await handle.writeFile(JSON.stringify(info) + '\n');
        } catch (err) {
          await handle.close();
          await removeIfPresent(file); // ours, but empty: do not leave it behind
          throw err;
        }
        await handle.close();
        return new DataDirLock(dataDir, info);
      }
      const existing = await readExisting(file);
      if (!existing) continue; // released meanwhile: try again
      if (existing.info && lockHolderState(existing.info) !== 'dead') throw lockedError(dataDir, existing.info);
      if (await DataDirLock.#removeStale(file, existing.text)) {
        warn(
          existing.info
            ? `Took over the lock of data directory ${dataDir} left by pid ${existing.info.pid} (started ${existing.info.started_at}), which no longer runs`
            : `Took over an unreadable lock file in data directory ${dataDir}`,
        );
      }
    }
    throw lockedError(dataDir, await readLockInfo(dataDir));
  }

  /**
   * Removes a stale lock, but only that one: it is first renamed to a private name, so two servers
   * taking over at once cannot delete each other's fresh lock. Returns whether it was removed.
   */
  static async #removeStale(file: string, staleText: string): Promise<boolean> {
    const moved = `${file}.stale-${process.pid}-${randomUUID()}`;
    try {
      await renameWithRetry(file, moved);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return false;
      throw err;
    }
    const movedText = await readText(moved);
    if (movedText === staleText) {
      await removeIfPresent(moved);
      return true;
    }
    // Someone replaced the stale lock with a fresh one between our read and our rename: put it back.
    try {
      await fs.link(moved, file);
    } catch {
      // Another lock is in place already (or links are unsupported and it is gone): re-evaluate.
    }
    await removeIfPresent(moved);
    return false;
  }

  /** Adds fields (the server URL) to the lock, atomically: a reader never sees a half-written lock. */
  async update(patch: { url?: string }): Promise<void> {
    if (this.#released) throw new Error('The data-directory lock was released');
    const next: LockInfo = { ...this.#info, ...patch };
    const tmp = `${this.file}.${this.#info.instance}.tmp`;
    await writeNewFile(tmp, JSON.stringify(next) + '\n', false);
    await renameWithRetry(tmp, this.file);
    this.#info = next;
  }

  /** Deletes the lock file if it is still ours. Idempotent. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    heldHere.delete(path.resolve(this.dataDir));
    const current = parseLockInfo((await readText(this.file).catch(() => undefined)) ?? '');
    if (current && current.instance === this.#info.instance) await removeIfPresent(this.file);
  }
}
