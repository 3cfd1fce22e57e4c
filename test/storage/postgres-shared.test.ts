/**
 * Several stores on one PostgreSQL database, as several servers would have: changes made through
 * one reach the others (LISTEN/NOTIFY), the schema is migrated once when they start together, and
 * a database that does not answer, or a credential key that does not fit, is a clear start error.
 */
import fs from 'node:fs/promises';
import postgres from 'postgres';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../server/logger.js';
import { openPostgresStore, type PostgresStore } from '../../server/storage/open-postgres-store.js';
import { ADMIN_URL, createTestDatabase, postgresUnavailable, serviceSuiteName, testSecretKey, type TestDatabase } from '../support/postgres.js';
import { makeTempDir } from '../support/temp-dir.js';
import { sampleApiKey, sampleFlow, sampleVariable } from './contract/records.js';

const unavailable = await postgresUnavailable();
const cleanup: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  cleanup.push(() => db.drop());
  return db;
}

async function open(db: TestDatabase, secretKey = sharedKey): Promise<PostgresStore> {
  const dataDir = await makeTempDir('flowdesk-pg-shared-');
  cleanup.push(() => fs.rm(dataDir, { recursive: true, force: true }));
  const store = await openPostgresStore(db.url, { logger: silentLogger, dataDir, secretKey, touchFlushMs: 20 });
  cleanup.push(() => store.close());
  return store;
}

const sharedKey = testSecretKey();
const eventually = (check: () => void): Promise<void> => vi.waitFor(check, { timeout: 5_000, interval: 20 });

