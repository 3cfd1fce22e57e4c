/**
 * Langflow's vLLM (`vLLMModel`): a vLLM server's OpenAI-compatible API through the `openai` client.
 * With Auto Select Model on and no model named, the server's first model (or the first matching
 * Model Name Pattern) from `GET /v1/models` is used, as Langflow does.
 */
import { defineComponent, type RunContext } from '../engine/define-component.js';
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import type { LanguageModelDescriptor } from '../engine/language-model.js';
import { JSON_MODE_FIELD, LC_BASE_FIELDS, MODEL_KWARGS_FIELD, MODEL_OUTPUTS, apiKeyField, baseUrlField, maxTokensField, temperatureSlider } from './models/model-fields.js';
import { describeCompatible, requestFromFields } from './models/openai-compatible.js';
import { listModels } from './models/chat-client.js';
import { runModel } from './models/run-model.js';

export default defineComponent({
  type: 'vLLMModel',
  display_name: 'vLLM',
  description: 'Generates text using vLLM models via OpenAI-compatible API.',
  category: 'Models',
  icon: 'vLLM',
  fields: [
    ...LC_BASE_FIELDS,
    maxTokensField(),
    MODEL_KWARGS_FIELD,
    JSON_MODE_FIELD,
    baseUrlField('api_base', 'vLLM API Base', 'http://localhost:8000/v1', 'Base URL of the vLLM OpenAI-compatible server. You can provide either http://host:port or http://host:port/v1'),
    { name: 'auto_select_model', display_name: 'Auto Select Model', kind: 'bool', default: true, info: 'If True, fetches available models from GET /v1/models and auto-selects one.' },
    {
      name: 'model_name_pattern',
      display_name: 'Model Name Pattern (Regex)',
      kind: 'str',
      default: '',
      advanced: true,
      info: "Optional regex to pick a preferred model id from /v1/models. Example: 'granite|llama|mistral'. If no match, falls back to the first model.",
    },
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: [], combobox: true, default: '', info: 'Auto-fetched from GET /v1/models. Use refresh if empty.' },
    apiKeyField('API Key', 'VLLM_API_KEY', 'The API Key to use for the vLLM model (optional for local servers).'),
    temperatureSlider(0.1, 1, { advanced: false }),
    { name: 'seed', display_name: 'Seed', kind: 'int', default: -1, advanced: true, info: 'Controls the reproducibility of the job. Set to -1 to disable (some providers may not support).' },
    { name: 'max_retries', display_name: 'Max Retries', kind: 'int', default: -1, advanced: true, info: 'Kept for Langflow; Flowdesk does not retry a model call.' },
    { name: 'timeout', display_name: 'Timeout', kind: 'int', default: -1, advanced: true, info: 'Timeout for requests to vLLM completion API, in seconds. Set to -1 to disable (Flowdesk then waits 700 s).' },
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    const seed = asInteger(inputs.seed, -1) ?? -1;
    const request = requestFromFields(inputs, 'api_base', { model: 'auto', temperature: 0.1 });
    const described = await describeCompatible('vLLM', { ...request, seed: seed === -1 ? undefined : seed }, ctx);
    const named = asString(inputs.model_name).trim();
    if (named || !asBoolean(inputs.auto_select_model, true)) {
      if (!named) throw new Error('No vLLM model chosen: set Model Name, or turn on Auto Select Model');
      return runModel(described, inputs, ctx);
    }
    return runModel(await autoSelected(described, asString(inputs.model_name_pattern), ctx), inputs, ctx);
  },
});

/** The server's first model, or the first whose id matches the pattern (an invalid pattern is ignored, as in Langflow). */
async function autoSelected(model: LanguageModelDescriptor, pattern: string, ctx: RunContext): Promise<LanguageModelDescriptor> {
  const ids = (await listModels(model, ctx.signal)).sort();
  if (ids.length === 0) throw new Error(`The vLLM server at ${model.client.baseURL} lists no model (GET /models): set Model Name`);
  let matcher: RegExp | undefined;
  try {
    matcher = pattern.trim() ? new RegExp(pattern.trim()) : undefined;
  } catch {
    matcher = undefined;
  }
  return { ...model, model: ids.find((id) => matcher?.test(id)) ?? ids[0]! };
}
