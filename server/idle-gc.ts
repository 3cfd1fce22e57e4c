/**
 * Gives memory back once a burst of work is over. V8 collects garbage while JavaScript allocates;
 * a server that goes quiet after a burst keeps the garbage of the burst's last seconds, and the
 * heap pages it grew into, until the next burst. (V8's own memory reducer waits for a low allocation
 * rate that it only measures at garbage collections, so in an idle Node process it never runs.)
 *
 * Once a second this checks whether the event loop was idle (under 2 % busy) and the heap grew by
 * more than 1 MB since the last collection; if so it runs a full collection, and one more a second
 * later, by when V8 has swept the first one's pages and the second can release them. It needs
 * `gc()` (`--expose-gc`, one of the server's Node flags, server/node-flags.ts); without it it does
 * nothing.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import v8 from 'node:v8';

export interface IdleCollectorOptions {
  /** Runs a full garbage collection (`globalThis.gc`). */
  gc: () => void;
  /** Bytes of heap in use. */
  heapUsed?: () => number;
  /** The event loop's busy share since the last call (0..1). */
  busy?: () => number;
  intervalMs?: number;
  /** Heap growth since the last collection that makes one worth it. */
  minGrowthBytes?: number;
}

const IDLE_BELOW = 0.02;

export class IdleCollector {
  readonly #gc: () => void;
  readonly #heapUsed: () => number;
  readonly #busy: () => number;
  readonly #minGrowth: number;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  /** Heap in use after the last collection. */
  #usedAfter: number;
  #followUp = false;
  /** Collections run (for tests and diagnostics). */
  collections = 0;

  constructor(options: IdleCollectorOptions) {
    this.#gc = options.gc;
    this.#heapUsed = options.heapUsed ?? (() => v8.getHeapStatistics().used_heap_size);
    this.#busy = options.busy ?? loopBusyShare();
    this.#minGrowth = options.minGrowthBytes ?? 1024 * 1024;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.#usedAfter = this.#heapUsed();
  }

  /** An idle collector using `globalThis.gc`, or undefined when Node was started without `--expose-gc`. */
  static fromGlobal(): IdleCollector | undefined {
    const gc = (globalThis as { gc?: unknown }).gc;
    return typeof gc === 'function' ? new IdleCollector({ gc: () => (gc as () => void)() }) : undefined;
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
    if (this.#busy() >= IDLE_BELOW) {
      this.#followUp = false;
      return;
    }
    if (!this.#followUp && this.#heapUsed() < this.#usedAfter + this.#minGrowth) return;
    this.#followUp = !this.#followUp;
    this.#gc();
    this.collections++;
    this.#usedAfter = this.#heapUsed();
  }
}

/** The event loop's busy share between calls (`performance.eventLoopUtilization`). */
function loopBusyShare(): () => number {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}
