/**
 * The contract every `Store` implementation passes (server/storage/types.ts): the embedded data
 * directory (embedded.test.ts) and, later, PostgreSQL. An implementation adds one small test file:
 *
 *   describeStoreContract('PostgreSQL', { open, reopen, close, rawVariable });
 *
 * with `open` on new, empty storage (a fresh schema), `reopen` closing a store and opening the same
 * storage again, `close` closing it (idempotent) and dropping the storage (target.ts), and
 * `rawVariable` reading a variable as stored (the file's record, the table's row), to check that
 * credential values are encrypted at rest. Parts of it
 * (`describeFlowStoreContract`, …) also run against stand-ins that implement one interface only
 * (memory.test.ts).
 *
 * Errors are checked by their stable `code` (`conflict`, `storage`), never by their text.
 */
import { describe, expect, it } from 'vitest';
import type { Store, StoreMeta } from '../../../server/storage/types.js';
import type { ModelSettings } from '../../../shared/model-providers.js';
import { describeApiKeyStoreContract } from './api-keys-contract.js';
import { describeFlowStoreContract } from './flows-contract.js';
import { describeMessageStoreContract } from './messages-contract.js';
import { describeProjectStoreContract } from './projects-contract.js';
import { sampleApiKey, sampleFlow, sampleMessage, sampleProject, sampleVariable } from './records.js';
import { useStore, type StoreTarget } from './target.js';
import { describeVariableStoreContract } from './variables-contract.js';

export type { StoreTarget } from './target.js';
export { describeApiKeyStoreContract, describeFlowStoreContract, describeMessageStoreContract, describeProjectStoreContract, describeVariableStoreContract };

export interface StoreContractTarget extends StoreTarget<Store> {
  /** The variable `id` as stored (the data file's record, the table's row), undefined when absent. */
  rawVariable(store: Store, id: string): Promise<Record<string, unknown> | undefined>;
}

export function describeStoreContract(name: string, target: StoreContractTarget): void {
  describe(`store contract: ${name}`, () => {
    describeFlowStoreContract(target);
    describeProjectStoreContract(target);
    describeMessageStoreContract(target);
    describeVariableStoreContract(target);
    describeCredentialsAtRestContract(target);
    describeApiKeyStoreContract(target);
    describeSettingsContract(target);
    describeDocumentsContract(target);
    describeLifecycleContract(target);
  });
}

function describeCredentialsAtRestContract(target: StoreContractTarget): void {
  describe('credential values at rest', () => {
    const opened = useStore(target);

    it('stores a Credential value only encrypted, a Generic one as it is, and reads both back in plain', async () => {
      const secret = sampleVariable({ type: 'Credential', value: 'sk-contract-secret-value-123' });
      const generic = sampleVariable({ value: 'plain-generic-value' });
      await opened.store.variables.create(secret);
      await opened.store.variables.create(generic);
      const raw = await target.rawVariable(opened.store, secret.id);
      expect(JSON.stringify(raw)).not.toContain('sk-contract-secret-value-123');
      expect(raw?.value_encrypted).toMatch(/^v1:/);
      expect(raw?.value ?? undefined).toBeUndefined();
      expect((await target.rawVariable(opened.store, generic.id))?.value).toBe('plain-generic-value');
      await opened.store.variables.put({ ...secret, value: 'sk-contract-rotated-value-456' });
      expect(JSON.stringify(await target.rawVariable(opened.store, secret.id))).not.toContain('sk-contract-rotated');
      const again = await opened.reopen();
      expect(again.variables.get(secret.id)?.value).toBe('sk-contract-rotated-value-456');
    });

    it('binds a ciphertext to its variable: a Generic turned Credential is encrypted, and back', async () => {
      const variable = sampleVariable({ value: 'was-generic-value' });
      await opened.store.variables.create(variable);
      await opened.store.variables.put({ ...variable, type: 'Credential', value: 'now-a-secret-value' });
      expect(JSON.stringify(await target.rawVariable(opened.store, variable.id))).not.toContain('now-a-secret-value');
      await opened.store.variables.put({ ...variable, type: 'Generic', value: 'generic-again' });
      expect((await target.rawVariable(opened.store, variable.id))?.value).toBe('generic-again');
      expect((await opened.reopen()).variables.get(variable.id)?.value).toBe('generic-again');
    });
  });
}

/** The model-provider settings and the MCP servers: whole documents, copies out, durable once set. */
function describeDocumentsContract(target: StoreTarget<Store>): void {
  describe('model settings and MCP servers', () => {
    const opened = useStore(target);
    const settings: ModelSettings = {
      providers: { OpenAI: { base_url: 'http://127.0.0.1:9/v1', enabled_models: ['gpt-4o-mini'], disabled_models: [] } },
      default_language_model: { provider: 'OpenAI', model_name: 'gpt-4o-mini', model_type: 'language' },
      default_embedding_model: null,
    };

    it('start empty', () => {
      expect(opened.store.modelSettings.get()).toEqual({ providers: {}, default_language_model: null, default_embedding_model: null });
      expect(opened.store.mcpServers.all()).toEqual({});
      expect(opened.store.mcpServers.get('nope')).toBeUndefined();
    });

    it('replace the whole document and hand out copies', async () => {
      await opened.store.modelSettings.set(settings);
      const copy = opened.store.modelSettings.get();
      expect(copy).toEqual(settings);
      copy.providers = {};
      expect(opened.store.modelSettings.get()).toEqual(settings);
      await opened.store.mcpServers.set({ files: { command: 'npx', args: ['-y', 'server'] }, web: { url: 'http://127.0.0.1:9/mcp' } });
      await opened.store.mcpServers.set({ web: { url: 'http://127.0.0.1:9/mcp' } });
      expect(opened.store.mcpServers.all()).toEqual({ web: { url: 'http://127.0.0.1:9/mcp' } });
      expect(opened.store.mcpServers.get('files')).toBeUndefined();
      const server = opened.store.mcpServers.get('web') as { url: string };
      server.url = 'changed';
      expect(opened.store.mcpServers.get('web')).toEqual({ url: 'http://127.0.0.1:9/mcp' });
    });

    it('have after a reopen what was set last', async () => {
      await opened.store.modelSettings.set(settings);
      await opened.store.mcpServers.set({ web: { url: 'http://127.0.0.1:9/mcp' } });
      const again = await opened.reopen();
      expect(again.modelSettings.get()).toEqual(settings);
      expect(again.mcpServers.all()).toEqual({ web: { url: 'http://127.0.0.1:9/mcp' } });
    });
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
