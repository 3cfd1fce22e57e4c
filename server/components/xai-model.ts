/** Langflow's xAI (`xAIModel`): xAI's OpenAI-compatible API (Grok models) through the `openai` client. */
import { MODEL_CATALOG } from '../../shared/model-providers.js';
import { defineComponent } from '../engine/define-component.js';
import { JSON_MODE_FIELD, LC_BASE_FIELDS, MODEL_KWARGS_FIELD, MODEL_OUTPUTS, SEED_FIELD, apiKeyField, baseUrlField, maxTokensField, temperatureSlider } from './models/model-fields.js';
import { describeCompatible, requestFromFields } from './models/openai-compatible.js';
import { runModel } from './models/run-model.js';

const XAI_MODELS = [...MODEL_CATALOG.xAI];

export default defineComponent({
  type: 'xAIModel',
  display_name: 'xAI',
  description: 'Generates text using xAI models like Grok.',
  category: 'Models',
  icon: 'xAI',
  fields: [
    ...LC_BASE_FIELDS,
    maxTokensField(),
    MODEL_KWARGS_FIELD,
    JSON_MODE_FIELD,
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: XAI_MODELS, combobox: true, default: XAI_MODELS[0], info: 'The xAI model to use' },
    baseUrlField('base_url', 'xAI API Base', 'https://api.x.ai/v1', 'The base URL of the xAI API. Defaults to https://api.x.ai/v1', { advanced: true }),
    apiKeyField('xAI API Key', 'XAI_API_KEY', 'The xAI API Key to use for the model.', { required: true }),
    temperatureSlider(0.1, 2),
    SEED_FIELD,
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    return runModel(await describeCompatible('xAI', requestFromFields(inputs, 'base_url', { model: XAI_MODELS[0]!, temperature: 0.1 }), ctx), inputs, ctx);
  },
});
