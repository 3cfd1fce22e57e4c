/**
 * API keys in the `api_keys` table (the SHA-256 hash and a display prefix, never the key),
 * mirrored in memory, so a key created or revoked through any server is known to all. `touch`
 * counts a use in memory at once and adds the uses to the row at most once per `touchFlushMs`
 * (as increments, so servers counting the same key do not overwrite each other); `close` writes
 * what is pending.
 */
import { ConflictError } from '../../../shared/errors.js';
import type { ApiKeyStore, StoredApiKey } from '../types.js';
import { copyApiKey } from '../record-copies.js';
import type { PgContext, Sql } from './connect.js';
import { UniqueIndex } from './mirror.js';
import { MirroredTableBase, type RawRow } from './mirrored-table.js';

interface PendingUse {
  uses: number;
  at: string;
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

export class PgApiKeyStore extends MirroredTableBase<StoredApiKey> implements ApiKeyStore {
  readonly #byHash: UniqueIndex<StoredApiKey>;
  readonly #touchFlushMs: number;
  /** Uses counted here and not yet written. */
  readonly #pending = new Map<string, PendingUse>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(ctx: PgContext, touchFlushMs: number) {
    const byHash = new UniqueIndex<StoredApiKey>((key) => key.hash);
    super(ctx, 'api_keys', [byHash]);
    this.#byHash = byHash;
    this.#touchFlushMs = touchFlushMs;
  }

  protected select(sql: Sql, id?: string): Promise<RawRow[]> {
    return sql<RawRow[]>`SELECT id, seq, rev, name, hash, prefix, created_at, last_used_at, total_uses FROM api_keys ${id === undefined ? sql`` : sql`WHERE id = ${id}`}`;
  }

  /** The row, with the uses counted here and not yet written. */
  protected decode(row: RawRow): StoredApiKey {
    const pending = this.#pending.get(row.id);
    return {
      id: row.id,
      name: row.name as string,
      hash: row.hash as string,
      prefix: row.prefix as string,
      created_at: row.created_at as string,
      last_used_at: later(row.last_used_at as string | null, pending?.at ?? null),
      total_uses: Number(row.total_uses) + (pending?.uses ?? 0),
    };
  }

  getByHash(hash: string): StoredApiKey | undefined {
    return this.getBy(this.#byHash, hash);
  }

  async create(key: StoredApiKey): Promise<StoredApiKey> {
    this.ctx.assertOpen();
    if (this.mirror.get(key.id)) throw new ConflictError(`An API key with id ${key.id} already exists`);
    if (this.#byHash.get(key.hash) !== undefined) throw new ConflictError('This API key is already stored');
    const copy = copyApiKey(key);
    const row = await this.ctx.write(
      'api_keys',
      copy.id,
      (tx) => tx<RawRow[]>`INSERT INTO api_keys (id, name, hash, prefix, created_at, last_used_at, total_uses)
        VALUES (${copy.id}, ${copy.name}, ${copy.hash}, ${copy.prefix}, ${copy.created_at}, ${copy.last_used_at}, ${copy.total_uses}) RETURNING id, seq, rev`,
      { api_keys_pkey: `An API key with id ${copy.id} already exists`, api_keys_hash_key: 'This API key is already stored' },
    );
    return this.applyWritten(row as RawRow, copy);
  }

  touch(id: string, at: string): void {
    const key = this.mirror.get(id);
    if (!key || this.ctx.closed) return;
    const pending = this.#pending.get(id);
    this.#pending.set(id, { uses: (pending?.uses ?? 0) + 1, at: later(pending?.at ?? null, at) as string });
    this.mirror.patch(id, { ...key, last_used_at: later(key.last_used_at, at), total_uses: key.total_uses + 1 });
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.#flush();
    }, this.#touchFlushMs);
    this.#timer.unref();
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.deleteRow(id, (tx) => tx<RawRow[]>`DELETE FROM api_keys WHERE id = ${id} RETURNING id, seq, nextval('flowdesk_rev') AS rev`);
    this.#pending.delete(id);
    return deleted;
  }

  /** Writes pending usage counters now, and stops the timer. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    await this.#flush();
  }

  #flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#writePending());
    return this.#flushing;
  }

  async #writePending(): Promise<void> {
    const pending = [...this.#pending];
    this.#pending.clear();
    for (const [id, use] of pending) {
      try {
        const row = await this.ctx.write(
          'api_keys',
          id,
          (tx) => tx<RawRow[]>`UPDATE api_keys SET total_uses = total_uses + ${use.uses},
            last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < ${use.at} THEN ${use.at} ELSE last_used_at END, rev = nextval('flowdesk_rev')
            WHERE id = ${id} RETURNING id, seq, rev, name, hash, prefix, created_at, last_used_at, total_uses`,
        );
        if (row) this.mirror.apply(this.toMirrorRow(row));
      } catch {
        // Counted again at the next flush (usage counters are best effort, like the embedded store's).
        const now = this.#pending.get(id);
        if (!this.ctx.closed) this.#pending.set(id, { uses: use.uses + (now?.uses ?? 0), at: later(use.at, now?.at ?? null) as string });
      }
    }
  }
}
