/** Langflow's DeepSeek (`DeepSeekModelComponent`): DeepSeek's OpenAI-compatible API through the `openai` client. */
import { MODEL_CATALOG } from '../../shared/model-providers.js';
import { defineComponent } from '../engine/define-component.js';
import { JSON_MODE_FIELD, LC_BASE_FIELDS, MODEL_KWARGS_FIELD, MODEL_OUTPUTS, SEED_FIELD, apiKeyField, baseUrlField, maxTokensField, temperatureSlider } from './models/model-fields.js';
import { describeCompatible, requestFromFields } from './models/openai-compatible.js';
import { runModel } from './models/run-model.js';

export default defineComponent({
  type: 'DeepSeekModelComponent',
  display_name: 'DeepSeek',
  description: 'Generate text using DeepSeek LLMs.',
  category: 'Models',
  icon: 'DeepSeek',
  fields: [
    ...LC_BASE_FIELDS,
    maxTokensField('Max Tokens', 'Maximum number of tokens to generate. Set to 0 for unlimited.'),
    MODEL_KWARGS_FIELD,
    JSON_MODE_FIELD,
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: [...MODEL_CATALOG.DeepSeek], default: 'deepseek-chat', info: 'DeepSeek model to use' },
    baseUrlField('api_base', 'DeepSeek API Base', 'https://api.deepseek.com', 'Base URL for API requests. Defaults to https://api.deepseek.com', { advanced: true }),
    apiKeyField('DeepSeek API Key', 'DEEPSEEK_API_KEY', 'The DeepSeek API Key', { required: true }),
    temperatureSlider(1, 2, { info: 'Controls randomness in responses' }),
    SEED_FIELD,
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    return runModel(await describeCompatible('DeepSeek', requestFromFields(inputs, 'api_base', { model: 'deepseek-chat', temperature: 0.1 }), ctx), inputs, ctx);
  },
});
