/**
 * Keeps count of runs in flight: shutdown lets them finish, then cancels the stragglers; beyond
 * `maxConcurrent` a new run is refused (429); every run stops after `runTimeoutMs`.
 */
import { TooManyRequestsError } from '../../shared/errors.js';
import { Cancellation, type RunSignal } from '../engine/cancellation.js';

export type { RunSignal } from '../engine/cancellation.js';

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
  readonly signal: Cancellation;
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
    // No listener or timer per run: shutdown and the run timeout reach runs through `controllers`,
    // which one sweep checks (see `#sweep`).
    const controller = new Cancellation();
    if (this.shutdown.signal.aborted) controller.abort(this.shutdown.signal.reason);
    let tracked = false;
    return {
      signal: controller,
      abort: () => controller.abort(),
      track: <T>(run: Promise<T>): Promise<T> => {
        if (tracked) throw new Error('A run scope tracks one run');
        tracked = true;
        this.starting--;
        this.inFlight.add(run);
        this.controllers.set(controller, performance.now());
        this.#startSweeping();
        const release = () => {
          this.inFlight.delete(run);
          this.controllers.delete(controller);
        };
        run.then(release, release);
        return run;
      },
    };
  }

  /** Runs in flight, by their controller, with when they started (for the run timeout). */
  private readonly controllers = new Map<Cancellation, number>();
  private sweeper: NodeJS.Timeout | undefined;

  #startSweeping(): void {
    if (this.sweeper || this.limits.runTimeoutMs === undefined) return;
    const every = Math.max(10, Math.min(1000, this.limits.runTimeoutMs / 4));
    this.sweeper = setInterval(() => this.#sweep(), every);
    this.sweeper.unref();
  }

  /** Stops the runs older than the run timeout; stops sweeping while nothing runs. */
  #sweep(): void {
    const limit = this.limits.runTimeoutMs ?? Infinity;
    const now = performance.now();
    for (const [controller, started] of this.controllers) {
      if (now - started >= limit) {
        this.controllers.delete(controller);
        controller.abort(new DOMException('The run timed out', 'TimeoutError'));
      }
    }
    if (this.controllers.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  /** Whether a run's signal fired because the run took too long. */
  static timedOut(signal: RunSignal): boolean {
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
    for (const controller of this.controllers.keys()) controller.abort(this.shutdown.signal.reason);
    await Promise.allSettled([...this.inFlight]);
    return { finished: started - cancelled, cancelled };
  }
}
