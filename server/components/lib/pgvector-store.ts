/**
 * A langchain PGVector collection on PostgreSQL with the `vector` extension, with the `postgres`
 * client. Rows are kept as langchain_community's PGVector keeps them (Langflow's pgvector
 * component): `langchain_pg_collection (uuid, name, cmetadata)` and `langchain_pg_embedding (uuid,
 * collection_id, embedding, document, cmetadata, custom_id)`, searched by cosine distance, so tables
 * Langflow filled read the same here, and the other way round. The extension is created when the
 * server has it and the role may (under langchain's advisory lock); a server without it is an error
 * that says so.
 *
 * The connection goes through `ctx.vectors.connect` (the outbound rule), except to the server's own
 * database; every statement has the session's deadline and the run's cancellation.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import postgres from 'postgres';
import type { RunContext } from '../../engine/define-component.js';
import { OutboundRefusedError } from '../../engine/capabilities.js';
import type { EmbeddedText, RemoteStore, StoredText } from './remote-vector-store.js';

/** langchain's lock key for creating the extension (concurrent CREATE EXTENSION fails otherwise). */
const EXTENSION_LOCK = '1573678846307946496';
const DEFAULT_TIMEOUT_S = 30;

export class PgVectorError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PgVectorError';
  }
}

export interface PgVectorTarget {
  /** The connection string (already normalised), and whether it is the server's own database. */
  url: string;
  own: boolean;
  collection: string;
}

/**
 * Langflow's connection strings are SQLAlchemy URLs (`postgresql+psycopg2://user:p@ss@host/db`):
 * the driver is dropped, and a password with unescaped characters is escaped (as Langflow's
 * `transform_connection_string` does).
 */
export function normalizeConnectionString(text: string): string {
  const match = /^(postgres(?:ql)?)(?:\+[a-z0-9_]+)?:\/\/(.*)$/i.exec(text.trim());
  if (!match) throw new PgVectorError('The PostgreSQL Server Connection String must look like postgresql://user:password@host:5432/database');
  let rest = match[2] ?? '';
  const at = rest.lastIndexOf('@');
  if (at > 0) {
    const credentials = rest.slice(0, at);
    const colon = credentials.indexOf(':');
    if (colon >= 0) {
      const password = credentials.slice(colon + 1);
      const escaped = /%[0-9a-f]{2}/i.test(password) ? password : encodeURIComponent(password);
      rest = `${credentials.slice(0, colon + 1)}${escaped}${rest.slice(at)}`;
    }
  }
  return `postgresql://${rest}`;
}

/** Where to connect: the connection string given, else the server's own database (`--database-url`), else an error saying what to set. */
export function pgVectorTarget(connection: unknown, collection: string, ctx: Pick<RunContext, 'vectors'>): PgVectorTarget {
  const given = typeof connection === 'string' ? connection.trim() : '';
  if (given) return { url: normalizeConnectionString(given), own: false, collection };
  const own = ctx.vectors.serverDatabaseUrl();
  if (own) return { url: own, own: true, collection };
  throw new PgVectorError(
    'pgvector needs a PostgreSQL connection string: set the PostgreSQL Server Connection String field (bind it to a Credential variable to keep it out of the flow), or start the server with --database-url to use its database',
  );
}

/** "host:port/database" of a connection string, for messages (never the password). */
function where(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname || ''}`;
  } catch {
    return 'the server';
  }
}

export async function openPgVector(target: PgVectorTarget, ctx: RunContext): Promise<RemoteStore> {
  const timeoutS = Number(ctx.env.PGVECTOR_TIMEOUT) > 0 ? Number(ctx.env.PGVECTOR_TIMEOUT) : DEFAULT_TIMEOUT_S;
  const at = where(target.url);
  const sql = postgres(target.url, {
    max: 1,
    connect_timeout: timeoutS,
    onnotice: () => undefined,
    connection: { application_name: 'flowdesk-pgvector' },
    ...(target.own ? {} : { socket: ({ host, port }: { host: string[]; port: number[] }) => ctx.vectors.connect(host[0] ?? 'localhost', port[0] ?? 5432, timeoutS * 1000) as Promise<Socket> }),
  } as postgres.Options<Record<string, never>>);
  let closed = false;
  const close = () => {
    if (closed) return Promise.resolve();
    closed = true;
    return sql.end({ timeout: 0 }).catch(() => undefined);
  };
  ctx.onRunEnd(close);

  /** A statement with the deadline and the run's cancellation, its errors worded for the user. */
  const run = async <T>(what: (sql: postgres.Sql) => Promise<T>): Promise<T> => {
    ctx.signal.throwIfAborted();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PgVectorError(`PostgreSQL at ${at} did not answer within ${timeoutS} s`)), timeoutS * 1000);
      onAbort = () => reject(ctx.signal.reason);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([what(sql), stop]);
    } catch (error) {
      void close();
      throw pgError(error, at);
    } finally {
      clearTimeout(timer);
      if (onAbort) ctx.signal.removeEventListener('abort', onAbort);
    }
  };

  await run((db) => ensureExtension(db, at));
  const metadataType = await run((db) => ensureTables(db));
  const collectionId = await run((db) => collectionOf(db, target.collection));

  return {
    async add(items: EmbeddedText[]) {
      await run((db) =>
        db.begin(async (tx) => {
          for (const item of items) {
            await tx.unsafe(
              `INSERT INTO langchain_pg_embedding (uuid, collection_id, embedding, document, cmetadata, custom_id) VALUES ($1, $2, $3::vector, $4, $5::text::${metadataType}, $6)`,
              [randomUUID(), collectionId, vectorText(item.vector), item.text, JSON.stringify(item.metadata), randomUUID()],
            );
          }
        }),
      );
    },
    async search(vector: number[], k: number): Promise<StoredText[]> {
      const rows = await run(
        (db) =>
          db`SELECT document, cmetadata FROM langchain_pg_embedding WHERE collection_id = ${collectionId} ORDER BY embedding <=> ${vectorText(vector)}::vector LIMIT ${k}`,
      );
      return rows.map((row) => ({ text: String(row.document ?? ''), metadata: asMetadata(row.cmetadata) }));
    },
  };
}

async function ensureExtension(sql: postgres.Sql, at: string): Promise<void> {
  const [installed] = await sql`SELECT extversion FROM pg_extension WHERE extname = 'vector'`;
  if (installed) return;
  const [available] = await sql`SELECT default_version FROM pg_available_extensions WHERE name = 'vector'`;
  if (!available) {
    throw new PgVectorError(
      `PostgreSQL at ${at} does not have the pgvector extension ("vector"), which pgvector needs: install it on that server (Debian: the postgresql-<version>-pgvector package; see github.com/pgvector/pgvector), then run the flow again`,
    );
  }
  try {
    await sql.begin(async (tx) => {
      await tx.unsafe(`SELECT pg_advisory_xact_lock(${EXTENSION_LOCK})`);
      await tx`CREATE EXTENSION IF NOT EXISTS vector`;
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new PgVectorError(`PostgreSQL at ${at} has the pgvector extension but it could not be created in this database (${detail}): ask the database's owner to run CREATE EXTENSION vector`, { cause: error });
  }
}

