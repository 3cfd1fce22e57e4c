/**
 * Langflow's OpenRouter (`OpenRouterComponent`): OpenRouter's OpenAI-compatible API through the
 * `openai` client, with its attribution headers (`HTTP-Referer` from Site URL, `X-Title` from App Name).
 */
import { defineComponent } from '../engine/define-component.js';
import { asString } from '../engine/field-values.js';
import { LC_BASE_FIELDS, MODEL_OUTPUTS, apiKeyField, maxTokensField, temperatureSlider } from './models/model-fields.js';
import { describeCompatible, requestFromFields } from './models/openai-compatible.js';
import { runModel } from './models/run-model.js';

/** Langflow's placeholder until it has listed OpenRouter's models. */
const LOADING = 'Loading...';

export default defineComponent({
  type: 'OpenRouterComponent',
  display_name: 'OpenRouter',
  description: 'OpenRouter provides unified access to multiple AI models from different providers through a single API.',
  category: 'Models',
  icon: 'OpenRouter',
  fields: [
    ...LC_BASE_FIELDS,
    apiKeyField('API Key', 'OPENROUTER_API_KEY', 'Your OpenRouter API key.', { required: true }),
    { name: 'model_name', display_name: 'Model', kind: 'dropdown', options: [LOADING], combobox: true, default: LOADING, required: true, info: 'An OpenRouter model id, e.g. openai/gpt-4o-mini.' },
    temperatureSlider(0.7, 2),
    maxTokensField('Max Tokens', 'The maximum number of tokens to generate. 0: the model\'s limit.'),
    { name: 'site_url', display_name: 'Site URL', kind: 'str', default: '', advanced: true, info: 'Sent as the HTTP-Referer header for OpenRouter attribution.' },
    { name: 'app_name', display_name: 'App Name', kind: 'str', default: '', advanced: true, info: 'Sent as the X-Title header for OpenRouter attribution.' },
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    const model = asString(inputs.model_name).trim();
    if (!model || model === LOADING) throw new Error('Please select a model: set Model to an OpenRouter model id (e.g. openai/gpt-4o-mini)');
    const headers: Record<string, string> = {};
    if (asString(inputs.site_url).trim()) headers['HTTP-Referer'] = asString(inputs.site_url).trim();
    if (asString(inputs.app_name).trim()) headers['X-Title'] = asString(inputs.app_name).trim();
    // Langflow's component has no base URL field: the settings or OPENROUTER_BASE_URL move it.
    const request = requestFromFields(inputs, null, { model, temperature: 0.7 });
    return runModel(await describeCompatible('OpenRouter', { ...request, headers }, ctx), inputs, ctx);
  },
});
