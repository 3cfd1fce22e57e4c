import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredApiKey } from '../../server/storage/types.js';
import { open, readAllFiles, tempDir } from './helpers.js';
import { setTimeout as sleep } from 'node:timers/promises';

function apiKey(id: string, plain: string): StoredApiKey {
  return { id, name: `key ${id}`, hash: createHash('sha256').update(plain).digest('hex'), prefix: plain.slice(0, 7), created_at: '2025-01-01T00:00:00Z', last_used_at: null, total_uses: 0 };
}

describe('API key store', () => {
  it('stores keys hashed, finds them by hash, deletes them, and persists', async () => {
    const dir = await tempDir();
    const plain = 'sk-abcdefghijklmnopqrstuvwxyz0123456789';
    const store = await open(dir);
    const key = apiKey('k1', plain);
    await store.apiKeys.create(key);
    await store.apiKeys.create(apiKey('k2', 'sk-other-key-000000000000000000000000'));
    expect(store.apiKeys.getByHash(key.hash)).toEqual(key);
    expect(store.apiKeys.list()).toHaveLength(2);
    expect(await store.apiKeys.delete('k2')).toBe(true);
    expect(await store.apiKeys.delete('k2')).toBe(false);
    await store.close();
    for (const { content } of await readAllFiles(dir)) expect(content.includes(plain)).toBe(false);
    const again = await open(dir);
    expect(again.apiKeys.list().map((k) => k.id)).toEqual(['k1']);
    expect(again.apiKeys.getByHash(key.hash)?.id).toBe('k1');
  });

  it('counts uses in memory at once and writes them in one batch later', async () => {
    const dir = await tempDir();
    const store = await open(dir, { touchFlushMs: 100 });
    const key = apiKey('k1', 'sk-touch-me-000000000000000000000000000');
    await store.apiKeys.create(key);
    const file = path.join(dir, 'api-keys.json');
    const before = await fs.stat(file);
    for (let i = 1; i <= 100; i++) store.apiKeys.touch('k1', `2025-01-02T00:00:${String(i % 60).padStart(2, '0')}Z`);
    store.apiKeys.touch('unknown', '2025-01-02T00:00:00Z');
    expect(store.apiKeys.getByHash(key.hash)?.total_uses).toBe(100);
    expect((await fs.stat(file)).mtimeMs).toBe(before.mtimeMs);
    await sleep(300);
    const onDisk = JSON.parse(await fs.readFile(file, 'utf8')) as { api_keys: StoredApiKey[] };
    expect(onDisk.api_keys[0]).toMatchObject({ total_uses: 100, last_used_at: '2025-01-02T00:00:59Z' });
  });

  it('flushes pending usage counters on close', async () => {
    const dir = await tempDir();
    const store = await open(dir); // default 1 s debounce
    const key = apiKey('k1', 'sk-close-flush-0000000000000000000000000');
    await store.apiKeys.create(key);
    store.apiKeys.touch('k1', '2025-02-01T00:00:00Z');
    store.apiKeys.touch('k1', '2025-02-01T00:00:01Z');
    await store.close();
    const again = await open(dir);
    expect(again.apiKeys.getByHash(key.hash)).toMatchObject({ total_uses: 2, last_used_at: '2025-02-01T00:00:01Z' });
  });
});
