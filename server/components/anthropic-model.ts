/** Anthropic's Messages API (Claude models). With `stream` on, the answer is a TextStream. */
import { asBoolean, asInteger, asNumber, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import type { LanguageModelDescriptor } from '../engine/language-model.js';
import { Secret } from '../engine/secret.js';
import { ANTHROPIC_DEFAULT_MAX_TOKENS } from './models/provider-defaults.js';
import { ANTHROPIC_MODELS, INPUT_FIELD, MODEL_OUTPUTS, STREAM_FIELD, SYSTEM_MESSAGE_FIELD, normalizeBaseUrl, temperatureField, timeoutField } from './models/model-fields.js';
import { settingsBaseUrl } from './models/model-selection.js';
import { providerKey, runModel } from './models/run-model.js';

const DEFAULT_TIMEOUT_SECONDS = 600;

export default defineComponent({
  type: 'AnthropicModel',
  display_name: 'Anthropic',
  description: 'Generate text using Anthropic Chat&Completion LLMs with prefill support.',
  category: 'Models',
  icon: 'Anthropic',
  fields: [
    INPUT_FIELD,
    SYSTEM_MESSAGE_FIELD,
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: ANTHROPIC_MODELS, combobox: true, default: 'claude-3-5-sonnet-latest' },
    {
      name: 'api_key',
      display_name: 'Anthropic API Key',
      kind: 'secret',
      load_from_db: true,
      default: '',
      info: 'Your Anthropic API key. Empty: the ANTHROPIC_API_KEY global or environment variable.',
    },
    {
      name: 'max_tokens',
      display_name: 'Max Tokens',
      kind: 'int',
      default: ANTHROPIC_DEFAULT_MAX_TOKENS,
      advanced: true,
      info: 'The maximum number of tokens to generate.',
    },
    temperatureField(1),
    {
      name: 'base_url',
      sends_secret: 'api_key',
      display_name: 'Anthropic API URL',
      kind: 'str',
      default: '',
      advanced: true,
      info: 'Endpoint of the Anthropic API. Empty: the Anthropic base URL of Settings → Model Providers, else ANTHROPIC_BASE_URL, else https://api.anthropic.com.',
    },
    timeoutField(DEFAULT_TIMEOUT_SECONDS),
    STREAM_FIELD,
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    return runModel(await describeAnthropic(inputs, ctx), inputs, ctx);
  },
});

export async function describeAnthropic(inputs: FieldValues, ctx: RunContext): Promise<LanguageModelDescriptor> {
  const apiKey = await providerKey(inputs.api_key, 'ANTHROPIC_API_KEY', ctx);
  if (!apiKey) throw new Error('No Anthropic API key: set the api_key field, a global variable, or ANTHROPIC_API_KEY');
  const maxTokens = asInteger(inputs.max_tokens, ANTHROPIC_DEFAULT_MAX_TOKENS) ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
  const timeoutSeconds = asInteger(inputs.timeout, DEFAULT_TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS;
  const baseURL = normalizeBaseUrl(asString(inputs.base_url) || settingsBaseUrl('Anthropic', ctx) || ctx.env.ANTHROPIC_BASE_URL || '');
  return {
    provider: 'anthropic',
    model: asString(inputs.model_name).trim() || 'claude-3-5-sonnet-latest',
    client: { apiKey: new Secret(apiKey), baseURL: baseURL || null, timeoutMs: (timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000 },
    temperature: asNumber(inputs.temperature, 0.1),
    maxTokens: maxTokens > 0 ? maxTokens : ANTHROPIC_DEFAULT_MAX_TOKENS,
    seed: undefined,
    stream: asBoolean(inputs.stream, false),
  };
}
