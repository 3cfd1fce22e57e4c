/**
 * Runs in the forked server process: notices when the parent (the desktop app) is gone, so the
 * server stops by itself instead of keeping the port and the data directory as an orphan.
 * Two independent signs: the IPC channel closes (the parent exited or was killed, on every OS),
 * and, as a fallback on POSIX, the parent pid changes (the process was re-parented).
 */
export interface ParentLink {
  readonly connected: boolean;
  readonly ppid: number;
  once(event: 'disconnect', listener: () => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
}

/** Calls `onGone` once when the parent goes away. Only watches a process forked with IPC. Returns a disposer. */
export function watchParent(proc: ParentLink, onGone: (why: string) => void, pollMs = 1_000): () => void {
  if (!proc.connected) return () => {};
  const firstPpid = proc.ppid;
  let done = false;
  const dispose = (): void => {
    done = true;
    proc.off('disconnect', onDisconnect);
    clearInterval(timer);
  };
  const gone = (why: string): void => {
    if (done) return;
    dispose();
    onGone(why);
  };
  const onDisconnect = (): void => gone('the IPC channel to the parent closed');
  proc.once('disconnect', onDisconnect);
  const timer = setInterval(() => {
    if (proc.ppid !== firstPpid) gone(`the parent process ${firstPpid} exited`);
  }, pollMs);
  timer.unref();
  return dispose;
}