/** langchain's tables, made when missing; the type of their metadata column (json, or jsonb for langchain's use_jsonb). */
async function ensureTables(sql: postgres.Sql): Promise<string> {
  await sql.begin(async (tx) => {
    await tx.unsafe(`SELECT pg_advisory_xact_lock(${EXTENSION_LOCK})`);
    await tx`CREATE TABLE IF NOT EXISTS langchain_pg_collection (uuid uuid PRIMARY KEY, name varchar, cmetadata json)`;
    await tx`CREATE TABLE IF NOT EXISTS langchain_pg_embedding (
      uuid uuid PRIMARY KEY,
      collection_id uuid REFERENCES langchain_pg_collection (uuid) ON DELETE CASCADE,
      embedding vector,
      document varchar,
      cmetadata json,
      custom_id varchar
    )`;
  });
  const [column] = await sql`SELECT data_type FROM information_schema.columns WHERE table_name = 'langchain_pg_embedding' AND column_name = 'cmetadata' AND table_schema = current_schema()`;
  return column?.data_type === 'jsonb' ? 'jsonb' : 'json';
}

/** The collection's id, made when it is not there (as langchain's `get_or_create`). */
async function collectionOf(sql: postgres.Sql, name: string): Promise<string> {
  return sql.begin(async (tx) => {
    await tx.unsafe(`SELECT pg_advisory_xact_lock(${EXTENSION_LOCK})`);
    const [found] = await tx`SELECT uuid FROM langchain_pg_collection WHERE name = ${name} LIMIT 1`;
    if (found) return String(found.uuid);
    const id = randomUUID();
    await tx`INSERT INTO langchain_pg_collection (uuid, name, cmetadata) VALUES (${id}, ${name}, NULL)`;
    return id;
  });
}

function vectorText(vector: readonly number[]): string {
  return `[${vector.map((x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;
}

function asMetadata(value: unknown): Record<string, unknown> {
  const parsed = typeof value === 'string' ? safeJson(value) : value;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The client's and the server's failures in words a user can act on. */
function pgError(error: unknown, at: string): unknown {
  if (error instanceof PgVectorError || error instanceof OutboundRefusedError || !(error instanceof Error)) return error;
  if (error.name === 'AbortError') return error;
  const code = (error as { code?: unknown }).code;
  if (error instanceof postgres.PostgresError) {
    if (code === '28P01' || code === '28000') return new PgVectorError(`PostgreSQL at ${at} refused the login (the PostgreSQL Server Connection String's user or password): ${error.message}`, { cause: error });
    if (code === '3D000') return new PgVectorError(`PostgreSQL at ${at}: ${error.message}; create the database or fix the PostgreSQL Server Connection String`, { cause: error });
    if (code === '53300') return new PgVectorError(`PostgreSQL at ${at} has too many connections (53300); try again later`, { cause: error });
    if (code === '22000' && /different vector dimensions/.test(error.message)) {
      return new PgVectorError(`pgvector: ${error.message}: the table's rows were embedded with another embedding model (use the same model, or another Table)`, { cause: error });
    }
    return new PgVectorError(`PostgreSQL at ${at} refused the request: ${error.message} (${String(code)})`, { cause: error });
  }
  if (code === 'CONNECT_TIMEOUT') return new PgVectorError(`PostgreSQL at ${at} did not answer within the connection timeout`, { cause: error });
  if (/timed out after/.test(error.message)) return new PgVectorError(`PostgreSQL at ${at} did not answer: ${error.message}`, { cause: error });
  if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|EAI_AGAIN)$/.test(code)) {
    return new PgVectorError(`PostgreSQL at ${at} could not be reached (${code}): ${error.message}`, { cause: error });
  }
  return error;
}
