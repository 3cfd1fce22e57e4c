/** Langflow's LM Studio (`LMStudioModel`): a local LM Studio server's OpenAI-compatible API through the `openai` client. */
import { defineComponent } from '../engine/define-component.js';
import { LC_BASE_FIELDS, MODEL_KWARGS_FIELD, MODEL_OUTPUTS, SEED_FIELD, apiKeyField, baseUrlField, maxTokensField } from './models/model-fields.js';
import { describeCompatible, requestFromFields } from './models/openai-compatible.js';
import { runModel } from './models/run-model.js';

export default defineComponent({
  type: 'LMStudioModel',
  display_name: 'LM Studio',
  description: 'Generate text using LM Studio Local LLMs.',
  category: 'Models',
  icon: 'LMStudio',
  fields: [
    ...LC_BASE_FIELDS,
    maxTokensField(),
    MODEL_KWARGS_FIELD,
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: [], combobox: true, default: '', info: 'The model loaded in LM Studio.' },
    baseUrlField('base_url', 'Base URL', 'http://localhost:1234/v1', "Endpoint of the LM Studio API. Defaults to 'http://localhost:1234/v1' if not specified."),
    apiKeyField('LM Studio API Key', 'LMSTUDIO_API_KEY', 'The LM Studio API Key to use for LM Studio (LM Studio needs none unless it is set up to).', { advanced: true }),
    { name: 'temperature', display_name: 'Temperature', kind: 'float', default: 0.1, advanced: true },
    SEED_FIELD,
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    return runModel(await describeCompatible('LM Studio', requestFromFields(inputs, 'base_url', { model: '', temperature: 0.1 }), ctx), inputs, ctx);
  },
});
