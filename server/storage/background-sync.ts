/**
 * The message log's flush to the disk: after a write, an fdatasync in the background at most every
 * `intervalMs` (~200 ms) while there are unsynced writes, and one on demand (`syncNow`, at close
 * and before a compaction). A failed background sync is reported (once until one succeeds) and
 * retried later.
 */
import type fs from 'node:fs/promises';

/** Default background fdatasync interval. */
export const SYNC_INTERVAL_MS = 200;

export interface BackgroundSyncOptions {
  /** The file's name, for warnings. */
  name: string;
  intervalMs: number;
  warn(message: string): void;
  /** The handle to flush (it changes when the log is rewritten; undefined while closed). */
  handle(): fs.FileHandle | undefined;
  /** Whether the log is closing (no more background syncs are scheduled). */
  closed(): boolean;
}

export class BackgroundSync {
  readonly #options: BackgroundSyncOptions;
  #unsynced = false;
  #timer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> | null = null;
  #failing = false;
  /** Number of fdatasync calls that succeeded, for tests and benchmarks. */
  syncs = 0;

  constructor(options: BackgroundSyncOptions) {
    this.#options = options;
  }

  /** Bytes were written: flush them within the interval. */
  written(): void {
    this.#unsynced = true;
    this.#schedule();
  }

  #schedule(): void {
    // While a sync runs, its end schedules the next one if writes came meanwhile.
    if (this.#timer || this.#syncing || this.#options.closed()) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#sync();
    }, this.#options.intervalMs);
    // A process that ends without closing the store still has every written line (page cache).
    this.#timer.unref();
  }

  /** A background fdatasync; a failure is reported (once until one succeeds) and retried later. */
  #sync(): Promise<void> {
    const handle = this.#options.handle();
    if (this.#syncing || !this.#unsynced || !handle) return this.#syncing ?? Promise.resolve();
    this.#unsynced = false;
    this.#syncing = handle
      .datasync()
      .then(
        () => {
          this.syncs++;
          this.#failing = false;
        },
        (err: unknown) => {
          this.#unsynced = true;
          if (!this.#failing) this.#options.warn(`${this.#options.name}: could not flush to disk (fdatasync): ${(err as Error).message}; will retry`);
          this.#failing = true;
        },
      )
      .finally(() => {
        this.#syncing = null;
        if (this.#unsynced) this.#schedule();
      });
    return this.#syncing;
  }

  /** Waits for the background sync in flight, then flushes what is still unsynced; throws if that fails. */
  async syncNow(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#syncing) await this.#syncing;
    const handle = this.#options.handle();
    if (!this.#unsynced || !handle) return;
    await handle.datasync();
    this.#unsynced = false;
    this.syncs++;
  }
}
