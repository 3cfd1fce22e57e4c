/**
 * The PostgreSQL client (postgres.js) and what the stores share: the pool, this server's instance
 * id, the change channel, and the mapping of database errors to the server's error classes.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { ConflictError, StorageError } from '../../../shared/errors.js';
import { StartupError } from '../../startup-error.js';

export type Sql = postgres.Sql;
export type TxSql = postgres.TransactionSql;

/** The channel every write announces itself on (NOTIFY), after its commit. */
export const CHANGES_CHANNEL = 'flowdesk_changes';

/** OID of `json`: documents are sent as json (not jsonb), so their keys keep their order. */
const JSON_OID = 114;

/** `value` as a json parameter (serialized once, by the driver). */
export function asJson(sql: Sql | TxSql, value: unknown): postgres.Parameter {
  return sql.typed(value as never, JSON_OID);
}

/** The URL without its password, for messages. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}${u.port ? `:${u.port}` : ''}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'the database';
  }
}

export function connect(url: string, options: { max?: number } = {}): Sql {
  if (!/^postgres(ql)?:\/\//i.test(url)) throw new StartupError('bad_config', `invalid database URL: expected postgres://user@host:port/database`);
  return postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 5,
    idle_timeout: 60,
    onnotice: () => undefined,
    connection: { application_name: 'flowdesk' },
  });
}

/** Codes of errors that mean "cannot reach the database" rather than "the query is wrong". */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', '57P01', '57P03', '3D000', '28P01', '28000']);

export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Turns a database error into the server's: a unique violation into a conflict, the rest into a storage error. */
export function storageError(err: unknown, conflicts: Record<string, string> = {}): Error {
  if (err instanceof ConflictError || err instanceof StorageError) return err;
  const e = err as { code?: string; constraint_name?: string };
  if (e.code === '23505') return new ConflictError((e.constraint_name && conflicts[e.constraint_name]) ?? 'This record already exists');
  return new StorageError(`Database error: ${reasonOf(err)}`, err);
}

/** A change as announced on CHANGES_CHANNEL: `<instance> <table> <rev> <u|d> <id>`. */
export interface Change {
  instance: string;
  table: string;
  rev: number;
  deleted: boolean;
  id: string;
}

export function encodeChange(change: Change): string {
  return `${change.instance} ${change.table} ${change.rev} ${change.deleted ? 'd' : 'u'} ${change.id}`;
}

export function decodeChange(payload: string): Change | undefined {
  const m = /^(\S+) (\S+) (\d+) ([ud]) (.*)$/s.exec(payload);
  if (!m) return undefined;
  return { instance: m[1] as string, table: m[2] as string, rev: Number(m[3]), deleted: m[4] === 'd', id: m[5] as string };
}

/** What the stores share: the pool, this server's id, and whether the store is closed. */
export class PgContext {
  readonly sql: Sql;
  readonly instance = randomUUID();
  #closed = false;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  get closed(): boolean {
    return this.#closed;
  }

  markClosed(): void {
    this.#closed = true;
  }

  assertOpen(): void {
    if (this.#closed) throw new StorageError('The store is closed');
  }

  /**
   * Runs `write` in a transaction that, when `write` returns a row (its `rev`), NOTIFYs the change:
   * other servers hear of it once it is committed. Resolves after the COMMIT.
   */
  async write<R extends { rev: string | number }>(table: string, id: string, write: (tx: TxSql) => Promise<R[]>, conflicts?: Record<string, string>, deleted = false): Promise<R | undefined> {
    this.assertOpen();
    try {
      let written: R | undefined;
      await this.sql.begin(async (tx) => {
        [written] = await write(tx);
        if (written) await tx`SELECT pg_notify(${CHANGES_CHANNEL}, ${encodeChange({ instance: this.instance, table, rev: Number(written.rev), deleted, id })})`;
      });
      return written;
    } catch (err) {
      throw storageError(err, conflicts);
    }
  }

  /** A read, its errors as the server's. */
  async read<R>(query: () => Promise<R>): Promise<R> {
    this.assertOpen();
    try {
      return await query();
    } catch (err) {
      throw storageError(err);
    }
  }
}
