/** The `ApiKeyStore` contract (server/storage/types.ts). */
import { describe, expect, it } from 'vitest';
import type { ApiKeyStore } from '../../../server/storage/types.js';
import { isDeepFrozen, sampleApiKey } from './records.js';
import { useStore, type StoreTarget } from './target.js';

export function describeApiKeyStoreContract(target: StoreTarget<{ apiKeys: ApiKeyStore }>): void {
  describe('API keys', () => {
    const opened = useStore(target);
    const keys = (): ApiKeyStore => opened.store.apiKeys;

    it('starts empty', () => {
      expect(keys().list()).toEqual([]);
      expect(keys().getByHash('nope')).toBeUndefined();
    });

    it('creates, finds by hash, lists in creation order and deletes', async () => {
      const [a, b] = [sampleApiKey(), sampleApiKey()];
      expect(await keys().create(a)).toEqual(a);
      await keys().create(b);
      expect(keys().list()).toEqual([a, b]);
      expect(keys().getByHash(b.hash)).toEqual(b);
      expect(await keys().delete(a.id)).toBe(true);
      expect(await keys().delete(a.id)).toBe(false);
      expect(keys().getByHash(a.hash)).toBeUndefined();
      expect(keys().list()).toEqual([b]);
    });

    it('refuses a second key with the same id or the same hash (conflict)', async () => {
      const key = sampleApiKey();
      await keys().create(key);
      await expect(keys().create({ ...sampleApiKey(), id: key.id })).rejects.toMatchObject({ code: 'conflict' });
      await expect(keys().create({ ...sampleApiKey(), hash: key.hash })).rejects.toMatchObject({ code: 'conflict' });
      expect(keys().list()).toEqual([key]);
    });

    it('counts a use at once, keeps the latest time, and ignores an unknown id', async () => {
      const key = sampleApiKey();
      await keys().create(key);
      keys().touch(key.id, '2025-03-02T00:00:00.000Z');
      keys().touch(key.id, '2025-03-01T00:00:00.000Z');
      keys().touch('nope', '2025-03-03T00:00:00.000Z');
      expect(keys().getByHash(key.hash)).toMatchObject({ total_uses: 2, last_used_at: '2025-03-02T00:00:00.000Z' });
      expect(keys().list()).toHaveLength(1);
    });

    it('keeps its own copy and hands out frozen records', async () => {
      const key = sampleApiKey({ name: 'original' });
      const created = await keys().create(key);
      key.name = 'changed';
      expect(keys().getByHash(key.hash)?.name).toBe('original');
      expect(isDeepFrozen(created)).toBe(true);
      expect(keys().list().every(isDeepFrozen)).toBe(true);
    });

    it('has after a reopen every key created and not deleted, with the uses counted before the close', async () => {
      const [kept, revoked] = [sampleApiKey(), sampleApiKey()];
      await keys().create(kept);
      await keys().create(revoked);
      await keys().delete(revoked.id);
      keys().touch(kept.id, '2025-03-01T00:00:00.000Z');
      const again = (await opened.reopen()).apiKeys;
      expect(again.list()).toEqual([{ ...kept, total_uses: 1, last_used_at: '2025-03-01T00:00:00.000Z' }]);
      expect(again.getByHash(revoked.hash)).toBeUndefined();
    });
  });
}
