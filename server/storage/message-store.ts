/**
 * `MessageStore` over the append-only log (message-log.ts) and the in-memory index
 * (message-index.ts). No message is kept in memory: `add` serializes a message once (the line it
 * appends) and indexes its offset; `list` picks the offsets it needs and reads those records back
 * from the file, or from the log's small line cache (recently read lines, and new messages of
 * sessions whose history was read lately).
 *
 * `add` resolves once the message's line is written to the file (in the OS page cache: it survives
 * a kill -9 of the server); the fdatasync to the disk follows in the background within ~200 ms
 * (see message-log.ts).
 */
import type { Message } from '../../shared/message.js';
import { StorageError } from '../../shared/errors.js';
import { MessageIndex, timeOf } from './message-index.js';
import { isStorableMessage, toLine, type Span } from './log-record.js';
import { MessageLog, type LogOptions } from './message-log.js';
import type { MessageFilter, MessageStore } from './types.js';

/** With sender filters, records are read newest first in batches of at least this many. */
const MIN_BATCH = 64;
/** Sessions remembered as having their history read (their next messages are cached). */
const HOT_SESSIONS = 256;

export class LogMessageStore implements MessageStore {
  #index: MessageIndex;
  readonly #log: MessageLog;
  #closed = false;
  /**
   * Sessions whose history was read lately, least recent first: a conversation that reads its
   * history (Memory, Agent) reads it again at the next turn, so its new messages stay cached.
   */
  readonly #hotSessions = new Set<string>();

  private constructor(index: MessageIndex, log: MessageLog) {
    this.#index = index;
    this.#log = log;
  }

  /**
   * Replays the log (parsing each line once, keeping only offsets and ids). When more than half of
   * its records are dead (deleted messages and the tombstones that deleted them), or it held
   * unreadable lines, rewrites it with the live messages.
   */
  static async open(file: string, options: LogOptions): Promise<LogMessageStore> {
    let index = new MessageIndex();
    const { log, stats } = await MessageLog.open(file, options, (record, span) => {
      if (record.kind === 'message') {
        const m = record.message;
        index.add(span.offset, span.length, m.session_id, m.flow_id, timeOf(m.timestamp));
      } else if (record.kind === 'delete_session') index.deleteSession(record.sessionId);
      else index.deleteFlow(record.flowId);
    });
    const dead = stats.records - index.count;
    if (stats.badLines > 0 || (dead > 0 && dead * 2 > stats.records)) {
      try {
        await log.compact(index.liveSpans());
      } catch (err) {
        await log.close().catch(() => undefined);
        throw err;
      }
      index = index.compacted();
    }
    return new LogMessageStore(index, log);
  }

  /** The underlying log (write and sync counts, for tests and benchmarks). */
  get log(): MessageLog {
    return this.#log;
  }

  async add(message: Message): Promise<void> {
    if (this.#closed) throw new StorageError('The store is closed');
    if (!isStorableMessage(message)) throw new StorageError('A message needs a string id and session_id');
    const line = JSON.stringify(message) + '\n';
    const { offset, length, written } = this.#log.append(line, this.#hotSessions.has(message.session_id));
    const index = this.#index;
    const seq = index.add(offset, length, message.session_id, message.flow_id, timeOf(message.timestamp));
    try {
      await written;
    } catch (err) {
      index.remove(seq);
      throw err;
    }
  }

  async list(filter: MessageFilter): Promise<Message[]> {
    if (this.#closed) throw new StorageError('The store is closed');
    const limit = filter.limit ?? Infinity;
    const newestFirst = filter.orderBy === '-timestamp';
    const bySender = filter.sender !== undefined || filter.senderName !== undefined;
    const index = this.#index;
    if (filter.sessionId !== undefined) this.#touchSession(filter.sessionId);
    // Newest first: the hot query is the last `limit` messages of a session.
    const seqs = index.newestFirst(filter, bySender ? Infinity : limit);
    const spans = seqs.map((seq) => index.span(seq));
    const out: Message[] = [];
    if (!bySender) {
      await this.#readInto(spans, filter, out, limit);
    } else {
      for (let from = 0; from < spans.length && out.length < limit; ) {
        const n = Math.max(MIN_BATCH, 2 * (limit - out.length));
        await this.#readInto(spans.slice(from, from + n), filter, out, limit);
        from += n;
      }
    }
    if (!newestFirst) out.reverse();
    return out;
  }

  #touchSession(sessionId: string): void {
    const hot = this.#hotSessions;
    hot.delete(sessionId);
    hot.add(sessionId);
    if (hot.size > HOT_SESSIONS) hot.delete(hot.values().next().value as string);
  }

  /** Reads records and appends those that match `filter` (all of it: a record is checked, not trusted) to `out`. */
  async #readInto(spans: Span[], filter: MessageFilter, out: Message[], limit: number): Promise<void> {
    const texts = await this.#log.read(spans);
    for (const text of texts) {
      if (out.length >= limit) return;
      if (text === undefined) continue;
      let m: Message;
      try {
        m = JSON.parse(text) as Message;
      } catch {
        continue;
      }
      if (!isStorableMessage(m)) continue;
      if (filter.sessionId !== undefined && m.session_id !== filter.sessionId) continue;
      if (filter.flowId !== undefined && m.flow_id !== filter.flowId) continue;
      if (filter.sender !== undefined && m.sender !== filter.sender) continue;
      if (filter.senderName !== undefined && m.sender_name !== filter.senderName) continue;
      out.push(m);
    }
  }

  async deleteSession(sessionId: string): Promise<number> {
    if (this.#closed) throw new StorageError('The store is closed');
    const n = this.#index.deleteSession(sessionId);
    if (n > 0) await this.#log.append(toLine({ kind: 'delete_session', sessionId })).written;
    return n;
  }

  async deleteFlow(flowId: string): Promise<number> {
    if (this.#closed) throw new StorageError('The store is closed');
    const n = this.#index.deleteFlow(flowId);
    if (n > 0) await this.#log.append(toLine({ kind: 'delete_flow', flowId })).written;
    return n;
  }

  count(): number {
    return this.#index.count;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#log.close();
  }
}
