/**
 * The message history as an append-only JSON Lines file (`messages.jsonl`), so that storing a
 * message costs the same whatever the history size.
 *
 * - One record per line: a message as it is, or a tombstone that forgets the messages written
 *   before it (log-record.ts).
 * - Every `append` learns at once the byte offset its line will have (the store indexes messages by
 *   offset and length and reads them back with positional reads: `read`).
 * - Group commit: the lines of every `append` made while a write is in flight go out together in
 *   the next single write(2) (append mode).
 * - Durability: an `append` resolves once its bytes are written to the file, i.e. are in the OS
 *   page cache: a kill -9 (or any crash of the process) after that keeps it, which is what the
 *   message history promises. Flushing to the disk (fdatasync, when `fsync` is on) happens in the
 *   background, at most every `syncIntervalMs` (~200 ms) while there are unsynced writes, and on
 *   `close`: a power cut or an OS crash may lose the last ~200 ms of messages, never a record
 *   in the middle of the log (a torn last line is dropped at open). Flows, variables and keys keep
 *   their fsync before every acknowledgement (durable-json-file.ts). The timer: background-sync.ts.
 * - A small LRU cache of lines (~1 MB) serves the usual history query (the newest messages of a
 *   conversation, read again at its next turn) without a read(2): lines read by small reads, and
 *   appended lines the caller marks as likely to be read. Lines not yet written are read from the
 *   write queue. (Caching every appended line would keep each one alive long enough to be promoted
 *   to V8's old space, which then grows under a steady stream of runs.) See line-cache.ts and
 *   pending-lines.ts; positional reads: positional-read.ts.
 * - At open the log is replayed. A last line without its newline that is not a whole record (a
 *   write cut by a kill) is truncated away with a warning. Unreadable lines elsewhere (a hand edit,
 *   a disk fault) are skipped; the file is then copied aside and rewritten without them
 *   (log-replay.ts, log-compaction.ts).
 */import { writeSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../../shared/errors.js';
import { BackgroundSync, SYNC_INTERVAL_MS } from './background-sync.js';
import { deferred, removeIfPresent, renameWithRetry, syncDir, type Deferred } from './fs-utils.js';
import { LineCache } from './line-cache.js';
import { copyRecords } from './log-compaction.js';
import type { LogRecord, Span } from './log-record.js';
import { replayLog, type ReplayStats } from './log-replay.js';
import { PendingLines } from './pending-lines.js';
import { MAX_GAP, ranges, readAt, type ReadRange } from './positional-read.js';

export interface Appended extends Span {
  /** Resolves once the line is written to the file (not necessarily flushed to the disk). */
  written: Promise<void>;
}

/** Lines read from the file are cached only by reads of at most this many records (not by full scans). */
const CACHE_READS_UP_TO = 256;
/** Size of the reused write buffer; a larger batch gets a buffer of its own. */
const WRITE_BUFFER_BYTES = 256 * 1024;
/** Reads in flight at once, per `read` (page-cache hits: parallel reads hide the thread-pool round trips). */
const READ_PARALLEL = 32;

export interface LogOptions {
  /** Flush written lines to the disk in the background (fdatasync) and on close. */
  fsync: boolean;
  warn(message: string): void;
  /** Background fdatasync interval; default `SYNC_INTERVAL_MS`. */
  syncIntervalMs?: number;
}

export class MessageLog {
  readonly file: string;
  readonly #options: LogOptions;
  /** Append-mode handle (writes) and read-only handle (positional reads). */
  #handle: fs.FileHandle | undefined;
  #reader: fs.FileHandle | undefined;
  /** Bytes in the file that hold complete records. */
  #size = 0;
  /** `#size` plus the bytes queued or being written: where the next append lands. */
  #end = 0;
  #queue: string[] = [];
  /** Bytes of the lines in `#queue`. */
  #queueBytes = 0;
  /**
   * Reused for every batch that fits (one write is in flight at a time): a new Buffer per batch
   * is C-heap memory that lingers until V8 next collects its handle.
   */
  #writeBuffer: Buffer | undefined;
  #batch: Deferred | null = null;
  #draining: Promise<void> | null = null;
  #closed = false;
  /** Lines appended but not written yet, in offset order. */
  #pending = new PendingLines();
  /** Written lines by offset, least recently used first. */
  readonly #cache = new LineCache();
  readonly #sync: BackgroundSync;
  /** `read` calls in flight. */
  readonly #reads = new Set<Promise<unknown>>();
  /** Number of write calls, for tests and benchmarks. */
  writes = 0;
  /** Number of positional reads of the file by `read` (cache misses), for tests and benchmarks. */
  fileReads = 0;

  get #tmpFile(): string {
    return path.join(path.dirname(this.file), `.${path.basename(this.file)}.tmp`);
  }

  private constructor(file: string, options: LogOptions) {
    this.file = file;
    this.#options = options;
    this.#sync = new BackgroundSync({
      name: path.basename(file),
      intervalMs: options.syncIntervalMs ?? SYNC_INTERVAL_MS,
      warn: options.warn,
      handle: () => this.#handle,
      closed: () => this.#closed,
    });
  }

  /** Number of fdatasync calls that succeeded, for tests and benchmarks. */
  get syncs(): number {
    return this.#sync.syncs;
  }

  /**
   * Replays the log through `apply` (each record with the span of its line), repairs a torn tail,
   * and opens it for appending and reading.
   */
  static async open(file: string, options: LogOptions, apply: (record: LogRecord, span: Span) => void): Promise<{ log: MessageLog; stats: ReplayStats }> {
    const log = new MessageLog(file, options);
    // A temp file left by a crash during compaction: the log itself was not replaced yet.
    await removeIfPresent(log.#tmpFile);
    const { stats, size } = await replayLog(file, options.warn, apply);
    log.#size = log.#end = size;
    await log.#openHandles();
    return { log, stats };
  }

  async #openHandles(): Promise<void> {
    this.#handle = await fs.open(this.file, 'a', 0o600);
    try {
      this.#reader = await fs.open(this.file, 'r');
    } catch (err) {
      await this.#handle.close();
      this.#handle = undefined;
      throw err;
    }
  }

  async #closeHandles(): Promise<void> {
    const handles = [this.#handle, this.#reader];
    this.#handle = undefined;
    this.#reader = undefined;
    // Reads started before still use the descriptor (a new read now finds no handle and throws).
    await Promise.allSettled(this.#reads);
    await Promise.all(handles.map((h) => h?.close()));
  }

  /**
   * Appends one line (ending in a newline). Returns at once where it will be in the file; its
   * `written` resolves once it is written (rejects, with every line queued behind it, if that fails).
   * `cache`: keep it in the line cache once written (it will likely be read soon).
   */
  append(line: string, cache = false): Appended {
    if (this.#closed) throw new StorageError('The store is closed');
    const length = Buffer.byteLength(line, 'utf8');
    const offset = this.#end;
    this.#end += length;
    this.#queue.push(line);
    this.#queueBytes += length;
    // Until it is written, a line can only be read from here.
    this.#pending.add(offset, line, cache);
    this.#batch ??= deferred();
    const written = this.#batch.promise;
    // Started after the event loop's current phase, so the appends of every request handled in
    // this turn share one write.
    this.#draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#drain());
    return { offset, length, written };
  }

  #clearCache(): void {
    this.#pending = new PendingLines();
    this.#cache.clear();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const lines = this.#queue;
        const bytes = this.#queueBytes;
        const batch = this.#batch;
        this.#queue = [];
        this.#queueBytes = 0;
        this.#batch = null;
        const data = this.#encode(lines, bytes);
        try {
          await this.#writeAll(data);
          // Written lines leave the queue; those likely to be read go to the cache.
          this.#pending = this.#pending.written(this.#size, (offset, line) => this.#cache.set(offset, line));
          batch?.resolve();
        } catch (err) {
          // Cut off whatever part of the batch reached the file, so no torn record sits mid-log.
          await this.#handle?.truncate(this.#size).catch(() => undefined);
          const error = new StorageError(`Could not append to ${this.file}: ${(err as Error).message}`, err);
          batch?.reject(error);
          // Lines queued meanwhile were given offsets after the failed ones: they fail too.
          // (`#batch` was set again by any append during the awaits above.)
          const queued = this.#batch as Deferred | null;
          this.#queue = [];
          this.#queueBytes = 0;
          this.#batch = null;
          queued?.reject(error);
          this.#end = this.#size;
          this.#pending = new PendingLines();
        }
      }
    } finally {
      this.#draining = null;
    }
  }

  /** The lines as bytes, in the reused write buffer when they fit. */
  #encode(lines: string[], bytes: number): Buffer {
    if (bytes > WRITE_BUFFER_BYTES) return Buffer.from(lines.join(''), 'utf8');
    const buf = (this.#writeBuffer ??= Buffer.allocUnsafe(WRITE_BUFFER_BYTES));
    let at = 0;
    for (const line of lines) at += buf.write(line, at, 'utf8');
    return buf.subarray(0, at);
  }

  async #writeAll(data: Buffer): Promise<void> {
    const handle = this.#handle;
    if (!handle) throw new Error('log not open');
    // A synchronous write: appending a batch to the page cache takes microseconds, far less than a
    // round trip through libuv's thread pool, and once it returns the bytes survive a kill -9.
    // The flush to the disk (fdatasync) stays asynchronous, in the background (background-sync.ts).
    let offset = 0;
    while (offset < data.length) offset += writeSync(handle.fd, data, offset, data.length - offset);
    this.#size += data.length;
    this.writes++;
    if (this.#options.fsync) this.#sync.written();
  }

  /**
   * The text of the records at `spans` (newline included), in the same order; undefined for a span
   * that cannot be read (an add whose write failed meanwhile).
   */
  async read(spans: readonly Span[]): Promise<(string | undefined)[]> {
    const job = this.#read(spans);
    // Handles are closed only once no read uses their descriptor.
    this.#reads.add(job);
    try {
      return await job;
    } finally {
      this.#reads.delete(job);
    }
  }

  async #read(spans: readonly Span[]): Promise<(string | undefined)[]> {
    const out: (string | undefined)[] = new Array<string | undefined>(spans.length);
    const missing: number[] = [];
    for (let i = 0; i < spans.length; i++) {
      const offset = (spans[i] as Span).offset;
      // Used again: a cached line becomes the most recent.
      const line = this.#pending.get(offset) ?? this.#cache.use(offset);
      if (line !== undefined) out[i] = line;
      else missing.push(i);
    }
    if (missing.length === 0) return out;
    const reader = this.#reader;
    if (!reader) throw new StorageError('The store is closed');
    missing.sort((a, b) => (spans[a] as Span).offset - (spans[b] as Span).offset);
    const sorted = missing.map((i) => spans[i] as Span);
    const jobs = [...ranges(sorted, MAX_GAP)];
    const cacheReads = spans.length <= CACHE_READS_UP_TO;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++] as ReadRange;
        const buf = await readAt(reader, job.start, Math.min(job.end, this.#size) - job.start);
        this.fileReads++;
        for (let k = job.first; k <= job.last; k++) {
          const span = sorted[k] as Span;
          const from = span.offset - job.start;
          if (from + span.length > buf.length) continue;
          const line = buf.toString('utf8', from, from + span.length);
          out[missing[k] as number] = line;
          if (cacheReads) this.#cache.set(span.offset, line);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_PARALLEL, jobs.length) }, worker));
    return out;
  }

  /**
   * Rewrites the log with only the records at `spans` (in log order), atomically (compaction).
   * Only while nothing is being appended (at open). Their new offsets are their lengths back to back.
   */
  async compact(spans: Iterable<Span>): Promise<void> {
    await this.flush();
    await this.#sync.syncNow();
    const reader = this.#reader;
    if (!reader) throw new StorageError('The store is closed');
    const tmp = this.#tmpFile;
    const size = await copyRecords(this.file, reader, spans, tmp, this.#options.fsync);
    await this.#closeHandles();
    try {
      await renameWithRetry(tmp, this.file);
      if (this.#options.fsync) await syncDir(path.dirname(this.file));
      this.#size = this.#end = size;
      this.#clearCache();
    } finally {
      await this.#openHandles();
    }
  }

  get size(): number {
    return this.#size;
  }

  /** Waits until every line appended so far is written (not flushed to disk). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /** Writes what is queued, flushes it to the disk (fsync on), then closes the file. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    try {
      await this.#sync.syncNow();
    } finally {
      await this.#closeHandles();
      this.#clearCache();
    }
  }
}
