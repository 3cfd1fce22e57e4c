/**
 * Opens the store on a PostgreSQL database (`--database-url`): connects, migrates the schema
 * (postgres/migrate.ts), loads the mirrored tables and listens for other servers' changes. There
 * is no lock: several servers share one database. Credential values are encrypted with the key
 * given at start (every server of a database needs the same). Uploaded files, knowledge bases and
 * custom components stay in the local data directory, which is created as for the embedded store.
 */
import type { Logger } from '../logger.js';
import { StartupError } from '../startup-error.js';
import { ensureDataDir } from './open-store.js';
import { PgApiKeyStore } from './postgres/api-key-store.js';
import { PgContext, connect, describeDatabase, isConnectionError, reasonOf, type Sql } from './postgres/connect.js';
import { migrate } from './postgres/migrate.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { upgradeToProjects } from './project-upgrade.js';
import { SecretBox } from './secret-box.js';
import type { ApiKeyStore } from './types.js';

export { PostgresStore, type DatabaseState } from './postgres/postgres-store.js';

export interface OpenPostgresStoreOptions {
  logger: Logger;
  /** The local folder for what is not in the database (uploaded files, knowledge bases). */
  dataDir: string;
  /** The credential key (32 bytes) and where it came from, for messages. */
  secretKey: { key: Buffer; source: string };
  /** How long API-key usage counters may wait before they are written. Default 1000 ms. */
  touchFlushMs?: number;
}

/**
 * Connects, migrates, then `load`s; any failure closes what was opened (`close`) and becomes a
 * one-line StartupError that names the database, never its password.
 */
async function openDatabase<T>(sql: Sql, url: string, logger: Logger, load: () => Promise<T>, close: () => Promise<void>): Promise<T> {
  const where = describeDatabase(url);
  try {
    const applied = await migrate(sql);
    if (applied.length > 0) logger.info(`Database ${where}: applied schema migrations ${applied.join(', ')}`);
    return await load();
  } catch (err) {
    await close().catch(() => undefined);
    if (err instanceof StartupError) throw err;
    if (isConnectionError(err)) throw new StartupError('database_unreachable', `Cannot reach the database at ${where}: ${reasonOf(err)}`, { cause: err });
    throw new StartupError('bad_config', `Cannot open the database at ${where}: ${reasonOf(err)}`, { cause: err });
  }
}

export async function openPostgresStore(url: string, options: OpenPostgresStoreOptions): Promise<PostgresStore> {
  const { logger } = options;
  const warnings: string[] = [];
  await ensureDataDir(options.dataDir, logger, (message) => {
    warnings.push(message);
    logger.warn(message);
  });
  const sql = connect(url);
  const store = new PostgresStore(new PgContext(sql), {
    dataDir: options.dataDir,
    logger,
    secrets: SecretBox.withKey(options.secretKey.key, options.secretKey.source),
    touchFlushMs: options.touchFlushMs ?? 1000,
  });
  await openDatabase(
    sql,
    url,
    logger,
    async () => {
      await store.load();
      // Every flow in a project, as the embedded store does at open (several servers may do it at once: the writes are idempotent).
      const upgrade = await upgradeToProjects(store);
      if (upgrade.placed > 0) logger.info(`Put ${upgrade.placed} flows from before projects in the default project`);
      for (const p of upgrade.recovered) warnings.push(`Flows named project ${p.id}, which the database does not hold: gave it back to them as "${p.name}"`);
      for (const message of warnings) logger.warn(message);
    },
    () => store.close(),
  );
  store.warnings.push(...warnings);
  logger.debug(`Opened database ${describeDatabase(url)}: ${store.flows.list().length} flows, ${store.messages.count()} messages`);
  return store;
}

/** Only the API keys of a database, for `flowdesk api-key` (no credential key needed); servers on it hear of a new key at once. */
export async function openPostgresApiKeys(url: string, logger: Logger): Promise<{ apiKeys: ApiKeyStore; close(): Promise<void> }> {
  const sql = connect(url, { max: 1 });
  const ctx = new PgContext(sql);
  const apiKeys = new PgApiKeyStore(ctx, 0);
  const close = async (): Promise<void> => {
    ctx.markClosed();
    await sql.end({ timeout: 5 });
  };
  await openDatabase(sql, url, logger, () => apiKeys.loadAll(), close);
  return { apiKeys, close };
}
