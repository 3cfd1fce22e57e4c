/**
 * Model-provider settings in `model-providers.json` (0600): each provider's base URL and enabled or
 * disabled models, and the default language (and embedding) model. Keys are not here: they are
 * Credential variables, encrypted in `variables.json`. Written like `meta.json`: atomically (temp
 * file, rename), with `model-providers.json.bak` a mirror of the newest state; a damaged file is set
 * aside and the mirror used, else the settings start empty, with a warning.
 */
import { EMPTY_MODEL_SETTINGS, MODEL_PROVIDERS, MODEL_TYPES, type DefaultModel, type ModelSettings, type ProviderSettings } from '../../shared/model-providers.js';
import { CorruptDataError, type DurableFileOptions } from './durable-json-file.js';
import { isObject } from './record-file.js';
import { SettingsFile, type SettingsFormat } from './settings-file.js';

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

const FORMAT: SettingsFormat<ModelSettings> = { key: 'settings', decode, empty: () => structuredClone(EMPTY_MODEL_SETTINGS) };

/** The model-provider settings: `get()` a copy, `set()` the whole, durable when it resolves. */
export type ModelSettingsFile = SettingsFile<ModelSettings>;
export const ModelSettingsFile = {
  open: (file: string, options: DurableFileOptions): Promise<ModelSettingsFile> => SettingsFile.open(file, FORMAT, options),
};
