/**
 * Redis for tests: the server at FLOWDESK_TEST_QUEUE_URL (default redis://127.0.0.1:6379), a key
 * prefix of the test's own, whose keys are deleted after.
 *
 * When it does not answer, the tests that need it are skipped with the reason, except under
 * FLOWDESK_TEST_SERVICES=1 (CI), where a missing service is a failure.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const QUEUE_URL = process.env.FLOWDESK_TEST_QUEUE_URL ?? 'redis://127.0.0.1:6379';

const client = (): Redis => new Redis(QUEUE_URL, { lazyConnect: true, connectTimeout: 3_000, maxRetriesPerRequest: 0, retryStrategy: () => null });

/** Why Redis cannot be used (undefined when it can); throws under FLOWDESK_TEST_SERVICES=1. */
export async function redisUnavailable(): Promise<string | undefined> {
  const redis = client();
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (err) {
    const reason = `Redis at ${new URL(QUEUE_URL).host} does not answer (${(err as Error).message})`;
    if (process.env.FLOWDESK_TEST_SERVICES === '1') throw new Error(`${reason}, and FLOWDESK_TEST_SERVICES=1 requires it`, { cause: err });
    return reason;
  } finally {
    redis.disconnect();
  }
}

export interface TestPrefix {
  prefix: string;
  /** The keys under the prefix now. */
  keys(): Promise<string[]>;
  /** Deletes every key under the prefix. */
  clean(): Promise<void>;
}

export function createTestPrefix(): TestPrefix {
  const prefix = `flowdesk_test_${randomBytes(6).toString('hex')}`;
  const keys = async () => {
    const redis = client();
    try {
      await redis.connect();
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        found.push(...batch);
      } while (cursor !== '0');
      return found;
    } finally {
      redis.disconnect();
    }
  };
  return {
    prefix,
    keys,
    clean: async () => {
      const found = await keys();
      if (found.length === 0) return;
      const redis = client();
      try {
        await redis.connect();
        await redis.del(...found);
      } finally {
        redis.disconnect();
      }
    },
  };
}
