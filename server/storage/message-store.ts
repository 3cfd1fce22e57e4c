/** `MessageStore` over the append-only log (message-log.ts) and the in-memory index (message-index.ts). */
import type { Message } from '../../shared/message.js';
import { StorageError } from '../../shared/errors.js';
import { deepFreeze } from './fs-utils.js';
import { MessageIndex } from './message-index.js';
import { MessageLog, isStorableMessage, toLine, type LogOptions } from './message-log.js';
import type { MessageFilter, MessageStore } from './types.js';

export class LogMessageStore implements MessageStore {
  readonly #index: MessageIndex;
  readonly #log: MessageLog;
  #closed = false;

  private constructor(index: MessageIndex, log: MessageLog) {
    this.#index = index;
    this.#log = log;
  }

  /**
   * Replays the log. When more than half of its records are dead (deleted messages and the
   * tombstones that deleted them), or it held unreadable lines, rewrites it with the live messages.
   */
  static async open(file: string, options: LogOptions): Promise<LogMessageStore> {
    const index = new MessageIndex();
    const { log, stats } = await MessageLog.open(file, options, (record) => {
      // Not frozen here (60 ms per 100,000 messages at open): `list` freezes what it hands out.
      if (record.kind === 'message') index.add(record.message);
      else if (record.kind === 'delete_session') index.deleteSession(record.sessionId);
      else index.deleteFlow(record.flowId);
    });
    const dead = stats.records - index.count;
    if (stats.badLines > 0 || (dead > 0 && dead * 2 > stats.records)) {
      const live = index.liveInLogOrder();
      await log.rewrite(live.map((message) => toLine({ kind: 'message', message })));
    }
    return new LogMessageStore(index, log);
  }

  /** The underlying log (write counts, for tests and benchmarks). */
  get log(): MessageLog {
    return this.#log;
  }

  async add(message: Message): Promise<void> {
    if (this.#closed) throw new StorageError('The store is closed');
    if (!isStorableMessage(message)) throw new StorageError('A message needs a string id and session_id');
    const line = JSON.stringify(message);
    const copy = deepFreeze(JSON.parse(line) as Message);
    const entry = this.#index.add(copy);
    try {
      await this.#log.append(line + '\n');
    } catch (err) {
      this.#index.remove(entry);
      throw err;
    }
  }

  list(filter: MessageFilter): Message[] {
    return this.#index.list(filter);
  }

  async deleteSession(sessionId: string): Promise<number> {
    if (this.#closed) throw new StorageError('The store is closed');
    const n = this.#index.deleteSession(sessionId);
    if (n > 0) await this.#log.append(toLine({ kind: 'delete_session', sessionId }));
    return n;
  }

  async deleteFlow(flowId: string): Promise<number> {
    if (this.#closed) throw new StorageError('The store is closed');
    const n = this.#index.deleteFlow(flowId);
    if (n > 0) await this.#log.append(toLine({ kind: 'delete_flow', flowId }));
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
