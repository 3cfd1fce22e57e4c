/**
 * Model providers, configured once (Langflow 1.7+'s `/api/v1/models` router, same paths and
 * shapes): which providers exist and which are usable (their key is a Credential variable, or set
 * in the environment; Ollama's URL is set), which models are enabled, and the default model. Keys
 * go through the variable store (encrypted at rest), never into the settings file.
 */
import { BadRequestError, ValidationError } from '../../shared/errors.js';
import {
  MAX_MODEL_NAME_LENGTH,
  MODEL_PROVIDERS,
  MODEL_TYPES,
  PROVIDER_INFO,
  isModelProvider,
  providerModels,
  providerSettings,
  type DefaultModel,
  type ModelProviderName,
  type ModelSettings,
  type ModelType,
  type ProviderStatus,
} from '../../shared/model-providers.js';
import type { ModelProviderAccess } from '../engine/language-model.js';
import type { ModelSettingsStore, VariableStore } from '../storage/types.js';
import { BodyChecker } from './body-checks.js';
import type { Clock } from './clock.js';
import { environmentValue } from './variable-service.js';

const MAX_BATCH_UPDATE_SIZE = 100;
const MAX_BASE_URL_LENGTH = 2000;

export type ProviderStatusRead = ProviderStatus;

export interface ModelProviderService {
  providers(): ModelProviderName[];
  list(query: { provider?: string[]; model_name?: string; model_type?: string }): unknown[];
  variableMapping(): Record<string, string>;
  enabledProviders(filter?: string[]): { enabled_providers: ModelProviderName[]; provider_status: Record<string, boolean> };
  enabledModels(filter?: string[]): { enabled_models: Record<string, Record<string, boolean>> };
  updateEnabledModels(body: unknown): Promise<{ disabled_models: string[]; enabled_models: string[] }>;
  getDefault(modelType: unknown): { default_model: DefaultModel | null };
  setDefault(body: unknown): Promise<{ default_model: DefaultModel }>;
  clearDefault(modelType: unknown): Promise<{ default_model: null }>;
  /** Flowdesk's own: every provider with its key status, base URL and models, for the Settings page. */
  providerStatus(): ProviderStatusRead[];
  /** `{api_key?, base_url?}`: the key becomes the provider's Credential variable (null or "" removes it). */
  updateProvider(provider: string, body: unknown): Promise<ProviderStatusRead>;
  /** What runs see. */
  access(): ModelProviderAccess;
}

export interface ModelProviderDeps {
  settings: ModelSettingsStore;
  variables: VariableStore;
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
}

