/** A local model served by Ollama (`/api/chat`). With `stream` on, the answer is a TextStream. */
import { asBoolean, asInteger, asNumber, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import type { LanguageModelDescriptor } from '../engine/language-model.js';
import { Secret } from '../engine/secret.js';
import { OLLAMA_DEFAULT_BASE_URL } from './models/provider-defaults.js';
import { INPUT_FIELD, MODEL_OUTPUTS, OLLAMA_MODELS, STREAM_FIELD, SYSTEM_MESSAGE_FIELD, normalizeBaseUrl, temperatureField, timeoutField } from './models/model-fields.js';
import { settingsBaseUrl } from './models/model-selection.js';
import { runModel } from './models/run-model.js';

const DEFAULT_TIMEOUT_SECONDS = 600;

export default defineComponent({
  type: 'OllamaModel',
  display_name: 'Ollama',
  description: 'Generate text using Ollama Local LLMs.',
  category: 'Models',
  icon: 'Ollama',
  fields: [
    INPUT_FIELD,
    SYSTEM_MESSAGE_FIELD,
    {
      name: 'base_url',
      display_name: 'Base URL',
      kind: 'str',
      default: '',
      info: `Endpoint of the Ollama API. Empty: the Ollama URL of Settings → Model Providers, else OLLAMA_BASE_URL or OLLAMA_HOST, else ${OLLAMA_DEFAULT_BASE_URL}.`,
    },
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: OLLAMA_MODELS, combobox: true, default: 'llama3.2' },
    temperatureField(1),
    { name: 'format', display_name: 'Format', kind: 'str', default: '', advanced: true, info: 'Specify the format of the output (e.g. json).' },
    { name: 'num_ctx', display_name: 'Context Window Size', kind: 'int', default: 0, advanced: true, info: 'Size of the context window for generating tokens. 0: the model\'s default.' },
    { name: 'top_k', display_name: 'Top K', kind: 'int', default: 0, advanced: true, info: 'Limits token selection to top K. 0: the model\'s default.' },
    { name: 'top_p', display_name: 'Top P', kind: 'float', default: 0, advanced: true, info: 'Works together with top-k. 0: the model\'s default.' },
    { name: 'stop_tokens', display_name: 'Stop Tokens', kind: 'str', default: '', advanced: true, info: 'Comma-separated list of tokens to signal the model to stop generating text.' },
    timeoutField(DEFAULT_TIMEOUT_SECONDS),
    STREAM_FIELD,
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    return runModel(describeOllama(inputs, ctx), inputs, ctx);
  },
});

export function describeOllama(inputs: FieldValues, ctx: RunContext, baseUrlField = 'base_url'): LanguageModelDescriptor {
  const baseURL = normalizeBaseUrl(asString(inputs[baseUrlField]) || settingsBaseUrl('Ollama', ctx) || ctx.env.OLLAMA_BASE_URL || ctx.env.OLLAMA_HOST || '');
  const timeoutSeconds = asInteger(inputs.timeout, DEFAULT_TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS;
  const positive = (value: unknown) => {
    const n = asNumber(value, undefined);
    return n !== undefined && n > 0 ? n : undefined;
  };
  const stop = asString(inputs.stop_tokens).split(',').map((s) => s.trim()).filter(Boolean);
  const extra: Record<string, unknown> = {};
  if (asString(inputs.format).trim()) extra.format = asString(inputs.format).trim();
  const numCtx = positive(inputs.num_ctx);
  const topK = positive(inputs.top_k);
  const topP = positive(inputs.top_p);
  if (numCtx !== undefined) extra.num_ctx = Math.trunc(numCtx);
  if (topK !== undefined) extra.top_k = Math.trunc(topK);
  if (topP !== undefined) extra.top_p = topP;
  if (stop.length > 0) extra.stop = stop;
  return {
    provider: 'ollama',
    model: asString(inputs.model_name).trim() || 'llama3.2',
    client: { apiKey: new Secret(''), baseURL: baseURL || null, timeoutMs: (timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000 },
    temperature: asNumber(inputs.temperature, 0.1),
    maxTokens: undefined,
    seed: undefined,
    stream: asBoolean(inputs.stream, false),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}
