/** copyStore (behind `flowdesk migrate`), between two data directories: conflicts are skipped and named, settings never get looser. */
import { describe, expect, it } from 'vitest';
import { copyStore, formatCopyReport } from '../../server/services/copy-store.js';
import { open, tempDir } from '../storage/helpers.js';
import { sampleFlow, sampleVariable } from '../storage/contract/records.js';

describe('copyStore', () => {
  it('skips a flow or variable whose name the target gives another record, and names it', async () => {
    const [from, to] = [await open(await tempDir()), await open(await tempDir())];
    const flow = sampleFlow({ name: 'Mine', endpoint_name: 'ask' });
    const variable = sampleVariable({ name: 'TOKEN' });
    await from.flows.create(flow);
    await from.variables.create(variable);
    await to.flows.create(sampleFlow({ endpoint_name: 'ask' }));
    await to.variables.create(sampleVariable({ name: 'TOKEN' }));
    const report = await copyStore(from, to);
    expect(formatCopyReport(report)).toEqual([
      'projects: 0 copied, 1 already there',
      'flows: 0 copied, 0 already there, 1 skipped',
      `  skipped flow "Mine" (${flow.id}): Endpoint name "ask" is already used by another flow`,
      'variables: 0 copied, 0 already there, 1 skipped',
      '  skipped variable "TOKEN": Variable "TOKEN" already exists',
      'API keys: 0 copied, 0 already there',
      'messages: 0 copied, 0 already there',
      'settings: nothing to copy',
    ]);
  });

  it('never turns "require an API key" off, and copies provider settings only into empty ones', async () => {
    const [from, to] = [await open(await tempDir()), await open(await tempDir())];
    await to.setMeta({ require_api_key: true });
    const models = { providers: { Ollama: { base_url: 'http://127.0.0.1:11434', enabled_models: [], disabled_models: [] } }, default_language_model: null, default_embedding_model: null };
    await from.modelSettings.set(models);
    expect((await copyStore(from, to)).settings).toEqual(['model providers']);
    expect(to.getMeta().require_api_key).toBe(true);
    expect(to.modelSettings.get()).toEqual(models);
    await from.modelSettings.set({ ...models, providers: {}, default_language_model: { provider: 'Ollama', model_name: 'llama3', model_type: 'language' } });
    expect((await copyStore(from, to)).settings).toEqual([]);
    expect(to.modelSettings.get()).toEqual(models);
  });
});
