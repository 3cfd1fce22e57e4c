/**
 * Langflow's generic "Language Model" (`LanguageModelComponent`): one node, the provider picked by
 * a field (OpenAI, Anthropic or Ollama), the same Input, System Message and outputs as the
 * provider-specific components. Langflow 1.7's single `model` field (`[{name, provider}]`) is read too.
 */
import { asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import type { LanguageModelDescriptor } from '../engine/language-model.js';
import { describeAnthropic } from './anthropic-model.js';
import { INPUT_FIELD, MODEL_OUTPUTS, STREAM_FIELD, SYSTEM_MESSAGE_FIELD, temperatureField, ANTHROPIC_MODELS, OLLAMA_MODELS } from './models/model-fields.js';
import { runModel } from './models/run-model.js';
import { describeOllama } from './ollama-model.js';
import { describeOpenAI, OPENAI_MODELS } from './openai-model.js';

export const PROVIDERS = ['OpenAI', 'Anthropic', 'Ollama'] as const;
type Provider = (typeof PROVIDERS)[number];

const DEFAULT_MODEL: Record<Provider, string> = { OpenAI: 'gpt-4o-mini', Anthropic: 'claude-3-5-sonnet-latest', Ollama: 'llama3.2' };

/** Langflow 1.7's single model selection, kept by the Language Model and the Agent alike. */
export const LANGFLOW_MODEL_FIELD = {
  name: 'model',
  display_name: 'Language Model (Langflow 1.7)',
  kind: 'dict',
  default: null,
  advanced: true,
  info: 'Langflow 1.7 keeps provider and model in one field: [{"name": …, "provider": …}]. When set, it wins over Model Provider and Model Name.',
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
      default: 'OpenAI',
      info: 'Select the model provider.',
    },
    {
      name: 'model_name',
      display_name: 'Model Name',
      kind: 'dropdown',
      options: [...OPENAI_MODELS, ...ANTHROPIC_MODELS, ...OLLAMA_MODELS],
      combobox: true,
      default: 'gpt-4o-mini',
      info: "Select the model to use. Empty: the provider's usual default.",
    },
    {
      name: 'api_key',
      display_name: 'API Key',
      kind: 'secret',
      load_from_db: true,
      default: '',
      info: 'Model provider API key. Empty: the OPENAI_API_KEY or ANTHROPIC_API_KEY global or environment variable (Ollama needs none).',
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
      info: 'Endpoint of the provider API. Empty: OPENAI_BASE_URL / ANTHROPIC_BASE_URL, else the provider\'s own.',
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

export async function describeLanguageModel(inputs: FieldValues, ctx: RunContext): Promise<LanguageModelDescriptor> {
  const { provider, model } = selection(inputs);
  const modelName = model || DEFAULT_MODEL[provider];
  switch (provider) {
    case 'OpenAI':
      return describeOpenAI({ ...inputs, model_name: modelName, openai_api_base: inputs.base_url, seed: undefined }, ctx);
    case 'Anthropic':
      return describeAnthropic({ ...inputs, model_name: modelName, max_tokens: undefined }, ctx);
    case 'Ollama':
      return describeOllama({ ...inputs, model_name: modelName }, ctx, asString(inputs.ollama_base_url).trim() ? 'ollama_base_url' : 'base_url');
  }
}

/** The provider and model the node asks for; an unsupported provider fails naming it. */
function selection(inputs: FieldValues): { provider: Provider; model: string } {
  const picked = Array.isArray(inputs.model) ? (inputs.model[0] as unknown) : undefined;
  let rawProvider = asString(inputs.provider).trim() || 'OpenAI';
  let model = asString(inputs.model_name).trim();
  if (typeof picked === 'object' && picked !== null) {
    const entry = picked as { name?: unknown; provider?: unknown };
    if (typeof entry.provider === 'string' && entry.provider) rawProvider = entry.provider;
    // Langflow names its single Ollama entry after the class, not a model.
    if (typeof entry.name === 'string' && entry.name && entry.name !== 'ChatOllama') model = entry.name;
  }
  const provider = PROVIDERS.find((p) => p.toLowerCase() === rawProvider.toLowerCase());
  if (!provider) throw new Error(`Model provider "${rawProvider}" is not supported: use ${PROVIDERS.join(', ')}`);
  return { provider, model };
}
