/**
 * The message history as an append-only JSON Lines file (`messages.jsonl`), so that storing a
 * message costs the same whatever the history size.
 *
 * - One record per line: a message as it is, or a tombstone `{"$delete": {"session_id": …}}` /
 *   `{"$delete": {"flow_id": …}}` that forgets the messages written before it.
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
 *   their fsync before every acknowledgement (durable-json-file.ts).
 * - A small LRU cache of lines (~1 MB) serves the usual history query (the newest messages of a
 *   conversation, read again at its next turn) without a read(2): lines read by small reads, and
 *   appended lines the caller marks as likely to be read. Lines not yet written are read from the
 *   write queue. (Caching every appended line would keep each one alive long enough to be promoted
 *   to V8's old space, which then grows under a steady stream of runs.)
 * - At open the log is replayed. A last line without its newline that is not a whole record (a
 *   write cut by a kill) is truncated away with a warning. Unreadable lines elsewhere (a hand edit,
 *   a disk fault) are skipped; the file is then copied aside and rewritten without them.
 */
import { read as readCb, writeSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Message } from '../../shared/message.js';
import { StorageError } from '../../shared/errors.js';
import { copyAside, deferred, errnoCode, removeIfPresent, renameWithRetry, syncDir, type Deferred } from './fs-utils.js';

export type LogRecord = { kind: 'message'; message: Message } | { kind: 'delete_session'; sessionId: string } | { kind: 'delete_flow'; flowId: string };

/** Where a record's line is in the file: byte offset and length, newline included. */
export interface Span {
  offset: number;
  length: number;
}

export interface Appended extends Span {
  /** Resolves once the line is written to the file (not necessarily flushed to the disk). */
  written: Promise<void>;
}

const NEWLINE = 0x0a;
const READ_CHUNK = 4 * 1024 * 1024;
/** Default background fdatasync interval. */
export const SYNC_INTERVAL_MS = 200;
/** Budget of the line cache (characters, ~bytes). */
const CACHE_CHARS = 1024 * 1024;
/** Lines read from the file are cached only by reads of at most this many records (not by full scans). */
const CACHE_READS_UP_TO = 256;
/** Positional reads: spans closer than this are read in one go, up to `MAX_RANGE` bytes a read. */
const MAX_GAP = 16 * 1024;
const MAX_RANGE = 1024 * 1024;
/** Size of the reused write buffer; a larger batch gets a buffer of its own. */
const WRITE_BUFFER_BYTES = 256 * 1024;
/** Reads in flight at once, per `read` (page-cache hits: parallel reads hide the thread-pool round trips). */
const READ_PARALLEL = 32;

/** What the log can store as a message: an object with a string `id` and `session_id`. */
export function isStorableMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<Message>;
  return typeof m.id === 'string' && typeof m.session_id === 'string';
}

export function toLine(record: LogRecord): string {
  if (record.kind === 'message') return JSON.stringify(record.message) + '\n';
  return JSON.stringify({ $delete: record.kind === 'delete_session' ? { session_id: record.sessionId } : { flow_id: record.flowId } }) + '\n';
}

export function parseRecord(text: string): LogRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const del = (value as { $delete?: unknown }).$delete;
  if (del !== undefined) {
    if (typeof del !== 'object' || del === null) return undefined;
    const target = del as { session_id?: unknown; flow_id?: unknown };
    if (typeof target.session_id === 'string') return { kind: 'delete_session', sessionId: target.session_id };
    if (typeof target.flow_id === 'string') return { kind: 'delete_flow', flowId: target.flow_id };
    return undefined;
  }
  return isStorableMessage(value) ? { kind: 'message', message: value } : undefined;
}

export interface LogOptions {
  /** Flush written lines to the disk in the background (fdatasync) and on close. */
  fsync: boolean;
  warn(message: string): void;
  /** Background fdatasync interval; default `SYNC_INTERVAL_MS`. */
  syncIntervalMs?: number;
}

export interface ReplayStats {
  /** Good records read. */
  records: number;
  /** Unreadable lines skipped (the log should be rewritten without them). */
  badLines: number;
}

