/**
 * Langflow's generic "Language Model" (`LanguageModelComponent`): one node, the provider picked by
 * a field (Langflow 1.8's list: OpenAI, Anthropic, Google Generative AI, Ollama), the same Input,
 * System Message and outputs as the provider-specific components. The default model of the
 * settings may be of any provider Flowdesk has (Groq, Azure OpenAI, …). Langflow 1.7's single `model` field (`[{name, provider}]`) is read too;
 * a node that names no model uses the default model of the model-provider settings (model-selection.ts).
 */
import { asNumber, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { isLanguageModel, type LanguageModelDescriptor } from '../engine/language-model.js';
import { describeAnthropic } from './anthropic-model.js';
import { LANGUAGE_MODEL_PROVIDERS } from '../../shared/model-providers.js';
import { describeAzure } from './azure-openai-model.js';
import { describeGoogle, GOOGLE_MODELS } from './google-generative-ai-model.js';
import { INPUT_FIELD, MODEL_OUTPUTS, STREAM_FIELD, SYSTEM_MESSAGE_FIELD, temperatureField, ANTHROPIC_MODELS, OLLAMA_MODELS } from './models/model-fields.js';
import { describeCompatible } from './models/openai-compatible.js';
import { chooseModel, settingsBaseUrl } from './models/model-selection.js';
import { runModel } from './models/run-model.js';
import { describeOllama } from './ollama-model.js';
import { describeOpenAI, OPENAI_MODELS } from './openai-model.js';

export const PROVIDERS = LANGUAGE_MODEL_PROVIDERS;

/** The model names the Language Model and the Agent offer (any other name is accepted too). */
export const LANGUAGE_MODEL_NAMES = [...OPENAI_MODELS, ...ANTHROPIC_MODELS, ...GOOGLE_MODELS, ...OLLAMA_MODELS];

/** Langflow 1.7's single model selection, kept by the Language Model and the Agent alike. */
export const LANGFLOW_MODEL_FIELD = {
  name: 'model',
  display_name: 'Language Model (Langflow 1.7)',
  kind: 'dict',
  default: null,
  advanced: true,
  info: 'Langflow 1.7 keeps provider and model in one field: [{"name": …, "provider": …}]. When set, it wins over Model Provider and Model Name; empty ([]) with no provider or model named: the default model of Settings → Model Providers.',
} as const;

export default defineComponent({
  type: 'LanguageModelComponent',
  display_name: 'Language Model',
  description: 'Runs a language model given a specified provider.',
  category: 'Models',
  icon: 'brain-circuit',
  fields: [
    {
      name: 'provider',
      display_name: 'Model Provider',
      kind: 'dropdown',
      options: [...PROVIDERS],
      default: '',
      info: 'Select the model provider. Empty (with an empty Model Name): the default model of Settings → Model Providers.',
    },
    {
      name: 'model_name',
      display_name: 'Model Name',
      kind: 'dropdown',
      options: LANGUAGE_MODEL_NAMES,
      combobox: true,
      default: '',
      info: "Select the model to use. Empty: the default model of Settings → Model Providers if it is this provider's, else the provider's usual one.",
    },
    {
      name: 'api_key',
      display_name: 'API Key',
      kind: 'secret',
      load_from_db: true,
      default: '',
      info: "Model provider API key. Empty: the provider's global or environment variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_API_KEY; Ollama needs none).",
    },
    INPUT_FIELD,
    { ...SYSTEM_MESSAGE_FIELD, kind: 'multiline' },
    STREAM_FIELD,
    { ...temperatureField(1), advanced: true },
    {
      name: 'base_url',
      sends_secret: 'api_key',
      display_name: 'API Base URL',
      kind: 'str',
      default: '',
      advanced: true,
      info: "Endpoint of the provider API. Empty: the provider's base URL of Settings → Model Providers, else its *_BASE_URL variable (OPENAI_BASE_URL, ANTHROPIC_BASE_URL, GOOGLE_GEMINI_BASE_URL), else the provider's own.",
    },
    {
      name: 'ollama_base_url',
      display_name: 'Ollama API URL',
      kind: 'str',
      default: '',
      advanced: true,
      info: 'Endpoint of the Ollama API (Ollama only). Empty: OLLAMA_BASE_URL or OLLAMA_HOST, else http://localhost:11434.',
    },
    LANGFLOW_MODEL_FIELD,
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    return runModel(await describeLanguageModel(inputs, ctx), inputs, ctx);
  },
});

/**
 * The model a node that takes Langflow's model selection uses, not streamed: `connected` (a Language
 * Model output wired in) as it is, else the selection in `model` with the API key field (for Ollama,
 * that field holds the base URL, as in Langflow).
 */
export async function selectedModel(inputs: FieldValues, ctx: RunContext, connected: unknown): Promise<LanguageModelDescriptor> {
  if (isLanguageModel(connected)) return { ...connected, stream: false };
  const empty = inputs.model === undefined || inputs.model === null || inputs.model === '';
  if (!empty && !Array.isArray(inputs.model)) {
    throw new Error(`A model selection is required: Language Model holds ${JSON.stringify(inputs.model)}, not [{"name": …, "provider": …}] or a connected model`);
  }
  const selection = Array.isArray(inputs.model) ? inputs.model : [];
  const provider = asString((selection[0] as { provider?: unknown } | undefined)?.provider);
  const described = await describeLanguageModel(
    { model: selection, api_key: inputs.api_key, ...(provider.toLowerCase() === 'ollama' ? { base_url: inputs.api_key, api_key: '' } : {}), stream: false },
    ctx,
  );
  return { ...described, stream: false };
}

export async function describeLanguageModel(inputs: FieldValues, ctx: RunContext): Promise<LanguageModelDescriptor> {
  const { provider, model, fromSettings } = await chooseModel(inputs, ctx);
  // A model the settings chose is reached at the settings' address; one the node names, at the node's.
  const at = (own: unknown) => (fromSettings ? settingsBaseUrl(provider, ctx) || own : own);
  switch (provider) {
    case 'OpenAI':
      return describeOpenAI({ ...inputs, model_name: model, openai_api_base: at(inputs.base_url), seed: undefined }, ctx);
    case 'Anthropic':
      return describeAnthropic({ ...inputs, model_name: model, base_url: at(inputs.base_url), max_tokens: undefined }, ctx);
    case 'Ollama':
      return describeOllama({ ...inputs, model_name: model, base_url: at(asString(inputs.ollama_base_url).trim() || asString(inputs.base_url).trim()) }, ctx);
    case 'Google Generative AI':
      return describeGoogle({ ...inputs, model_name: model, base_url: at(inputs.base_url) }, ctx);
    case 'Azure OpenAI':
      return describeAzure({ ...inputs, azure_endpoint: at(inputs.base_url), azure_deployment: model, max_tokens: undefined }, ctx);
    default:
      return describeCompatible(provider, { apiKey: inputs.api_key, baseUrl: at(inputs.base_url), model, temperature: asNumber(inputs.temperature, 0.1), maxTokens: undefined, stream: inputs.stream }, ctx);
  }
}
