/** Langflow's Groq (`GroqModel`): Groq's OpenAI-compatible API through the `openai` client (models/openai-compatible.ts). */
import { MODEL_CATALOG } from '../../shared/model-providers.js';
import { defineComponent } from '../engine/define-component.js';
import { LC_BASE_FIELDS, MODEL_OUTPUTS, apiKeyField, baseUrlField, maxTokensField, temperatureSlider } from './models/model-fields.js';
import { describeCompatible, requestFromFields } from './models/openai-compatible.js';
import { runModel } from './models/run-model.js';

const GROQ_MODELS = [...MODEL_CATALOG.Groq];

export default defineComponent({
  type: 'GroqModel',
  display_name: 'Groq',
  description: 'Generate text using Groq.',
  category: 'Models',
  icon: 'Groq',
  fields: [
    ...LC_BASE_FIELDS,
    apiKeyField('Groq API Key', 'GROQ_API_KEY', 'API key for the Groq API.'),
    baseUrlField('base_url', 'Groq API Base', 'https://api.groq.com', 'Base URL path for API requests, leave blank if not using a proxy or service emulator.', { advanced: true }),
    maxTokensField('Max Output Tokens', 'The maximum number of tokens to generate.'),
    temperatureSlider(0.1, 1, { info: 'Run inference with this temperature. Must by in the closed interval [0.0, 1.0].' }),
    { name: 'n', display_name: 'N', kind: 'int', default: 0, advanced: true, info: 'Number of chat completions to generate for each prompt. Only the first is used.' },
    { name: 'model_name', display_name: 'Model', kind: 'dropdown', options: GROQ_MODELS, combobox: true, default: GROQ_MODELS[0], info: 'The name of the model to use. Add your Groq API key to access additional available models.' },
    { name: 'tool_model_enabled', display_name: 'Enable Tool Models', kind: 'bool', default: false, info: 'Select if you want to use models that can work with tools. If yes, only those models will be shown.' },
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    return runModel(await describeCompatible('Groq', requestFromFields(inputs, 'base_url', { model: GROQ_MODELS[0]!, temperature: 0.1 }), ctx), inputs, ctx);
  },
});
