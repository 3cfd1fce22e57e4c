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

/** One admitted run: its signal, a way to cancel it, and where to hand its promise. */
export interface RunScope {
  readonly signal: AbortSignal;
  abort(): void;
  track<T>(run: Promise<T>): Promise<T>;
}

export class RunTracker {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly shutdown = new AbortController();
  private readonly limits: RunLimits;
  /** Runs admitted by `begin` whose promise is not tracked yet. */
  private starting = 0;

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
   * Admits one run (TooManyRequestsError beyond the cap) and gives it its scope: a signal that
   * aborts on `abort()` (the client went away), on shutdown or after the run timeout. Call `track`
   * with the run's promise right away; everything the scope set up is released when the run settles.
   */
  begin(): RunScope {
    const max = this.limits.maxConcurrent;
    if (max !== undefined && this.inFlight.size + this.starting >= max) {
      throw new TooManyRequestsError(`Too many runs in progress (the limit is ${max}): try again shortly`, RETRY_AFTER_SECONDS);
    }
    this.starting++;
    const controller = new AbortController();
    const shutdown = this.shutdown.signal;
    const onShutdown = () => controller.abort(shutdown.reason);
    shutdown.addEventListener('abort', onShutdown, { once: true });
    const ms = this.limits.runTimeoutMs;
    const timer = ms === undefined ? undefined : setTimeout(() => controller.abort(new DOMException('The run timed out', 'TimeoutError')), ms);
    timer?.unref();
    let tracked = false;
    return {
      signal: controller.signal,
      abort: () => controller.abort(),
      track: <T>(run: Promise<T>): Promise<T> => {
        if (tracked) throw new Error('A run scope tracks one run');
        tracked = true;
        this.starting--;
        this.inFlight.add(run);
        const release = () => {
          this.inFlight.delete(run);
          clearTimeout(timer);
          shutdown.removeEventListener('abort', onShutdown);
        };
        run.then(release, release);
        return run;
      },
    };
  }

  /** Whether a run's signal fired because the run took too long. */
  static timedOut(signal: AbortSignal): boolean {
    const reason: unknown = signal.reason;
    return signal.aborted && reason instanceof Error && reason.name === 'TimeoutError';
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
