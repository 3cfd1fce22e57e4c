/**
 * OpenAI chat completions (or any OpenAI-compatible endpoint). With `stream` on, the answer is a
 * TextStream that fills while the model is still writing.
 */
import { asBoolean, asInteger, asNumber, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import type { LanguageModelDescriptor } from '../engine/language-model.js';
import { Secret } from '../engine/secret.js';
import { MODEL_CATALOG } from '../../shared/model-providers.js';
import { settingsBaseUrl } from './models/model-selection.js';
import { providerKey, runModel } from './models/run-model.js';

export const OPENAI_MODELS = [...MODEL_CATALOG.OpenAI];
const DEFAULT_TIMEOUT_SECONDS = 700;

export default defineComponent({
  type: 'OpenAIModel',
  display_name: 'OpenAI',
  description: 'Generates text using OpenAI LLMs.',
  category: 'Models',
  icon: 'OpenAI',
  fields: [
    { name: 'input_value', display_name: 'Input', kind: 'multiline', default: '', input_types: ['Message'] },
    {
      name: 'system_message',
      display_name: 'System Message',
      kind: 'multiline',
      default: '',
      input_types: ['Message'],
      info: 'System message to pass to the model.',
    },
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: OPENAI_MODELS, combobox: true, default: 'gpt-4o-mini' },
    {
      name: 'api_key',
      display_name: 'OpenAI API Key',
      kind: 'secret',
      load_from_db: true,
      default: '',
      info: 'The OpenAI API key. Empty: the OPENAI_API_KEY environment variable.',
    },
    {
      name: 'openai_api_base',
      sends_secret: 'api_key',
      display_name: 'OpenAI API Base',
      kind: 'str',
      default: '',
      advanced: true,
      info: 'Base URL of the API. Empty: the OpenAI base URL of Settings → Model Providers, else OPENAI_BASE_URL, else https://api.openai.com/v1. Any OpenAI-compatible API works.',
    },
    { name: 'temperature', display_name: 'Temperature', kind: 'slider', default: 0.1, range: { min: 0, max: 2, step: 0.01 } },
    {
      name: 'max_tokens',
      display_name: 'Max Tokens',
      kind: 'int',
      default: 0,
      advanced: true,
      info: 'The maximum number of tokens to generate. 0: no limit.',
    },
    { name: 'seed', display_name: 'Seed', kind: 'int', default: 1, advanced: true, info: 'The seed controls the reproducibility of the job.' },
    { name: 'timeout', display_name: 'Timeout', kind: 'int', default: DEFAULT_TIMEOUT_SECONDS, advanced: true, info: 'Seconds to wait for the API.' },
    { name: 'stream', display_name: 'Stream', kind: 'bool', default: false, advanced: true, info: 'Stream the response token by token.' },
  ],
  outputs: [
    { name: 'text_output', display_name: 'Model Response', types: ['Message'] },
    { name: 'model_output', display_name: 'Language Model', types: ['LanguageModel'] },
  ],

  async run(inputs, ctx) {
    return runModel(await describeOpenAI(inputs, ctx), inputs, ctx);
  },
});

export async function describeOpenAI(inputs: FieldValues, ctx: RunContext): Promise<LanguageModelDescriptor> {
  const apiKey = await providerKey(inputs.api_key, 'OPENAI_API_KEY', ctx);
  if (!apiKey) throw new Error('No OpenAI API key: set the api_key field, a global variable, or OPENAI_API_KEY');
  const model = asString(inputs.model_name).trim() || 'gpt-4o-mini';
  // Reasoning models refuse sampling parameters.
  const reasoning = /^(o\d|gpt-5)/.test(model);
  const maxTokens = asInteger(inputs.max_tokens, 0) ?? 0;
  const timeoutSeconds = asInteger(inputs.timeout, DEFAULT_TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS;
  return {
    provider: 'openai',
    model,
    client: {
      apiKey: new Secret(apiKey),
      baseURL: asString(inputs.openai_api_base).trim() || settingsBaseUrl('OpenAI', ctx) || ctx.env.OPENAI_BASE_URL || null,
      timeoutMs: (timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000,
    },
    temperature: reasoning ? undefined : asNumber(inputs.temperature, 0.1),
    maxTokens: maxTokens > 0 ? maxTokens : undefined,
    seed: reasoning ? undefined : asInteger(inputs.seed, 1),
    stream: asBoolean(inputs.stream, false),
  };
}
