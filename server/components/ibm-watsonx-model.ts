/**
 * Langflow's "IBM watsonx.ai" (`IBMwatsonxModel`): a foundation model of watsonx.ai through its chat
 * API (models/watsonx-chat.ts): Langflow's fields and defaults, streaming, and as an Agent's model
 * (tool calling) or Structured Output's. The key: the field, else the WATSONX_APIKEY variable (the
 * name langchain-ibm reads). The endpoint field sends the key, so no tweak moves it while the key
 * comes from a variable; the IAM endpoint is configuration only (WATSONX_IAM_URL).
 */
import { asBoolean, asInteger, asNumber, asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import type { LanguageModelDescriptor } from '../engine/language-model.js';
import { Secret } from '../engine/secret.js';
import { LC_BASE_FIELDS, MODEL_OUTPUTS } from './models/model-fields.js';
import { requiredKey, runModel } from './models/run-model.js';
import { WATSONX_IAM_URL } from './models/watsonx-chat.js';

const KEY_VARIABLE = 'WATSONX_APIKEY';
const ENDPOINTS = [
  'https://us-south.ml.cloud.ibm.com',
  'https://eu-de.ml.cloud.ibm.com',
  'https://eu-gb.ml.cloud.ibm.com',
  'https://au-syd.ml.cloud.ibm.com',
  'https://jp-tok.ml.cloud.ibm.com',
  'https://ca-tor.ml.cloud.ibm.com',
];
const MODELS = ['ibm/granite-3-2b-instruct', 'ibm/granite-3-8b-instruct', 'ibm/granite-13b-instruct-v2'];
const slider = (name: string, display_name: string, value: number, min: number, max: number, info: string) =>
  ({ name, display_name, kind: 'slider', default: value, range: { min, max, step: 0.01 }, advanced: true, info }) as const;

export default defineComponent({
  type: 'IBMwatsonxModel',
  display_name: 'IBM watsonx.ai',
  description: 'Generate text using IBM watsonx.ai foundation models.',
  category: 'Models',
  icon: 'WatsonxAI',
  fields: [
    ...LC_BASE_FIELDS,
    { name: 'base_url', display_name: 'watsonx API Endpoint', kind: 'dropdown', options: ENDPOINTS, combobox: true, required: true, default: '', sends_secret: 'api_key', info: 'The base URL of the API.' },
    { name: 'project_id', display_name: 'watsonx Project ID', kind: 'str', required: true, default: '', info: 'The project ID or deployment space ID that is associated with the foundation model.' },
    { name: 'api_key', display_name: 'Watsonx API Key', kind: 'secret', load_from_db: true, required: true, default: '', info: `The API Key to use for the model. Empty: the ${KEY_VARIABLE} global or environment variable.` },
    { name: 'model_name', display_name: 'Model Name', kind: 'dropdown', options: MODELS, combobox: true, required: true, default: MODELS[0] },
    { name: 'max_tokens', display_name: 'Max Tokens', kind: 'int', default: 1000, advanced: true, info: 'The maximum number of tokens to generate.' },
    { name: 'stop_sequence', display_name: 'Stop Sequence', kind: 'str', default: '', advanced: true, info: 'Sequence where generation should stop.' },
    slider('temperature', 'Temperature', 0.1, 0, 2, 'Controls randomness, higher values increase diversity.'),
    slider('top_p', 'Top P', 0.9, 0, 1, 'The cumulative probability cutoff for token selection. Lower values mean sampling from a smaller, more top-weighted nucleus.'),
    slider('frequency_penalty', 'Frequency Penalty', 0.5, -2, 2, 'Penalty for frequency of token usage.'),
    slider('presence_penalty', 'Presence Penalty', 0.3, -2, 2, 'Penalty for token presence in prior text.'),
    { name: 'seed', display_name: 'Random Seed', kind: 'int', default: 8, advanced: true, info: 'The random seed for the model.' },
    { name: 'logprobs', display_name: 'Log Probabilities', kind: 'bool', default: true, advanced: true, info: 'Whether to return log probabilities of the output tokens.' },
    { name: 'top_logprobs', display_name: 'Top Log Probabilities', kind: 'int', default: 3, advanced: true, info: 'Number of most likely tokens to return at each position.' },
    { name: 'logit_bias', display_name: 'Logit Bias', kind: 'str', default: '', advanced: true, info: 'JSON string of token IDs to bias or suppress (e.g., {"1003": -100, "1004": 100}).' },
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    const endpoint = asString(inputs.base_url).trim().replace(/\/+$/, '');
    if (!endpoint) throw new Error('IBM watsonx.ai needs an endpoint: choose the watsonx API Endpoint of your region (e.g. https://us-south.ml.cloud.ibm.com)');
    const projectId = asString(inputs.project_id).trim();
    if (!projectId) throw new Error('IBM watsonx.ai needs a project: set the watsonx Project ID (or deployment space ID)');
    const apiKey = await requiredKey(inputs.api_key, KEY_VARIABLE, 'IBM watsonx.ai', ctx);
    const model = asString(inputs.model_name).trim() || MODELS[0]!;
    const logitBias = parseLogitBias(asString(inputs.logit_bias));
    const stop = asString(inputs.stop_sequence);
    const logprobs = asBoolean(inputs.logprobs, true);
    const descriptor: LanguageModelDescriptor = {
      provider: 'watsonx',
      label: 'IBM watsonx.ai',
      model,
      client: { apiKey: new Secret(apiKey), baseURL: endpoint, timeoutMs: 600_000 },
      temperature: asNumber(inputs.temperature, 0.1),
      maxTokens: asInteger(inputs.max_tokens, 1000),
      seed: asInteger(inputs.seed, 8),
      stream: asBoolean(inputs.stream, false),
      extra: {
        projectId,
        iamUrl: ctx.env.WATSONX_IAM_URL?.trim() || WATSONX_IAM_URL,
        // Langflow's chat parameters (ChatWatsonx's params); time_limit in milliseconds.
        body: {
          top_p: asNumber(inputs.top_p, 0.9),
          frequency_penalty: asNumber(inputs.frequency_penalty, 0.5),
          presence_penalty: asNumber(inputs.presence_penalty, 0.3),
          ...(stop ? { stop: [stop] } : {}),
          logprobs,
          ...(logprobs ? { top_logprobs: asInteger(inputs.top_logprobs, 3) } : {}),
          ...(logitBias ? { logit_bias: logitBias } : {}),
          time_limit: 600_000,
        },
      },
    };
    return runModel(descriptor, inputs, ctx);
  },
});

/** Langflow's Logit Bias: JSON of token ids to biases; text that is not JSON gets Langflow's fallback. */
function parseLogitBias(text: string): Record<string, number> | undefined {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as Record<string, number>;
  } catch {
    return { '1003': -100, '1004': -100 };
  }
}