/** Groups spans (sorted by offset) into ranges worth one read each: [first, last] span indexes. */
function* ranges(spans: readonly Span[], maxGap: number): Generator<{ start: number; end: number; first: number; last: number }> {
  let i = 0;
  while (i < spans.length) {
    const first = spans[i] as Span;
    const start = first.offset;
    let end = start + first.length;
    let last = i;
    while (last + 1 < spans.length) {
      const next = spans[last + 1] as Span;
      const nextEnd = next.offset + next.length;
      if (next.offset - end > maxGap || nextEnd - start > MAX_RANGE) break;
      end = Math.max(end, nextEnd);
      last++;
    }
    yield { start, end, first: i, last };
    i = last + 1;
  }
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
  /** Written lines by offset, least recently used first, and their total length. */
  readonly #cache = new Map<number, string>();
  #cacheChars = 0;
  #unsynced = false;
  #syncTimer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> | null = null;
  #syncFailing = false;
  /** `read` calls in flight. */
  readonly #reads = new Set<Promise<unknown>>();
  /** Number of write calls, for tests and benchmarks. */
  writes = 0;
  /** Number of fdatasync calls that succeeded, for tests and benchmarks. */
  syncs = 0;
  /** Number of positional reads of the file by `read` (cache misses), for tests and benchmarks. */
  fileReads = 0;

  get #tmpFile(): string {
    return path.join(path.dirname(this.file), `.${path.basename(this.file)}.tmp`);
  }

  private constructor(file: string, options: LogOptions) {
    this.file = file;
    this.#options = options;
  }

  /**
   * Replays the log through `apply` (each record with the span of its line), repairs a torn tail,
   * and opens it for appending and reading.
   */
  static async open(file: string, options: LogOptions, apply: (record: LogRecord, span: Span) => void): Promise<{ log: MessageLog; stats: ReplayStats }> {
    const log = new MessageLog(file, options);
    // A temp file left by a crash during compaction: the log itself was not replaced yet.
    await removeIfPresent(log.#tmpFile);
    const stats = await log.#replay(apply);
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

  async #replay(apply: (record: LogRecord, span: Span) => void): Promise<ReplayStats> {
    const stats: ReplayStats = { records: 0, badLines: 0 };
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return stats;
      throw err;
    }
    let goodEnd = 0;
    let tail = Buffer.alloc(0);
    try {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      let position = 0;
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        const buf = tail.length ? Buffer.concat([tail, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
        // `buf` starts at file offset `goodEnd` (just after the last complete line).
        let start = 0;
        for (let nl = buf.indexOf(NEWLINE, start); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
          const text = buf.toString('utf8', start, nl);
          const span = { offset: goodEnd + start, length: nl + 1 - start };
          start = nl + 1;
          if (text.trim() === '') continue;
          const record = parseRecord(text);
          if (record) {
            stats.records++;
            apply(record, span);
          } else {
            stats.badLines++;
          }
        }
        goodEnd += start;
        tail = Buffer.from(buf.subarray(start));
      }
    } finally {
      await handle.close();
    }
    const name = path.basename(this.file);
    const last = tail.toString('utf8');
    const lastRecord = last.trim() === '' ? undefined : parseRecord(last);
    if (lastRecord) {
      // A whole record missing only its newline (a hand edit, or a write cut just before it): keep it.
      await fs.appendFile(this.file, '\n');
      stats.records++;
      apply(lastRecord, { offset: goodEnd, length: tail.length + 1 });
      goodEnd += tail.length + 1;
    } else if (tail.length > 0) {
      await fs.truncate(this.file, goodEnd);
      if (last.trim() !== '') {
        this.#options.warn(`${name}: dropped an incomplete last record (${tail.length} bytes, left by an interrupted write); everything before it is kept`);
      }
    }
    this.#size = this.#end = goodEnd;
    if (stats.badLines > 0) {
      const copy = await copyAside(this.file);
      this.#options.warn(`${name}: skipped ${stats.badLines} unreadable line(s); the original is kept as ${copy} and the log is rewritten without them`);
    }
    return stats;
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

  #cacheSet(offset: number, line: string): void {
    const old = this.#cache.get(offset);
    if (old !== undefined) {
      this.#cache.delete(offset);
      this.#cacheChars -= old.length;
    }
    this.#cache.set(offset, line);
    this.#cacheChars += line.length;
    if (this.#cacheChars <= CACHE_CHARS) return;
    for (const [oldest, text] of this.#cache) {
      if (this.#cacheChars <= CACHE_CHARS) break;
      this.#cache.delete(oldest);
      this.#cacheChars -= text.length;
    }
  }

  #clearCache(): void {
    this.#pending = new PendingLines();
    this.#cache.clear();
    this.#cacheChars = 0;
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
          this.#pending = this.#pending.written(this.#size, (offset, line) => this.#cacheSet(offset, line));
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
    // The flush to the disk (fdatasync) stays asynchronous, in the background, below.
    let offset = 0;
    while (offset < data.length) offset += writeSync(handle.fd, data, offset, data.length - offset);
    this.#size += data.length;
    this.writes++;
    if (this.#options.fsync) {
      this.#unsynced = true;
      this.#scheduleSync();
    }
  }

  #scheduleSync(): void {
    // While a sync runs, its end schedules the next one if writes came meanwhile.
    if (this.#syncTimer || this.#syncing || this.#closed) return;
    this.#syncTimer = setTimeout(() => {
      this.#syncTimer = undefined;
      void this.#sync();
    }, this.#options.syncIntervalMs ?? SYNC_INTERVAL_MS);
    // A process that ends without closing the store still has every written line (page cache).
    this.#syncTimer.unref();
  }

  /** A background fdatasync; a failure is reported (once until one succeeds) and retried later. */
  #sync(): Promise<void> {
    const handle = this.#handle;
    if (this.#syncing || !this.#unsynced || !handle) return this.#syncing ?? Promise.resolve();
    this.#unsynced = false;
    this.#syncing = handle
      .datasync()
      .then(
        () => {
          this.syncs++;
          this.#syncFailing = false;
        },
        (err: unknown) => {
          this.#unsynced = true;
          if (!this.#syncFailing) this.#options.warn(`${path.basename(this.file)}: could not flush to disk (fdatasync): ${(err as Error).message}; will retry`);
          this.#syncFailing = true;
        },
      )
      .finally(() => {
        this.#syncing = null;
        if (this.#unsynced) this.#scheduleSync();
      });
    return this.#syncing;
  }

  /** Waits for the background sync in flight, then flushes what is still unsynced; throws if that fails. */
  async #syncNow(): Promise<void> {
    clearTimeout(this.#syncTimer);
    this.#syncTimer = undefined;
    while (this.#syncing) await this.#syncing;
    if (!this.#unsynced || !this.#handle) return;
    await this.#handle.datasync();
    this.#unsynced = false;
    this.syncs++;
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
      let line = this.#pending.get(offset);
      if (line === undefined) {
        line = this.#cache.get(offset);
        // Used again: now the most recent.
        if (line !== undefined) this.#cacheSet(offset, line);
      }
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
        const job = jobs[next++] as { start: number; end: number; first: number; last: number };
        const buf = await readAt(reader, job.start, Math.min(job.end, this.#size) - job.start);
        this.fileReads++;
        for (let k = job.first; k <= job.last; k++) {
          const span = sorted[k] as Span;
          const from = span.offset - job.start;
          if (from + span.length > buf.length) continue;
          const line = buf.toString('utf8', from, from + span.length);
          out[missing[k] as number] = line;
          if (cacheReads) this.#cacheSet(span.offset, line);
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
    await this.#syncNow();
    const reader = this.#reader;
    if (!reader) throw new StorageError('The store is closed');
    const tmp = this.#tmpFile;
    const out = await fs.open(tmp, 'w', 0o600);
    let size = 0;
    try {
      const batch: Span[] = [];
      const copy = async (): Promise<void> => {
        for (const job of ranges(batch, MAX_GAP)) {
          const buf = await readAt(reader, job.start, job.end - job.start);
          const parts: Buffer[] = [];
          for (let k = job.first; k <= job.last; k++) {
            const span = batch[k] as Span;
            const from = span.offset - job.start;
            if (from + span.length > buf.length) throw new Error(`${this.file} changed while being compacted`);
            parts.push(buf.subarray(from, from + span.length));
          }
          const data = Buffer.concat(parts);
          await out.write(data, 0, data.length);
          size += data.length;
        }
        batch.length = 0;
      };
      for (const span of spans) {
        batch.push(span);
        if (batch.length >= 10_000) await copy();
      }
      await copy();
      if (this.#options.fsync) await out.sync();
    } catch (err) {
      await out.close().catch(() => undefined);
      await removeIfPresent(tmp).catch(() => undefined);
      throw err;
    }
    await out.close();
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
      await this.#syncNow();
    } finally {
      await this.#closeHandles();
      this.#clearCache();
    }
  }
}

/** Up to `length` bytes at `position` (fewer at the end of the file). fs.read on the descriptor: ~40 % faster than FileHandle.read. */
async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  if (length <= 0) return Buffer.alloc(0);
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const bytesRead = await new Promise<number>((resolve, reject) => {
      readCb(handle.fd, buf, done, length - done, position + done, (err, n) => (err ? reject(err) : resolve(n)));
    });
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done < length ? buf.subarray(0, done) : buf;
}

/**
 * Lines appended but not written yet, in offset order, in plain arrays that are replaced after
 * each write rather than a long-lived Map: a Map that fills and empties with every batch keeps
 * reallocating its table, and a discarded table left in V8's old generation still points at the
 * lines (and, through other such tables, at whole runs) until the next full collection, so they are
 * promoted instead of dying young (profiles under issue 7).
 */
class PendingLines {
  readonly #offsets: number[] = [];
  readonly #lines: string[] = [];
  /** Per line: keep it in the line cache once written. */
  readonly #cache: boolean[] = [];

  add(offset: number, line: string, cache: boolean): void {
    this.#offsets.push(offset);
    this.#lines.push(line);
    this.#cache.push(cache);
  }

  get(offset: number): string | undefined {
    const offsets = this.#offsets;
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = offsets[mid] as number;
      if (at === offset) return this.#lines[mid];
      if (at < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** The lines still pending once the file holds `size` bytes; `keep` gets the written lines marked for the cache. */
  written(size: number, keep: (offset: number, line: string) => void): PendingLines {
    const rest = new PendingLines();
    for (let i = 0; i < this.#offsets.length; i++) {
      const offset = this.#offsets[i] as number;
      const line = this.#lines[i] as string;
      const cache = this.#cache[i] as boolean;
      if (offset >= size) rest.add(offset, line, cache);
      else if (cache) keep(offset, line);
    }
    return rest;
  }
}
