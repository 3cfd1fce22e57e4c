/** `model-providers.json`: the settings survive a restart; a damaged file gives way to its mirror, else to empty settings, with a warning. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelSettings } from '../../shared/model-providers.js';
import { open, tempDir } from './helpers.js';

const SETTINGS: ModelSettings = {
  providers: { OpenAI: { base_url: 'http://127.0.0.1:8000/v1', enabled_models: ['my-model'], disabled_models: ['gpt-4o'] } },
  default_language_model: { provider: 'OpenAI', model_name: 'my-model', model_type: 'language' },
  default_embedding_model: null,
};

describe('model-provider settings file', () => {
  it('keeps the settings across a restart, with a mirrored .bak, 0600', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    expect(store.modelSettings.get()).toEqual({ providers: {}, default_language_model: null, default_embedding_model: null });
    await store.modelSettings.set(SETTINGS);
    await store.close();
    const file = path.join(dir, 'model-providers.json');
    expect(await fs.readFile(file + '.bak', 'utf8')).toBe(await fs.readFile(file, 'utf8'));
    if (process.platform !== 'win32') expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const again = await open(dir);
    expect(again.modelSettings.get()).toEqual(SETTINGS);
    await again.close();
  });

  it('reads the mirror when the file is damaged, and starts empty (saying so) when both are', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await store.modelSettings.set(SETTINGS);
    await store.close();
    const file = path.join(dir, 'model-providers.json');
    await fs.writeFile(file, '{"version": 1, "settings": {"default_language_model": {"provider": "Nope"}}}');
    const recovered = await open(dir);
    expect(recovered.modelSettings.get()).toEqual(SETTINGS);
    expect(recovered.warnings.join('\n')).toContain('model-providers.json');
    await recovered.close();

    await fs.writeFile(file, 'not json');
    await fs.writeFile(file + '.bak', 'not json either');
    const empty = await open(dir);
    expect(empty.modelSettings.get().default_language_model).toBeNull();
    expect(empty.warnings.join('\n')).toContain('model-providers.json');
    await empty.close();
  });
});
