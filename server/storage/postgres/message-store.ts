/**
 * Chat history in the `messages` table, queried directly (no copy in memory): filters run on
 * indexed columns (session, flow, time), the whole message is kept as JSON. Ordered by timestamp to
 * the second, then arrival, like the embedded store. `add` resolves after the COMMIT.
 */
import { StorageError } from '../../../shared/errors.js';
import type { Message } from '../../../shared/message.js';
import { isStorableMessage } from '../log-record.js';
import { timeOf } from '../message-index.js';
import type { MessageFilter, MessageStore } from '../types.js';
import { asJson, type PgContext } from './connect.js';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export class PgMessageStore implements MessageStore {
  readonly #ctx: PgContext;
  /** Messages this server knows of: counted at open, then its own adds and deletions. */
  #count = 0;

  constructor(ctx: PgContext) {
    this.#ctx = ctx;
  }

  async load(): Promise<void> {
    const [row] = await this.#ctx.read(() => this.#ctx.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM messages`);
    this.#count = row?.n ?? 0;
  }

  async add(message: Message): Promise<void> {
    this.#ctx.assertOpen();
    if (!isStorableMessage(message)) throw new StorageError('A message needs a string id and session_id');
    const ts = Math.max(0, Math.floor(timeOf(message.timestamp) / 1000));
    const { sql } = this.#ctx;
    await this.#ctx.read(
      () => sql`INSERT INTO messages (id, session_id, flow_id, sender, sender_name, ts, doc)
        VALUES (${message.id}, ${message.session_id}, ${text(message.flow_id)}, ${text(message.sender)}, ${text(message.sender_name)}, ${ts}, ${asJson(sql, message)})`,
    );
    this.#count++;
  }

  async list(filter: MessageFilter): Promise<Message[]> {
    const limit = filter.limit;
    if (limit !== undefined && limit <= 0) {
      this.#ctx.assertOpen();
      return [];
    }
    const { sql } = this.#ctx;
    const where = [
      filter.sessionId === undefined ? null : sql`session_id = ${filter.sessionId}`,
      filter.flowId === undefined ? null : sql`flow_id = ${filter.flowId}`,
      filter.sender === undefined ? null : sql`sender = ${filter.sender}`,
      filter.senderName === undefined ? null : sql`sender_name = ${filter.senderName}`,
    ].filter((part) => part !== null);
    const conditions = where.reduce((all, part, i) => (i === 0 ? sql`WHERE ${part}` : sql`${all} AND ${part}`), sql``);
    const rows = await this.#ctx.read(
      () => sql<{ doc: Message }[]>`SELECT doc FROM messages ${conditions} ORDER BY ts DESC, seq DESC ${limit === undefined ? sql`` : sql`LIMIT ${limit}`}`,
    );
    const out = rows.map((row) => row.doc);
    return filter.orderBy === '-timestamp' ? out : out.reverse();
  }

  async deleteSession(sessionId: string): Promise<number> {
    return this.#delete(() => this.#ctx.sql`DELETE FROM messages WHERE session_id = ${sessionId}`);
  }

  async deleteFlow(flowId: string): Promise<number> {
    return this.#delete(() => this.#ctx.sql`DELETE FROM messages WHERE flow_id = ${flowId}`);
  }

  /** Forgets the messages of these ids (a queued run's failed attempt, before it is retried). */
  async deleteIds(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.#delete(() => this.#ctx.sql`DELETE FROM messages WHERE id = ANY(${[...ids]})`);
  }

  async #delete(query: () => Promise<{ count: number }>): Promise<number> {
    const { count } = await this.#ctx.read(query);
    this.#count = Math.max(0, this.#count - count);
    return count;
  }

  /** This server's count: exact when it is the only writer, else refreshed at the next open. */
  count(): number {
    return this.#count;
  }
}
