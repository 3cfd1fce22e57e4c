/**
 * Finds the Flowdesk server that already owns a data directory, from the directory's lock
 * (server/storage/data-dir-lock.ts records the owner's pid and, once it listens, its URL).
 */
import { lockHolderState, readLockInfo, type LockInfo } from '../server/launcher-api.js';
import { connectableUrl, delay, probeHealth } from './health.js';

export type RunningServerProbe =
  /** No lock, or a stale one (its process is gone): a new server may start. */
  | { kind: 'none' }
  /** A live server on this machine answers `/health` at `url`: attach to it. */
  | { kind: 'running'; url: string; pid: number }
  /** A live process holds the lock but does not answer (yet): still starting, hung, or not ours to probe. */
  | { kind: 'busy'; lock: LockInfo; reason: 'no-url' | 'not-answering' | 'other-host' };

export async function probeRunningServer(dataDir: string, healthTimeoutMs = 1_500): Promise<RunningServerProbe> {
  const lock = await readLockInfo(dataDir);
  if (!lock) return { kind: 'none' };
  const holder = lockHolderState(lock);
  if (holder === 'dead') return { kind: 'none' };
  // A lock from another host names a URL on that host: probing it here could reach something else.
  if (holder === 'unknown') return { kind: 'busy', lock, reason: 'other-host' };
  if (!lock.url) return { kind: 'busy', lock, reason: 'no-url' };
  if (await probeHealth(lock.url, healthTimeoutMs)) return { kind: 'running', url: connectableUrl(lock.url), pid: lock.pid };
  return { kind: 'busy', lock, reason: 'not-answering' };
}

/**
 * Like `probeRunningServer`, but gives a server that holds the lock and is still starting up to
 * `waitMs` to answer. Resolves `none`, `running`, or the last `busy`.
 */
export async function findRunningServer(dataDir: string, waitMs: number, pollMs = 200): Promise<RunningServerProbe> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const probe = await probeRunningServer(dataDir);
    if (probe.kind !== 'busy' || probe.reason === 'other-host' || Date.now() + pollMs >= deadline) return probe;
    await delay(pollMs);
  }
}
