/**
 * Langflow's NVIDIA (`NVIDIAModelComponent`): NVIDIA's API catalog (or a self-hosted NIM), which
 * speaks OpenAI's chat completions, through the `openai` client. Detailed Thinking prefixes the
 * system message with NVIDIA's "detailed thinking on" line, as Langflow does.
 */
import { defineComponent } from '../engine/define-component.js';
import { asBoolean } from '../engine/field-values.js';
import { LC_BASE_FIELDS, MODEL_OUTPUTS, SEED_FIELD, apiKeyField, baseUrlField, maxTokensField, temperatureSlider } from './models/model-fields.js';
import { describeCompatible, requestFromFields } from './models/openai-compatible.js';
import { runModel } from './models/run-model.js';
import { resolveText } from '../engine/resolve-text.js';

/** The exact text NVIDIA's reasoning models are trained on. */
const DETAILED_THINKING_PREFIX = 'detailed thinking on\n\n';

export default defineComponent({
  type: 'NVIDIAModelComponent',
  display_name: 'NVIDIA',
  description: 'Generates text using NVIDIA LLMs.',
  category: 'Models',
  icon: 'NVIDIA',
  fields: [
    ...LC_BASE_FIELDS,
    maxTokensField(),
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: [], combobox: true, default: '', info: 'The name of the NVIDIA model to use (e.g. meta/llama-3.1-8b-instruct).' },
    { name: 'detailed_thinking', display_name: 'Detailed Thinking', kind: 'bool', default: false, info: 'If true, the model will return a detailed thought process. Only supported by reasoning models.' },
    { name: 'tool_model_enabled', display_name: 'Enable Tool Models', kind: 'bool', default: false, info: 'If enabled, only show models that support tool-calling.' },
    baseUrlField('base_url', 'NVIDIA Base URL', 'https://integrate.api.nvidia.com/v1', 'The base URL of the NVIDIA API. Defaults to https://integrate.api.nvidia.com/v1.'),
    apiKeyField('NVIDIA API Key', 'NVIDIA_API_KEY', 'The NVIDIA API Key.'),
    temperatureSlider(0.1, 1, { info: 'Run inference with this temperature.' }),
    SEED_FIELD,
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    const request = requestFromFields(inputs, 'base_url', { model: '', temperature: 0.1 });
    // As Langflow: `temperature or 0.1`.
    const model = await describeCompatible('NVIDIA', { ...request, temperature: request.temperature || 0.1 }, ctx);
    if (!asBoolean(inputs.detailed_thinking, false)) return runModel(model, inputs, ctx);
    return runModel(model, { ...inputs, system_message: DETAILED_THINKING_PREFIX + (await resolveText(inputs.system_message)) }, ctx);
  },
});