export function createModelProviderService(deps: ModelProviderDeps): ModelProviderService {
  const { settings, variables, env, clock } = deps;

  const keySource = (provider: ModelProviderName): ProviderStatusRead['api_key_source'] => {
    const name = PROVIDER_INFO[provider].variable_name;
    if (name === null) return null;
    if (variables.getByName(name)?.value) return 'variable';
    return environmentValue(env, name) ? 'environment' : null;
  };
  const baseUrl = (current: ModelSettings, provider: ModelProviderName): string => {
    const own = providerSettings(current, provider).base_url;
    if (own) return own;
    for (const name of PROVIDER_INFO[provider].base_url_env) {
      const value = environmentValue(env, name);
      if (value) return value;
    }
    return '';
  };
  const isEnabled = (current: ModelSettings, provider: ModelProviderName): boolean =>
    PROVIDER_INFO[provider].variable_name === null ? baseUrl(current, provider) !== '' : keySource(provider) !== null;

  const status = (current: ModelSettings, provider: ModelProviderName): ProviderStatusRead => {
    const info = PROVIDER_INFO[provider];
    return {
      provider,
      icon: info.icon,
      variable_name: info.variable_name,
      api_key_source: keySource(provider),
      base_url: providerSettings(current, provider).base_url,
      default_base_url: info.default_base_url,
      base_url_hint: info.base_url_hint,
      is_enabled: isEnabled(current, provider),
      models: providerModels(current, provider),
    };
  };

  const readModelType = (value: unknown): ModelType => {
    if (value === undefined || value === null || value === '') return 'language';
    if (typeof value === 'string' && (MODEL_TYPES as readonly string[]).includes(value)) return value as ModelType;
    throw new ValidationError([{ type: 'literal_error', loc: ['query', 'model_type'], msg: "model_type must be 'language' or 'embedding'", input: value }]);
  };
  const defaultKey = (type: ModelType): 'default_language_model' | 'default_embedding_model' => (type === 'language' ? 'default_language_model' : 'default_embedding_model');

  const checkName = (check: BodyChecker, field: string | (string | number)[], value: unknown): string | undefined => {
    if (typeof value !== 'string') {
      check.fail(field, value === undefined ? 'missing' : 'string_type', value === undefined ? 'Field required' : 'Input should be a valid string', value);
      return undefined;
    }
    const trimmed = value.trim();
    if (!trimmed) check.fail(field, 'value_error', 'Value error, Field cannot be empty', value);
    else if (trimmed.length > MAX_MODEL_NAME_LENGTH) check.fail(field, 'value_error', `Value error, Field exceeds maximum length of ${MAX_MODEL_NAME_LENGTH} characters`, value.slice(0, 100));
    else return trimmed;
    return undefined;
  };
  const checkProvider = (check: BodyChecker, field: string | (string | number)[], value: unknown): ModelProviderName | undefined => {
    const name = checkName(check, field, value);
    if (name === undefined) return undefined;
    if (!isModelProvider(name)) {
      check.fail(field, 'value_error', `Value error, Unknown model provider "${name}": use ${MODEL_PROVIDERS.join(', ')}`, value);
      return undefined;
    }
    return name;
  };

  return {
    providers: () => [...MODEL_PROVIDERS],

    list(query) {
      const current = settings.get();
      const type = query.model_type ? readModelType(query.model_type === 'llm' ? 'language' : query.model_type) : 'language';
      if (type === 'embedding') return []; // embedding models: not configurable yet
      const wanted = query.provider && query.provider.length > 0 ? query.provider : MODEL_PROVIDERS;
      const defaultProvider = current.default_language_model?.provider;
      return MODEL_PROVIDERS.filter((p) => wanted.includes(p))
        .map((provider) => {
          const models = providerModels(current, provider)
            .filter((m) => !query.model_name || m.model_name === query.model_name)
            .map((m) => ({ model_name: m.model_name, metadata: { model_type: 'llm', tool_calling: true, default: !m.custom, custom: m.custom } }));
          return { provider, models, num_models: models.length, icon: PROVIDER_INFO[provider].icon, variable_name: PROVIDER_INFO[provider].variable_name ?? PROVIDER_INFO[provider].base_url_env[0], is_enabled: isEnabled(current, provider) };
        })
        .filter((p) => p.models.length > 0)
        .sort((a, b) => Number(b.provider === defaultProvider) - Number(a.provider === defaultProvider) || Number(b.is_enabled) - Number(a.is_enabled) || a.provider.localeCompare(b.provider));
    },

    variableMapping: () => Object.fromEntries(MODEL_PROVIDERS.map((p) => [p, PROVIDER_INFO[p].variable_name ?? PROVIDER_INFO[p].base_url_env[0] ?? ''])),

    enabledProviders(filter) {
      const current = settings.get();
      const shown = MODEL_PROVIDERS.filter((p) => !filter || filter.length === 0 || filter.includes(p));
      const provider_status = Object.fromEntries(shown.map((p) => [p, isEnabled(current, p)]));
      return { enabled_providers: shown.filter((p) => provider_status[p]), provider_status };
    },

    enabledModels(filter) {
      const current = settings.get();
      const enabled_models: Record<string, Record<string, boolean>> = {};
      for (const provider of MODEL_PROVIDERS) {
        const on = isEnabled(current, provider);
        const models = providerModels(current, provider).filter((m) => !filter || filter.length === 0 || filter.includes(m.model_name));
        if (models.length > 0 || !filter || filter.length === 0) enabled_models[provider] = Object.fromEntries(models.map((m) => [m.model_name, on && m.enabled]));
      }
      return { enabled_models };
    },

    async updateEnabledModels(body) {
      if (!Array.isArray(body)) throw new ValidationError([{ type: 'list_type', loc: ['body'], msg: 'Input should be a valid list', input: body }]);
      if (body.length > MAX_BATCH_UPDATE_SIZE) throw new BadRequestError(`Cannot update more than ${MAX_BATCH_UPDATE_SIZE} models at once`);
      const check = new BodyChecker({});
      const updates: { provider: ModelProviderName; model: string; enabled: boolean }[] = [];
      body.forEach((item: unknown, index) => {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          check.fail([index], 'model_type', 'Input should be a valid dictionary or object', item);
          return;
        }
        const entry = item as Record<string, unknown>;
        const provider = checkProvider(check, [index, 'provider'], entry.provider);
        const model = checkName(check, [index, 'model_id'], entry.model_id);
        if (typeof entry.enabled !== 'boolean') check.fail([index, 'enabled'], entry.enabled === undefined ? 'missing' : 'bool_type', entry.enabled === undefined ? 'Field required' : 'Input should be a valid boolean', entry.enabled);
        if (provider && model && typeof entry.enabled === 'boolean') updates.push({ provider, model, enabled: entry.enabled });
      });
      check.done();
      const next = settings.get();
      for (const { provider, model, enabled } of updates) {
        const own = providerSettings(next, provider);
        const enabledSet = new Set(own.enabled_models);
        const disabledSet = new Set(own.disabled_models);
        if (enabled) {
          disabledSet.delete(model);
          enabledSet.add(model);
        } else {
          disabledSet.add(model);
          enabledSet.delete(model);
        }
        next.providers[provider] = { ...own, enabled_models: [...enabledSet], disabled_models: [...disabledSet] };
      }
      await settings.set(next);
      const all = (key: 'enabled_models' | 'disabled_models') => MODEL_PROVIDERS.flatMap((p) => providerSettings(next, p)[key]);
      return { disabled_models: all('disabled_models'), enabled_models: all('enabled_models') };
    },

    getDefault(modelType) {
      return { default_model: settings.get()[defaultKey(readModelType(modelType))] };
    },

    async setDefault(body) {
      const obj = BodyChecker.object(body);
      const check = new BodyChecker(obj);
      const provider = checkProvider(check, 'provider', obj.provider);
      const model_name = checkName(check, 'model_name', obj.model_name);
      const model_type = check.oneOf('model_type', MODEL_TYPES);
      if (obj.model_type === undefined) check.fail('model_type', 'missing', 'Field required', obj);
      check.done();
      const chosen: DefaultModel = { provider: provider as ModelProviderName, model_name: model_name as string, model_type: model_type as ModelType };
      const next = settings.get();
      if (chosen.model_type === 'language' && !providerModels(next, chosen.provider).some((m) => m.model_name === chosen.model_name)) {
        // A model of an OpenAI-compatible server or a local Ollama model: choosing it enables it.
        const own = providerSettings(next, chosen.provider);
        next.providers[chosen.provider] = { ...own, enabled_models: [...own.enabled_models, chosen.model_name] };
      }
      next[defaultKey(chosen.model_type)] = chosen;
      await settings.set(next);
      return { default_model: chosen };
    },

    async clearDefault(modelType) {
      const next = settings.get();
      next[defaultKey(readModelType(modelType))] = null;
      await settings.set(next);
      return { default_model: null };
    },

    providerStatus() {
      const current = settings.get();
      return MODEL_PROVIDERS.map((p) => status(current, p));
    },

    async updateProvider(name, body) {
      if (!isModelProvider(name)) throw new BadRequestError(`Unknown model provider "${name}": use ${MODEL_PROVIDERS.join(', ')}`);
      const provider = name;
      const obj = BodyChecker.object(body);
      const check = new BodyChecker(obj);
      const apiKey = check.string('api_key', { nullable: true, maxLength: 10_000 });
      const base = check.string('base_url', { nullable: true, maxLength: MAX_BASE_URL_LENGTH });
      const variableName = PROVIDER_INFO[provider].variable_name;
      if (apiKey !== undefined && apiKey.trim() !== '' && variableName === null) check.fail('api_key', 'value_error', `Value error, ${provider} needs no API key`, '…');
      const trimmedBase = base?.trim() ?? '';
      if (trimmedBase && !/^https?:\/\/[^\s/]+/i.test(trimmedBase) && !/^[\w.-]+:\d+$/.test(trimmedBase)) {
        check.fail('base_url', 'url_parsing', 'Input should be a valid URL (http:// or https://)', base);
      }
      check.done();
      if (variableName !== null && (apiKey !== undefined || obj.api_key === null)) await saveKey(variables, clock, variableName, apiKey?.trim() ?? '');
      if (base !== undefined || obj.base_url === null) {
        const next = settings.get();
        next.providers[provider] = { ...providerSettings(next, provider), base_url: trimmedBase.replace(/\/+$/, '') };
        await settings.set(next);
      }
      return status(settings.get(), provider);
    },

    access: () => ({ settings: () => settings.get() }),
  };
}

/** The key as the provider's Credential variable: created, replaced, or (empty) removed. */
async function saveKey(variables: VariableStore, clock: Clock, name: string, value: string): Promise<void> {
  const current = variables.getByName(name);
  if (!value) {
    if (current) await variables.delete(current.id);
    return;
  }
  const now = clock.now();
  if (current) await variables.put({ ...current, value, type: 'Credential', updated_at: now });
  else await variables.create({ id: clock.uuid(), name, value, type: 'Credential', default_fields: [], created_at: now, updated_at: now });
}

