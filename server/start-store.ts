/**
 * Opens the store the configuration names: PostgreSQL with `--database-url` (no data-directory
 * lock: several servers share the database), else the data directory (locked).
 */
import type { ServerConfig } from './config/server-config.js';
import type { Logger } from './logger.js';
import { StartupError } from './startup-error.js';
import { openPostgresStore, type DatabaseState } from './storage/open-postgres-store.js';
import { openStore } from './storage/open-store.js';
import { readSecretKey } from './storage/secret-box.js';
import type { Store } from './storage/types.js';
import { describeDatabase } from './storage/postgres/connect.js';

export interface OpenedStore {
  store: Store;
  /** With a database: its state as last seen, and where it is (no password). */
  database?: { state(): DatabaseState; where: string };
}

export async function openConfiguredStore(config: ServerConfig, logger: Logger): Promise<OpenedStore> {
  if (!config.databaseUrl) return { store: await openStore(config.dataDir, { logger }) };
  if (!config.secretKey) throw new StartupError('bad_config', '--database-url needs --secret-key-file or FLOWDESK_SECRET_KEY');
  let secretKey: { key: Buffer; source: string };
  try {
    secretKey = await readSecretKey(config.secretKey);
  } catch (err) {
    throw new StartupError('bad_config', (err as Error).message, { cause: err });
  }
  const store = await openPostgresStore(config.databaseUrl, { logger, dataDir: config.dataDir, secretKey });
  return { store, database: { state: () => store.databaseState, where: describeDatabase(config.databaseUrl) } };
}
