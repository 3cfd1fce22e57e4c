/**
 * The message history as an append-only JSON Lines file (`messages.jsonl`), so that storing a
 * message costs the same whatever the history size.
 *
 * - One record per line: a message as it is, or a tombstone `{"$delete": {"session_id": …}}` /
 *   `{"$delete": {"flow_id": …}}` that forgets the messages written before it.
 * - Group commit: the lines of every `append` made while a write is in flight go out together in
 *   the next single write (append mode, then fdatasync when enabled). Each `append` resolves after
 *   its bytes are written, so a kill -9 after that keeps it (the page cache survives the process).
 * - At open the log is replayed. A last line without its newline that is not a whole record (a
 *   write cut by a kill) is truncated away with a warning. Unreadable lines elsewhere (a hand edit, a disk fault) are
 *   skipped; the file is then copied aside and rewritten without them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Message } from '../../shared/message.js';
import { StorageError } from '../../shared/errors.js';
import { copyAside, deferred, errnoCode, removeIfPresent, replaceFile, type Deferred } from './fs-utils.js';

export type LogRecord = { kind: 'message'; message: Message } | { kind: 'delete_session'; sessionId: string } | { kind: 'delete_flow'; flowId: string };

const NEWLINE = 0x0a;
const READ_CHUNK = 4 * 1024 * 1024;

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

function parseRecord(text: string): LogRecord | undefined {
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
  fsync: boolean;
  warn(message: string): void;
}

export interface ReplayStats {
  /** Good records read. */
  records: number;
  /** Unreadable lines skipped (the log should be rewritten without them). */
  badLines: number;
}

export class MessageLog {
  readonly file: string;
  readonly #options: LogOptions;
  #handle: fs.FileHandle | undefined;
  /** Bytes in the file that hold complete records. */
  #size = 0;
  #queue: string[] = [];
  #batch: Deferred | null = null;
  #draining: Promise<void> | null = null;
  #closed = false;
  /** Number of write calls (each followed by one fdatasync when enabled), for tests and benchmarks. */
  writes = 0;

  get #tmpFile(): string {
    return path.join(path.dirname(this.file), `.${path.basename(this.file)}.tmp`);
  }

  private constructor(file: string, options: LogOptions) {
    this.file = file;
    this.#options = options;
  }

  /** Replays the log through `apply`, repairs a torn tail, and opens it for appending. */
  static async open(file: string, options: LogOptions, apply: (record: LogRecord) => void): Promise<{ log: MessageLog; stats: ReplayStats }> {
    const log = new MessageLog(file, options);
    // A temp file left by a crash during compaction: the log itself was not replaced yet.
    await removeIfPresent(log.#tmpFile);
    const stats = await log.#replay(apply);
    log.#handle = await fs.open(file, 'a', 0o600);
    return { log, stats };
  }

  async #replay(apply: (record: LogRecord) => void): Promise<ReplayStats> {
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
        let start = 0;
        for (let nl = buf.indexOf(NEWLINE, start); nl !== -1; nl = buf.indexOf(NEWLINE, start)) {
          const text = buf.toString('utf8', start, nl);
          start = nl + 1;
          if (text.trim() === '') continue;
          const record = parseRecord(text);
          if (record) {
            stats.records++;
            apply(record);
          } else {
            stats.badLines++;
          }
        }
        // `buf` starts at file offset `goodEnd` (just after the last complete line).
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
      stats.records++;
      apply(lastRecord);
      await fs.appendFile(this.file, '\n');
      goodEnd += tail.length + 1;
    } else if (tail.length > 0) {
      await fs.truncate(this.file, goodEnd);
      if (last.trim() !== '') {
        this.#options.warn(`${name}: dropped an incomplete last record (${tail.length} bytes, left by an interrupted write); everything before it is kept`);
      }
    }
    this.#size = goodEnd;
    if (stats.badLines > 0) {
      const copy = await copyAside(this.file);
      this.#options.warn(`${name}: skipped ${stats.badLines} unreadable line(s); the original is kept as ${copy} and the log is rewritten without them`);
    }
    return stats;
  }

  /** Appends lines (each ending in a newline); resolves once they are written. */
  append(lines: string): Promise<void> {
    if (this.#closed) return Promise.reject(new StorageError('The store is closed'));
    this.#queue.push(lines);
    this.#batch ??= deferred();
    const done = this.#batch.promise;
    // Started on a microtask, so appends made in the same tick share the first write too.
    this.#draining ??= Promise.resolve().then(() => this.#drain());
    return done;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const lines = this.#queue;
        const batch = this.#batch;
        this.#queue = [];
        this.#batch = null;
        const data = Buffer.from(lines.join(''), 'utf8');
        try {
          await this.#writeAll(data);
          batch?.resolve();
        } catch (err) {
          // Cut off whatever part of the batch reached the file, so no torn record sits mid-log.
          await this.#handle?.truncate(this.#size).catch(() => undefined);
          batch?.reject(new StorageError(`Could not append to ${this.file}: ${(err as Error).message}`, err));
        }
      }
    } finally {
      this.#draining = null;
    }
  }

  async #writeAll(data: Buffer): Promise<void> {
    const handle = this.#handle;
    if (!handle) throw new Error('log not open');
    let offset = 0;
    while (offset < data.length) {
      const { bytesWritten } = await handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
    if (this.#options.fsync) await handle.datasync();
    this.#size += data.length;
    this.writes++;
  }

  /** Replaces the whole log atomically (compaction). Only while nothing is being appended. */
  async rewrite(lines: Iterable<string>): Promise<void> {
    await this.flush();
    await this.#handle?.close();
    this.#handle = undefined;
    const parts: string[] = [];
    for (const line of lines) parts.push(line);
    const data = Buffer.from(parts.join(''), 'utf8');
    await replaceFile(this.file, this.#tmpFile, data, this.#options.fsync);
    this.#size = data.length;
    this.#handle = await fs.open(this.file, 'a', 0o600);
  }

  get size(): number {
    return this.#size;
  }

  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /** Writes what is queued, then closes the file. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    await this.#handle?.close();
    this.#handle = undefined;
  }
}