describe.skipIf(unavailable !== undefined)(serviceSuiteName('PostgreSQL shared by several stores', unavailable), () => {
  it('migrates once when several stores start together on a new database', async () => {
    const db = await database();
    const stores = await Promise.all([open(db), open(db), open(db)]);
    expect(stores).toHaveLength(3);
    const sql = postgres(db.url, { max: 1 });
    try {
      expect(await sql`SELECT version, name FROM schema_migrations ORDER BY version`).toEqual([
        { version: 1, name: 'initial' },
        { version: 2, name: 'projects' },
      ]);
      // Each started at once, and still one default project between them.
      expect((await sql`SELECT name FROM projects`).map((r) => r.name)).toEqual(['Starter Project']);
    } finally {
      await sql.end();
    }
  });

  it('shows a flow created, changed and deleted through one store in the other', async () => {
    const db = await database();
    const [a, b] = await Promise.all([open(db), open(db)]);
    const flow = sampleFlow({ endpoint_name: 'shared' });
    await a.flows.create(flow);
    await eventually(() => expect(b.flows.get(flow.id)).toEqual(flow));
    expect(b.flows.getByEndpointName('shared')?.id).toBe(flow.id);
    await a.flows.put({ ...flow, name: 'renamed', endpoint_name: 'moved' });
    await eventually(() => expect(b.flows.get(flow.id)?.name).toBe('renamed'));
    expect(b.flows.getByEndpointName('shared')).toBeUndefined();
    expect(b.flows.getByEndpointName('moved')?.id).toBe(flow.id);
    // The database keeps endpoint names unique across stores, whatever either has heard.
    await expect(b.flows.create(sampleFlow({ endpoint_name: 'moved' }))).rejects.toMatchObject({ code: 'conflict' });
    await b.flows.delete(flow.id);
    await eventually(() => expect(a.flows.get(flow.id)).toBeUndefined());
    expect(a.flows.list()).toEqual([]);
  });

  it('knows a key created on one store on the other, and forgets it on both once deleted on either', async () => {
    const db = await database();
    const [a, b] = await Promise.all([open(db), open(db)]);
    const key = sampleApiKey();
    await a.apiKeys.create(key);
    await eventually(() => expect(b.apiKeys.getByHash(key.hash)?.id).toBe(key.id));
    b.apiKeys.touch(key.id, '2025-03-01T00:00:00.000Z');
    await eventually(() => expect(a.apiKeys.getByHash(key.hash)?.total_uses).toBe(1));
    await b.apiKeys.delete(key.id);
    expect(b.apiKeys.getByHash(key.hash)).toBeUndefined();
    await eventually(() => expect(a.apiKeys.getByHash(key.hash)).toBeUndefined());
    expect(a.apiKeys.list()).toEqual([]);
  });

  it('shares variables (credentials decrypted with the shared key) and settings', async () => {
    const db = await database();
    const [a, b] = await Promise.all([open(db), open(db)]);
    const secret = sampleVariable({ name: 'OPENAI_API_KEY', type: 'Credential', value: 'sk-shared-secret-value' });
    await a.variables.create(secret);
    await a.setMeta({ require_api_key: true });
    await a.mcpServers.set({ web: { url: 'http://127.0.0.1:9/mcp' } });
    await eventually(() => expect(b.variables.getByName('OPENAI_API_KEY')?.value).toBe('sk-shared-secret-value'));
    await eventually(() => expect(b.getMeta().require_api_key).toBe(true));
    await eventually(() => expect(b.mcpServers.get('web')).toEqual({ url: 'http://127.0.0.1:9/mcp' }));
    // Changes to different settings from two stores at once both stay.
    await Promise.all([a.setMeta({ seeded: true }), b.setMeta({ require_api_key: false })]);
    await eventually(() => expect(a.getMeta()).toEqual({ seeded: true, require_api_key: false }));
    await eventually(() => expect(b.getMeta()).toEqual({ seeded: true, require_api_key: false }));
  });

  it('catches up after its change channel was cut', async () => {
    const db = await database();
    const [a, b] = await Promise.all([open(db), open(db)]);
    const admin = postgres(db.url, { max: 1 });
    try {
      // Cut every LISTEN connection, then write while b may not be listening.
      const cut = await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${db.name} AND query ILIKE 'listen%'`;
      expect(cut.length).toBe(2);
      const flow = sampleFlow();
      await a.flows.create(flow);
      await eventually(() => expect(b.flows.get(flow.id)).toEqual(flow));
      expect(b.databaseState).toBe('ok');
    } finally {
      await admin.end();
    }
  });

  it('reports the database unreachable while it refuses connections, and catches up once it is back', async () => {
    const db = await database();
    const [a, b] = await Promise.all([open(db), open(db)]);
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    try {
      await admin.unsafe(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
      await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${db.name}`;
      expect(await b.healthCheck()).toBe(false);
      expect(b.databaseState).toBe('unreachable');
      await expect(b.flows.create(sampleFlow())).rejects.toMatchObject({ code: 'storage' });
      await admin.unsafe(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      expect(await b.healthCheck()).toBe(true);
      expect(b.databaseState).toBe('ok');
      // Changes made while b was cut off, and after, reach it.
      const flow = sampleFlow();
      await a.flows.create(flow);
      await eventually(() => expect(b.flows.get(flow.id)).toEqual(flow));
      const later = sampleFlow();
      await a.flows.create(later);
      await eventually(() => expect(b.flows.get(later.id)).toEqual(later));
    } finally {
      await admin.unsafe(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
  });

  it('refuses to open with a credential key other than the one the values were encrypted with', async () => {
    const db = await database();
    const a = await open(db);
    await a.variables.create(sampleVariable({ name: 'SECRET', type: 'Credential', value: 'sk-only-for-the-right-key' }));
    const attempt = open(db, testSecretKey());
    await expect(attempt).rejects.toMatchObject({ name: 'StartupError' });
    await expect(attempt).rejects.toThrow(/credential variable "SECRET".*FLOWDESK_SECRET_KEY/);
    await expect(attempt).rejects.not.toThrow(/sk-only/);
  });
});

describe('PostgreSQL that does not answer', () => {
  it('is a one-line start error naming the database, not its password', async () => {
    const dataDir = await makeTempDir('flowdesk-pg-down-');
    cleanup.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const attempt = openPostgresStore('postgres://flowdesk:hunter2secret@127.0.0.1:1/flowdesk', { logger: silentLogger, dataDir, secretKey: testSecretKey() });
    await expect(attempt).rejects.toMatchObject({ name: 'StartupError', code: 'database_unreachable' });
    await expect(attempt).rejects.toThrow(/^Cannot reach the database at 127\.0\.0\.1:1\/flowdesk: /);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });
});
