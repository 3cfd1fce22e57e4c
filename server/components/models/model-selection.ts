/**
 * Which provider and model a Language Model or Agent node uses. A node that names them (Langflow
 * 1.7's `model` field, or the Model Provider / Model Name fields) gets exactly that. A node that
 * names neither (`model: []`, as every Langflow starter has) gets the default model of the
 * model-provider settings, as in Langflow 1.7+; with no default, the first enabled model of the
 * first provider that can be used (its key is set); with none, the run fails saying how to set one.
 */
import { HOW_TO_SET_DEFAULT_MODEL, MODEL_CATALOG, MODEL_PROVIDERS, PROVIDER_INFO, enabledModels, findProvider, providerSettings, type ModelProviderName } from '../../../shared/model-providers.js';
import { asString } from '../../engine/field-values.js';
import type { FieldValues, RunContext } from '../../engine/define-component.js';

/** The model a node that names only its provider gets (unless the default model is of that provider): the catalog's first, but for these. */
const PROVIDER_DEFAULT_MODEL: Partial<Record<ModelProviderName, string>> = { OpenAI: 'gpt-4o-mini', Anthropic: 'claude-3-5-sonnet-latest', Ollama: 'llama3.2' };

export interface ModelChoice {
  provider: ModelProviderName;
  model: string;
  /** Chosen by the settings (the node named no model): the settings' base URL wins over the node's. */
  fromSettings: boolean;
}

/** What the node asks for: `model` (Langflow 1.7's list), `provider`, `model_name`. */
export async function chooseModel(inputs: FieldValues, ctx: RunContext): Promise<ModelChoice> {
  const picked = Array.isArray(inputs.model) ? (inputs.model[0] as unknown) : undefined;
  let rawProvider = asString(inputs.provider).trim();
  let model = asString(inputs.model_name).trim();
  if (typeof picked === 'object' && picked !== null) {
    const entry = picked as { name?: unknown; provider?: unknown };
    if (typeof entry.provider === 'string' && entry.provider) rawProvider = entry.provider;
    // Langflow names its single Ollama entry after the class, not a model.
    if (typeof entry.name === 'string' && entry.name && entry.name !== 'ChatOllama') model = entry.name;
  }
  const settings = ctx.models.settings();
  const fallback = settings.default_language_model;
  if (rawProvider) {
    const provider = findProvider(rawProvider);
    if (!provider) throw new Error(`Model provider "${rawProvider}" is not supported: use ${MODEL_PROVIDERS.join(', ')}`);
    const sameDefault = fallback?.provider === provider ? fallback.model_name : '';
    return { provider, model: model || sameDefault || PROVIDER_DEFAULT_MODEL[provider] || MODEL_CATALOG[provider][0] || '', fromSettings: false };
  }
  if (model) {
    const provider = MODEL_PROVIDERS.find((p) => enabledModels(settings, p).includes(model) || MODEL_CATALOG[p].includes(model)) ?? fallback?.provider ?? 'OpenAI';
    return { provider, model, fromSettings: false };
  }
  if (fallback) {
    if (!(await usable(fallback.provider, ctx))) {
      const variable = PROVIDER_INFO[fallback.provider].variable_name;
      if (variable === null) {
        throw new Error(`The default model (${fallback.provider} ${fallback.model_name}, from the model-provider settings) has no address: set ${fallback.provider}'s base URL in Settings → Model Providers, or ${PROVIDER_INFO[fallback.provider].base_url_env[0]}`);
      }
      throw new Error(
        `The default model (${fallback.provider} ${fallback.model_name}, from the model-provider settings) has no API key: set the ${variable} Credential variable ` +
          `(Settings → Model Providers in the editor, or POST /api/v1/variables/ {"name": "${variable}", "value": "…", "type": "Credential"})`,
      );
    }
    return { provider: fallback.provider, model: fallback.model_name, fromSettings: true };
  }
  for (const provider of MODEL_PROVIDERS) {
    const first = enabledModels(settings, provider)[0];
    if (first && (await usable(provider, ctx))) return { provider, model: first, fromSettings: true };
  }
  throw new Error(`No language model chosen on this node, no default model set and no model provider configured. ${HOW_TO_SET_DEFAULT_MODEL}`);
}

/** A provider can be used when its key is set (a global variable or the environment); Ollama, when its URL is. */
export async function usable(provider: ModelProviderName, ctx: RunContext): Promise<boolean> {
  const info = PROVIDER_INFO[provider];
  if (info.variable_name) return Boolean((await ctx.variables.get(info.variable_name)) || ctx.env[info.variable_name]);
  return Boolean(configuredBaseUrl(provider, ctx));
}

/** The provider's base URL from the settings, else from its environment variables; '' when neither. */
export function configuredBaseUrl(provider: ModelProviderName, ctx: RunContext): string {
  const own = providerSettings(ctx.models.settings(), provider).base_url.trim();
  if (own) return own;
  for (const name of PROVIDER_INFO[provider].base_url_env) {
    const value = ctx.env[name]?.trim();
    if (value) return value;
  }
  return '';
}

/** The settings' base URL for the provider ('' when none). */
export function settingsBaseUrl(provider: ModelProviderName, ctx: RunContext): string {
  return providerSettings(ctx.models.settings(), provider).base_url.trim();
}
