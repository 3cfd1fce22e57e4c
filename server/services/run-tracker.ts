/** Keeps count of runs in flight so shutdown can let them finish, then cancel the stragglers. */

export class RunTracker {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly shutdown = new AbortController();

  /** Aborted when shutdown gives up waiting: every run listens to it. */
  get shutdownSignal(): AbortSignal {
    return this.shutdown.signal;
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** A signal that aborts when either the caller's signal or shutdown aborts. */
  signalFor(signal: AbortSignal): AbortSignal {
    return AbortSignal.any([signal, this.shutdown.signal]);
  }

  track<T>(run: Promise<T>): Promise<T> {
    this.inFlight.add(run);
    const forget = () => this.inFlight.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** Waits up to `graceMs` for runs in flight, then aborts the rest and waits for them to settle. */
  async drain(graceMs: number): Promise<{ finished: number; cancelled: number }> {
    const started = this.inFlight.size;
    if (started === 0) return { finished: 0, cancelled: 0 };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const all = Promise.allSettled([...this.inFlight]).then(() => 'done' as const);
    const outcome = await Promise.race([all, timeout]);
    clearTimeout(timer);
    if (outcome === 'done') return { finished: started, cancelled: 0 };
    const cancelled = this.inFlight.size;
    this.shutdown.abort();
    await Promise.allSettled([...this.inFlight]);
    return { finished: started - cancelled, cancelled };
  }
}
