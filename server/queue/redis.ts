/** Connecting to Redis (ioredis): a first connection that must succeed, then reconnects forever. */
import { Redis, type RedisOptions } from 'ioredis';
import { StartupError } from '../startup-error.js';

/** The URL without its password, for messages. */
export function describeQueue(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'the queue';
  }
}

/**
 * Opens a connection and waits until it answers; a StartupError (one line) when it cannot. Once
 * connected, a lost connection is retried every 0.2 to 2 s. `blocking`: for BullMQ workers and
 * blocking reads (no limit on retries per command).
 */
export async function connectRedis(url: string, options: { blocking?: boolean; name: string }): Promise<Redis> {
  let connected = false;
  const settings: RedisOptions = {
    lazyConnect: true,
    connectTimeout: 5_000,
    connectionName: options.name,
    maxRetriesPerRequest: options.blocking ? null : 1,
    // A server answers 503 at once while the queue is away, rather than holding its callers.
    enableOfflineQueue: options.blocking === true,
    retryStrategy: (times) => (connected ? Math.min(times * 200, 2_000) : null),
  };
  const client = new Redis(url, settings);
  let lastError: unknown;
  client.on('error', (err: unknown) => {
    lastError = err;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    // ioredis rejects with "Connection is closed"; the error it emitted before says why.
    const why = (lastError as Error | undefined)?.message || (err as Error).message || String(err);
    throw new StartupError('queue_unreachable', `cannot reach the queue at ${describeQueue(url)}: ${why}`, { cause: err });
  }
  connected = true;
  return client;
}
