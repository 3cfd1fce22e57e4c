/**
 * Keeps count of runs in flight: shutdown lets them finish, then cancels the stragglers; beyond
 * `maxConcurrent` a new run is refused (429); every run stops after `runTimeoutMs`.
 */
import { TooManyRequestsError } from '../../shared/errors.js';

export interface RunLimits {
  /** Runs in flight beyond this are refused by `admit`. Default: unlimited. */
  maxConcurrent?: number;
  /** Every run's signal aborts after this. Default: never. */
  runTimeoutMs?: number;
}

/** Seconds a client refused for too many runs is told to wait (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 2;

export class RunTracker {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly shutdown = new AbortController();
  private readonly limits: RunLimits;

  constructor(limits: RunLimits = {}) {
    this.limits = limits;
  }

  /** Aborted when shutdown gives up waiting: every run listens to it. */
  get shutdownSignal(): AbortSignal {
    return this.shutdown.signal;
  }

  get size(): number {
    return this.inFlight.size;
  }

  get runTimeoutMs(): number | undefined {
    return this.limits.runTimeoutMs;
  }

  /**
   * Throws TooManyRequestsError when the cap on runs in flight is reached. Call it right before
   * starting the run and `track` it in the same synchronous step, so two runs cannot both slip in.
   */
  admit(): void {
    const max = this.limits.maxConcurrent;
    if (max !== undefined && this.inFlight.size >= max) {
      throw new TooManyRequestsError(`Too many runs in progress (the limit is ${max}): try again shortly`, RETRY_AFTER_SECONDS);
    }
  }

  /** A signal for one run: aborts when the caller's signal, shutdown or the run timeout fires. */
  signalFor(signal?: AbortSignal): AbortSignal {
    const signals = [this.shutdown.signal];
    if (signal) signals.push(signal);
    if (this.limits.runTimeoutMs !== undefined) signals.push(AbortSignal.timeout(this.limits.runTimeoutMs));
    return AbortSignal.any(signals);
  }

  /** Whether a signal from `signalFor` fired because the run took too long. */
  static timedOut(signal: AbortSignal): boolean {
    const reason: unknown = signal.reason;
    return signal.aborted && reason instanceof Error && reason.name === 'TimeoutError';
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
