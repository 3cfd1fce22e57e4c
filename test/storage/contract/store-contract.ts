/**
 * The contract every `Store` implementation passes (server/storage/types.ts): the embedded data
 * directory (embedded.test.ts) and, later, PostgreSQL. An implementation adds one small test file:
 *
 *   describeStoreContract('PostgreSQL', { open, reopen, close });
 *
 * with `open` on new, empty storage (a fresh schema), `reopen` closing a store and opening the same
 * storage again, `close` closing it (idempotent) and dropping the storage (target.ts). Parts of it
 * (`describeFlowStoreContract`, …) also run against stand-ins that implement one interface only
 * (memory.test.ts).
 *
 * Errors are checked by their stable `code` (`conflict`, `storage`), never by their text.
 */
import { describe, expect, it } from 'vitest';
import type { Store, StoreMeta } from '../../../server/storage/types.js';
import { describeApiKeyStoreContract } from './api-keys-contract.js';
import { describeFlowStoreContract } from './flows-contract.js';
import { describeMessageStoreContract } from './messages-contract.js';
import { describeProjectStoreContract } from './projects-contract.js';
import { sampleApiKey, sampleFlow, sampleMessage, sampleProject, sampleVariable } from './records.js';
import { useStore, type StoreTarget } from './target.js';
import { describeVariableStoreContract } from './variables-contract.js';

export type { StoreTarget } from './target.js';
export { describeApiKeyStoreContract, describeFlowStoreContract, describeMessageStoreContract, describeProjectStoreContract, describeVariableStoreContract };

export function describeStoreContract(name: string, target: StoreTarget<Store>): void {
  describe(`store contract: ${name}`, () => {
    describeFlowStoreContract(target);
    describeProjectStoreContract(target);
    describeMessageStoreContract(target);
    describeVariableStoreContract(target);
    describeApiKeyStoreContract(target);
    describeSettingsContract(target);
    describeLifecycleContract(target);
  });
}

function describeSettingsContract(target: StoreTarget<Store>): void {
  describe('settings (meta)', () => {
    const opened = useStore(target);

    it('starts not seeded, without the API-key requirement', () => {
      const meta = opened.store.getMeta();
      expect(meta.seeded).toBe(false);
      expect(meta.require_api_key ?? false).toBe(false);
    });

    it('merges a partial change into the settings and hands out a copy', async () => {
      await opened.store.setMeta({ require_api_key: true });
      await opened.store.setMeta({ seeded: true });
      expect(opened.store.getMeta()).toEqual({ seeded: true, require_api_key: true });
      const copy = opened.store.getMeta() as { seeded: boolean };
      copy.seeded = false;
      expect(opened.store.getMeta().seeded).toBe(true);
    });

    it('has after a reopen every acknowledged change', async () => {
      await opened.store.setMeta({ seeded: true, require_api_key: true });
      await opened.store.setMeta({ require_api_key: false });
      const again = await opened.reopen();
      expect(again.getMeta()).toEqual<StoreMeta>({ seeded: true, require_api_key: false });
    });
  });
}

function describeLifecycleContract(target: StoreTarget<Store>): void {
  describe('lifecycle', () => {
    const opened = useStore(target);

    it('is healthy while open and not once closed', async () => {
      expect(await opened.store.healthCheck()).toBe(true);
      await opened.store.close();
      expect(await opened.store.healthCheck()).toBe(false);
    });

    it('keeps every store apart: a reopen has each record in its own store only', async () => {
      const flow = sampleFlow();
      const variable = sampleVariable();
      const key = sampleApiKey();
      const message = sampleMessage();
      const s = opened.store;
      await Promise.all([s.flows.create(flow), s.variables.create(variable), s.apiKeys.create(key), s.messages.add(message)]);
      const again = await opened.reopen();
      expect(again.flows.list()).toEqual([flow]);
      expect(again.variables.list()).toEqual([variable]);
      expect(again.apiKeys.list()).toEqual([key]);
      expect(await again.messages.list({})).toEqual([message]);
    });

    it('refuses writes once closed (storage error), and closes twice without harm', async () => {
      const s = opened.store;
      const flow = sampleFlow();
      await s.flows.create(flow);
      await s.close();
      await s.close();
      await expect(s.flows.create(sampleFlow())).rejects.toMatchObject({ code: 'storage' });
      await expect(s.flows.put({ ...flow, name: 'late' })).rejects.toMatchObject({ code: 'storage' });
      await expect(s.messages.add(sampleMessage())).rejects.toMatchObject({ code: 'storage' });
      await expect(s.messages.deleteSession('session-1')).rejects.toMatchObject({ code: 'storage' });
      await expect(s.variables.create(sampleVariable())).rejects.toMatchObject({ code: 'storage' });
      await expect(s.apiKeys.create(sampleApiKey())).rejects.toMatchObject({ code: 'storage' });
      await expect(s.projects.create(sampleProject())).rejects.toMatchObject({ code: 'storage' });
      await expect(s.setMeta({ seeded: true })).rejects.toMatchObject({ code: 'storage' });
      const again = await opened.reopen();
      expect(again.flows.list()).toEqual([flow]);
      expect(again.getMeta().seeded).toBe(false);
    });
  });
}
