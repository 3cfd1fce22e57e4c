/**
 * Gives memory back once a burst of work is over. V8 collects garbage while JavaScript allocates;
 * a server that goes quiet after a burst keeps the garbage of the burst's last seconds, and the
 * heap pages it grew into, until the next burst. (V8's own memory reducer waits for a low allocation
 * rate that it only measures at garbage collections, so in an idle Node process it never runs.)
 *
 * Every quarter of a second this checks whether the server had any request since the last check
 * (or still has a run in progress); once a check finds it quiet, and the heap grew by more than 1 MB since the last collection, it runs a
 * full collection, and one more at the next quiet check, by when V8 has swept the first one's pages
 * and the second can release them. It needs `gc()` (`--expose-gc`, one of the server's Node flags,
 * server/node-flags.ts); without it it does nothing.
 */
import v8 from 'node:v8';

export interface IdleCollectorOptions {
  /** Runs a full garbage collection (`globalThis.gc`). */
  gc: () => void;
  /** A count that moves while the server works (requests received). */
  activity: () => number;
  /** Whether work is in progress without new requests (a long streamed run). */
  working?: () => boolean;
  /** Bytes of heap in use. */
  heapUsed?: () => number;
  intervalMs?: number;
  /** Heap growth since the last collection that makes one worth it. */
  minGrowthBytes?: number;
}

export class IdleCollector {
  readonly #gc: () => void;
  readonly #heapUsed: () => number;
  readonly #activity: () => number;
  readonly #working: () => boolean;
  #lastActivity: number;
  readonly #minGrowth: number;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  /** Heap in use after the last collection. */
  #usedAfter: number;
  #followUp = false;

  constructor(options: IdleCollectorOptions) {
    this.#gc = options.gc;
    this.#heapUsed = options.heapUsed ?? (() => v8.getHeapStatistics().used_heap_size);
    this.#activity = options.activity;
    this.#working = options.working ?? (() => false);
    this.#lastActivity = options.activity();
    this.#minGrowth = options.minGrowthBytes ?? 1024 * 1024;
    this.#intervalMs = options.intervalMs ?? 250;
    this.#usedAfter = this.#heapUsed();
  }

  /** An idle collector using `globalThis.gc`, or undefined when Node was started without `--expose-gc`. */
  static fromGlobal(options: Omit<IdleCollectorOptions, 'gc'>): IdleCollector | undefined {
    const gc = (globalThis as { gc?: unknown }).gc;
    return typeof gc === 'function' ? new IdleCollector({ ...options, gc: () => (gc as () => void)() }) : undefined;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.tick(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One check (the timer calls it). */
  tick(): void {
    const activity = this.#activity();
    if (activity !== this.#lastActivity || this.#working()) {
      this.#lastActivity = activity;
      this.#followUp = false;
      return;
    }
    if (!this.#followUp && this.#heapUsed() < this.#usedAfter + this.#minGrowth) return;
    this.#followUp = !this.#followUp;
    this.#gc();
    this.#usedAfter = this.#heapUsed();
  }
}
