/**
 * Model-provider settings in `model-providers.json` (0600): each provider's base URL and enabled or
 * disabled models, and the default language (and embedding) model. Keys are not here: they are
 * Credential variables, encrypted in `variables.json`. Written like `meta.json`: atomically (temp
 * file, rename), with `model-providers.json.bak` a mirror of the newest state; a damaged file is set
 * aside and the mirror used, else the settings start empty, with a warning.
 */
import { Low } from 'lowdb';
import { StorageError } from '../../shared/errors.js';
import { EMPTY_MODEL_SETTINGS, MODEL_PROVIDERS, MODEL_TYPES, type DefaultModel, type ModelSettings, type ProviderSettings } from '../../shared/model-providers.js';
import { CorruptDataError, DurableJsonFile, type DurableFileOptions } from './durable-json-file.js';
import { FILE_FORMAT_VERSION, isObject } from './record-file.js';

function stringList(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new CorruptDataError(`"${what}" is not a list of strings`);
  return value as string[];
}

function decodeDefault(value: unknown, what: string): DefaultModel | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value) || typeof value.model_name !== 'string' || !(MODEL_PROVIDERS as readonly unknown[]).includes(value.provider) || !(MODEL_TYPES as readonly unknown[]).includes(value.model_type)) {
    throw new CorruptDataError(`"${what}" is not a model ({provider, model_name, model_type})`);
  }
  return { provider: value.provider as DefaultModel['provider'], model_name: value.model_name, model_type: value.model_type as DefaultModel['model_type'] };
}

function decode(json: unknown): ModelSettings {
  if (!isObject(json) || !isObject(json.settings)) throw new CorruptDataError('"settings" is not an object');
  const raw = json.settings;
  const providers: ModelSettings['providers'] = {};
  if (raw.providers !== undefined) {
    if (!isObject(raw.providers)) throw new CorruptDataError('"providers" is not an object');
    for (const [name, value] of Object.entries(raw.providers)) {
      if (!(MODEL_PROVIDERS as readonly string[]).includes(name)) continue; // a provider a newer Flowdesk knows
      if (!isObject(value) || (value.base_url !== undefined && typeof value.base_url !== 'string')) throw new CorruptDataError(`provider "${name}" has the wrong shape`);
      const settings: ProviderSettings = {
        base_url: typeof value.base_url === 'string' ? value.base_url : '',
        enabled_models: stringList(value.enabled_models, `${name}.enabled_models`),
        disabled_models: stringList(value.disabled_models, `${name}.disabled_models`),
      };
      providers[name as keyof ModelSettings['providers']] = settings;
    }
  }
  return {
    providers,
    default_language_model: decodeDefault(raw.default_language_model, 'default_language_model'),
    default_embedding_model: decodeDefault(raw.default_embedding_model, 'default_embedding_model'),
  };
}

export class ModelSettingsFile {
  readonly #low: Low<ModelSettings>;
  readonly #file: DurableJsonFile<ModelSettings>;
  #closed = false;

  private constructor(file: string, options: DurableFileOptions) {
    this.#file = new DurableJsonFile<ModelSettings>(
      file,
      { parse: decode, serialize: (settings) => JSON.stringify({ version: FILE_FORMAT_VERSION, backup: 'mirror', settings }, null, 2) + '\n' },
      { ...options, backup: 'mirror' },
    );
    this.#low = new Low<ModelSettings>(this.#file, structuredClone(EMPTY_MODEL_SETTINGS));
  }

  static async open(file: string, options: DurableFileOptions): Promise<ModelSettingsFile> {
    const settings = new ModelSettingsFile(file, options);
    await settings.#low.read();
    return settings;
  }

  /** A copy the caller owns. */
  get(): ModelSettings {
    return structuredClone(this.#low.data);
  }

  /** Replaces the settings; resolves once they are on disk. */
  async set(next: ModelSettings): Promise<void> {
    if (this.#closed) throw new StorageError('The store is closed');
    const previous = this.#low.data;
    const copy = structuredClone(next);
    this.#low.data = copy;
    try {
      await this.#low.write();
    } catch (err) {
      if (this.#low.data === copy) this.#low.data = previous;
      throw new StorageError(`Could not write ${this.#file.file}: ${(err as Error).message}`, err);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#file.flush();
  }
}
