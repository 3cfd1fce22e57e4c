/**
 * Kept by hand: admission limit, per-run timeout and drain-on-shutdown are tied to our Cancellation; p-limit and friends queue instead of refusing with 429.
 *
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

/** One run in flight, linked into the tracker's list. */
interface InFlight {
  readonly cancel: Cancellation;
  readonly started: number;
  readonly run: Promise<unknown>;
  prev: InFlight | undefined;
  next: InFlight | undefined;
}

export class RunTracker {
  /**
   * Runs in flight, as a linked list rather than a Set or Map: a long-lived Map that fills and
   * empties with every request keeps reallocating its table, and a discarded table left in V8's old
   * generation still points at the runs it held until the next full collection, so every young
   * object those runs reach is promoted (profiles under issue 7). Unlinking leaves no such pointer.
   */
  #first: InFlight | undefined;
  #last: InFlight | undefined;
  #count = 0;
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
    return this.#count;
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
    if (max !== undefined && this.#count + this.starting >= max) {
      throw new TooManyRequestsError(`Too many runs in progress (the limit is ${max}): try again shortly`, RETRY_AFTER_SECONDS);
    }
    this.starting++;
    // No listener or timer per run: shutdown and the run timeout reach runs through the list, which
    // one sweep checks (see `#sweep`).
    const cancel = new Cancellation();
    if (this.shutdown.signal.aborted) cancel.abort(this.shutdown.signal.reason);
    let tracked = false;
    return {
      signal: cancel,
      abort: () => cancel.abort(),
      track: <T>(run: Promise<T>): Promise<T> => {
        if (tracked) throw new Error('A run scope tracks one run');
        tracked = true;
        this.starting--;
        const entry = this.#link(cancel, run);
        this.#startSweeping();
        const release = () => this.#unlink(entry);
        run.then(release, release);
        return run;
      },
    };
  }

  #link(cancel: Cancellation, run: Promise<unknown>): InFlight {
    const entry: InFlight = { cancel, started: performance.now(), run, prev: this.#last, next: undefined };
    if (this.#last) this.#last.next = entry;
    else this.#first = entry;
    this.#last = entry;
    this.#count++;
    return entry;
  }

  #unlink(entry: InFlight): void {
    if (entry.prev === undefined && this.#first !== entry) return; // already unlinked
    if (entry.prev) entry.prev.next = entry.next;
    else this.#first = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.#last = entry.prev;
    entry.prev = entry.next = undefined;
    this.#count--;
  }

  /** The runs in flight, oldest first. */
  #entries(): InFlight[] {
    const out: InFlight[] = [];
    for (let entry = this.#first; entry; entry = entry.next) out.push(entry);
    return out;
  }

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
    // Oldest first: the first run young enough ends the sweep.
    for (let entry = this.#first; entry && now - entry.started >= limit; entry = entry.next) {
      entry.cancel.abort(new DOMException('The run timed out', 'TimeoutError'));
    }
    if (this.#count === 0) {
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
    const started = this.#count;
    if (started === 0) return { finished: 0, cancelled: 0 };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const all = Promise.allSettled(this.#entries().map((e) => e.run)).then(() => 'done' as const);
    const outcome = await Promise.race([all, timeout]);
    clearTimeout(timer);
    if (outcome === 'done') return { finished: started, cancelled: 0 };
    const cancelled = this.#count;
    this.shutdown.abort();
    const left = this.#entries();
    for (const entry of left) entry.cancel.abort(this.shutdown.signal.reason);
    await Promise.allSettled(left.map((e) => e.run));
    return { finished: started - cancelled, cancelled };
  }
}
