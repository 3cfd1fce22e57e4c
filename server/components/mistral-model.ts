/** Langflow's MistralAI (`MistralModel`): Mistral's chat-completions API, OpenAI-compatible, through the `openai` client. */
import { MODEL_CATALOG } from '../../shared/model-providers.js';
import { defineComponent } from '../engine/define-component.js';
import { asInteger, asNumber } from '../engine/field-values.js';
import { LC_BASE_FIELDS, MODEL_OUTPUTS, apiKeyField, baseUrlField, maxTokensField } from './models/model-fields.js';
import { describeCompatible, requestFromFields } from './models/openai-compatible.js';
import { runModel } from './models/run-model.js';

const MISTRAL_MODELS = [...MODEL_CATALOG.Mistral];

export default defineComponent({
  type: 'MistralModel',
  display_name: 'MistralAI',
  description: 'Generates text using MistralAI LLMs.',
  category: 'Models',
  icon: 'MistralAI',
  fields: [
    ...LC_BASE_FIELDS,
    maxTokensField(),
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: MISTRAL_MODELS.slice(1).concat(MISTRAL_MODELS[0]!), default: 'codestral-latest' },
    baseUrlField(
      'mistral_api_base',
      'Mistral API Base',
      '',
      'The base URL of the Mistral API. Defaults to https://api.mistral.ai/v1. You can change this to use other APIs like JinaChat, LocalAI and Prem.',
      { advanced: true },
    ),
    apiKeyField('Mistral API Key', 'MISTRAL_API_KEY', 'The Mistral API Key to use for the Mistral model.', { required: true }),
    { name: 'temperature', display_name: 'Temperature', kind: 'float', default: 0.1, advanced: true },
    { name: 'max_retries', display_name: 'Max Retries', kind: 'int', default: 5, advanced: true, info: 'Kept for Langflow; Flowdesk does not retry a model call.' },
    { name: 'timeout', display_name: 'Timeout', kind: 'int', default: 60, advanced: true, info: 'Seconds to wait for the API.' },
    { name: 'max_concurrent_requests', display_name: 'Max Concurrent Requests', kind: 'int', default: 3, advanced: true },
    { name: 'top_p', display_name: 'Top P', kind: 'float', default: 1, advanced: true },
    { name: 'random_seed', display_name: 'Random Seed', kind: 'int', default: 1, advanced: true },
    { name: 'safe_mode', display_name: 'Safe Mode', kind: 'bool', default: false, advanced: true },
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    const request = requestFromFields(inputs, 'mistral_api_base', { model: 'codestral-latest', temperature: 0.1 });
    // Mistral's names for the seed, top_p and safe mode (its `safe_prompt`).
    const modelKwargs = { random_seed: asInteger(inputs.random_seed, 1), top_p: asNumber(inputs.top_p, 1), ...(inputs.safe_mode === true ? { safe_prompt: true } : {}) };
    return runModel(await describeCompatible('Mistral', { ...request, modelKwargs }, ctx), inputs, ctx);
  },
});
