/** The store contract against PostgreSQL (openPostgresStore), one new database per test. */
import fs from 'node:fs/promises';
import { describe } from 'vitest';
import { silentLogger } from '../../../server/logger.js';
import { openPostgresStore } from '../../../server/storage/open-postgres-store.js';
import type { Store } from '../../../server/storage/types.js';
import { createTestDatabase, postgresUnavailable, serviceSuiteName, testSecretKey, type TestDatabase } from '../../support/postgres.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { describeStoreContract } from './store-contract.js';

const unavailable = await postgresUnavailable();

interface Opened {
  db: TestDatabase;
  secretKey: { key: Buffer; source: string };
}
const opened = new WeakMap<Store, Opened>();

async function open(db: TestDatabase, dataDir: string, secretKey = testSecretKey()): Promise<Store> {
  const store = await openPostgresStore(db.url, { logger: silentLogger, dataDir, secretKey });
  opened.set(store, { db, secretKey });
  return store;
}

const of = (store: Store): Opened => {
  const found = opened.get(store);
  if (!found) throw new Error('not a store of this test');
  return found;
};

describe.skipIf(unavailable !== undefined)(serviceSuiteName('PostgreSQL', unavailable), () => {
  describeStoreContract('PostgreSQL', {
    open: async () => open(await createTestDatabase(), await makeTempDir('flowdesk-pg-contract-')),
    reopen: async (store) => {
      await store.close();
      const { db, secretKey } = of(store);
      return open(db, store.dataDir, secretKey);
    },
    close: async (store) => {
      await store.close();
      await of(store).db.drop();
      await fs.rm(store.dataDir, { recursive: true, force: true });
    },
    rawVariable: async (store, id) => {
      const { default: postgres } = await import('postgres');
      const sql = postgres(of(store).db.url, { max: 1 });
      try {
        const [row] = await sql`SELECT * FROM variables WHERE id = ${id}`;
        return row;
      } finally {
        await sql.end();
      }
    },
  });
});
