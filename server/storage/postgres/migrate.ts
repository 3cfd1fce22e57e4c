/**
 * Applies the migrations a database lacks, all in one transaction under a transaction-scoped
 * advisory lock: servers starting at once on one database wait for each other, and the second
 * finds the work done. `schema_migrations` lists what was applied.
 */
import { StartupError } from '../../startup-error.js';
import type { Sql } from './connect.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

/** The advisory lock's key: any constant that other programs on the database are unlikely to use. */
const LOCK_KEY = 'flowdesk:schema_migrations';

/** Applies what is missing; returns the versions it applied (empty when the schema was current). */
export async function migrate(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext(${LOCK_KEY}))`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
    const rows = await tx<{ version: number }[]>`SELECT version FROM schema_migrations`;
    const done = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) {
      throw new StartupError('bad_config', `The database's schema (version ${newest}) was written by a newer Flowdesk, which knows up to version ${known}; upgrade Flowdesk to use it`);
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await tx.unsafe(migration.sql);
      await tx`INSERT INTO schema_migrations (version, name) VALUES (${migration.version}, ${migration.name})`;
      applied.push(migration.version);
    }
    return applied;
  });
}
