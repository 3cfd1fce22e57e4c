/**
 * PostgreSQL for tests: the server at FLOWDESK_TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), one new database per test, dropped after.
 *
 * When it does not answer, the tests that need it are skipped with the reason, except under
 * FLOWDESK_TEST_SERVICES=1 (CI), where a missing service is a failure.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const ADMIN_URL = process.env.FLOWDESK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const admin = (): postgres.Sql => postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => undefined });

/** Why PostgreSQL cannot be used (undefined when it can); throws under FLOWDESK_TEST_SERVICES=1. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const sql = admin();
  try {
    await sql`SELECT 1`;
    return undefined;
  } catch (err) {
    const reason = `PostgreSQL at ${new URL(ADMIN_URL).host} does not answer (${(err as Error).message})`;
    if (process.env.FLOWDESK_TEST_SERVICES === '1') throw new Error(`${reason}, and FLOWDESK_TEST_SERVICES=1 requires it`, { cause: err });
    return reason;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** A suite name that carries the reason when the suite is skipped. */
export function serviceSuiteName(name: string, unavailable: string | undefined): string {
  return unavailable === undefined ? name : `${name} (skipped: ${unavailable})`;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new, empty database `flowdesk_test_<random>`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `flowdesk_test_${randomBytes(6).toString('hex')}`;
  const sql = admin();
  try {
    await sql.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.href,
    name,
    drop: () => {
      dropped ??= (async () => {
        const db = admin();
        try {
          await db.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await db.end({ timeout: 1 });
        }
      })();
      return dropped;
    },
  };
}

/** A credential key, as `openssl rand -base64 32` makes. */
export function testSecretKey(): { key: Buffer; source: string } {
  return { key: randomBytes(32), source: 'the test key' };
}
