/**
 * Langflow's Google Generative AI (`GoogleGenerativeAIModel`): Gemini models through the official
 * `@google/genai` client (models/google-chat.ts). The key: the field, else GOOGLE_API_KEY. The
 * address: the Google Generative AI base URL of Settings → Model Providers, else GOOGLE_GEMINI_BASE_URL
 * (Langflow's component has no base URL field).
 */
import { MODEL_CATALOG, PROVIDER_INFO } from '../../shared/model-providers.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { asBoolean, asInteger, asNumber, asString } from '../engine/field-values.js';
import type { LanguageModelDescriptor } from '../engine/language-model.js';
import { Secret } from '../engine/secret.js';
import { LC_BASE_FIELDS, MODEL_OUTPUTS, apiKeyField, normalizeBaseUrl } from './models/model-fields.js';
import { configuredBaseUrl } from './models/model-selection.js';
import { requiredKey, runModel } from './models/run-model.js';

export const GOOGLE_MODELS = [...MODEL_CATALOG['Google Generative AI']];
const KEY_VARIABLE = PROVIDER_INFO['Google Generative AI'].variable_name as string;
const TIMEOUT_MS = 600_000;

export default defineComponent({
  type: 'GoogleGenerativeAIModel',
  display_name: 'Google Generative AI',
  description: 'Generate text using Google Generative AI.',
  category: 'Models',
  icon: 'GoogleGenerativeAI',
  fields: [
    ...LC_BASE_FIELDS,
    { name: 'max_output_tokens', display_name: 'Max Output Tokens', kind: 'int', default: 0, info: 'The maximum number of tokens to generate. 0: the model\'s limit.' },
    { name: 'model_name', display_name: 'Model', kind: 'dropdown', options: GOOGLE_MODELS, combobox: true, default: 'gemini-1.5-pro', info: 'The name of the model to use.' },
    apiKeyField('Google API Key', KEY_VARIABLE, 'The Google API Key to use for the Google Generative AI.', { required: true }),
    { name: 'top_p', display_name: 'Top P', kind: 'float', default: 0, advanced: true, info: 'The maximum cumulative probability of tokens to consider when sampling. 0: the model\'s default.' },
    {
      name: 'temperature',
      display_name: 'Temperature',
      kind: 'slider',
      default: 0.1,
      range: { min: 0, max: 1, step: 0.01 },
      info: 'Controls randomness. Lower values are more deterministic, higher values are more creative.',
    },
    { name: 'n', display_name: 'N', kind: 'int', default: 0, advanced: true, info: 'Number of chat completions to generate for each prompt. Only the first is used.' },
    { name: 'top_k', display_name: 'Top K', kind: 'int', default: 0, advanced: true, info: 'Decode using top-k sampling: consider the set of top_k most probable tokens. Must be positive. 0: the model\'s default.' },
    { name: 'tool_model_enabled', display_name: 'Tool Model Enabled', kind: 'bool', default: false, info: 'Whether to use the tool model.' },
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    return runModel(await describeGoogle(inputs, ctx), inputs, ctx);
  },
});

/**
 * `base_url` (not a field of Langflow's component) is how the Language Model passes the settings' address;
 * `timeout` (seconds, not a field either) how a caller shortens the 600 s wait.
 */
export async function describeGoogle(inputs: FieldValues, ctx: RunContext): Promise<LanguageModelDescriptor> {
  const apiKey = await requiredKey(inputs.api_key, KEY_VARIABLE, 'Google Generative AI', ctx);
  const baseURL = normalizeBaseUrl(asString(inputs.base_url) || configuredBaseUrl('Google Generative AI', ctx));
  const positive = (value: unknown) => {
    const n = asNumber(value, 0) ?? 0;
    return n > 0 ? n : undefined;
  };
  const maxTokens = positive(inputs.max_output_tokens);
  const topK = positive(inputs.top_k);
  const topP = positive(inputs.top_p);
  const extra = { ...(topK ? { topK: Math.trunc(topK) } : {}), ...(topP ? { topP } : {}) };
  return {
    provider: 'google',
    label: 'Google Generative AI',
    model: asString(inputs.model_name).trim() || 'gemini-1.5-pro',
    client: { apiKey: new Secret(apiKey), baseURL: baseURL || null, timeoutMs: (asInteger(inputs.timeout, 0) || TIMEOUT_MS / 1000) * 1000 },
    temperature: asNumber(inputs.temperature, 0.1),
    maxTokens: maxTokens ? Math.trunc(maxTokens) : undefined,
    seed: undefined,
    stream: asBoolean(inputs.stream, false),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}
