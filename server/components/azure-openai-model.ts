/**
 * Langflow's Azure OpenAI (`AzureOpenAIModel`): a deployment of an Azure OpenAI resource, through
 * the `openai` package's `AzureOpenAI` class (the `api-key` header, `/openai/deployments/{name}/…`
 * and the `api-version` query), the same chat code as OpenAI's (models/openai-chat.ts).
 */
import { PROVIDER_INFO } from '../../shared/model-providers.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { asBoolean, asNumber, asString } from '../engine/field-values.js';
import type { LanguageModelDescriptor } from '../engine/language-model.js';
import { Secret } from '../engine/secret.js';
import { LC_BASE_FIELDS, MODEL_OUTPUTS, apiKeyField, maxTokensField, normalizeBaseUrl, temperatureSlider } from './models/model-fields.js';
import { configuredBaseUrl } from './models/model-selection.js';
import { requiredKey, runModel } from './models/run-model.js';

/** Langflow's AZURE_OPENAI_API_VERSIONS, newest first; the default is the newest that is not a preview. */
export const AZURE_OPENAI_API_VERSIONS = [
  '2025-02-01-preview',
  '2025-01-01-preview',
  '2024-12-01-preview',
  '2024-10-01-preview',
  '2024-09-01-preview',
  '2024-08-01-preview',
  '2024-07-01-preview',
  '2024-06-01',
  '2024-03-01-preview',
  '2024-02-15-preview',
  '2023-12-01-preview',
  '2023-05-15',
];
const DEFAULT_API_VERSION = '2024-06-01';
const TIMEOUT_MS = 600_000;
const KEY_VARIABLE = PROVIDER_INFO['Azure OpenAI'].variable_name as string;

export default defineComponent({
  type: 'AzureOpenAIModel',
  display_name: 'Azure OpenAI',
  description: 'Generate text using Azure OpenAI LLMs.',
  category: 'Models',
  icon: 'Azure',
  fields: [
    ...LC_BASE_FIELDS,
    {
      name: 'azure_endpoint',
      display_name: 'Azure Endpoint',
      kind: 'str',
      default: '',
      required: true,
      sends_secret: 'api_key',
      info: 'Your Azure endpoint, including the resource. Example: `https://example-resource.azure.openai.com/`. Empty: the Azure OpenAI base URL of Settings → Model Providers, else AZURE_OPENAI_ENDPOINT.',
    },
    { name: 'azure_deployment', display_name: 'Deployment Name', kind: 'str', default: '', required: true },
    apiKeyField('Azure Chat OpenAI API Key', KEY_VARIABLE, 'The key of the Azure OpenAI resource.', { required: true }),
    { name: 'api_version', display_name: 'API Version', kind: 'dropdown', options: AZURE_OPENAI_API_VERSIONS, default: DEFAULT_API_VERSION },
    temperatureSlider(1, 2, { info: 'Controls randomness. Lower values are more deterministic, higher values are more creative.' }),
    maxTokensField(),
  ],
  outputs: MODEL_OUTPUTS,

  async run(inputs, ctx) {
    return runModel(await describeAzure(inputs, ctx), inputs, ctx);
  },
});

export async function describeAzure(inputs: FieldValues, ctx: RunContext): Promise<LanguageModelDescriptor> {
  const endpoint = normalizeBaseUrl(asString(inputs.azure_endpoint) || configuredBaseUrl('Azure OpenAI', ctx));
  if (!endpoint) throw new Error('No Azure endpoint: set Azure Endpoint (https://<resource>.openai.azure.com), or the Azure OpenAI base URL in Settings → Model Providers, or AZURE_OPENAI_ENDPOINT');
  const deployment = asString(inputs.azure_deployment).trim();
  if (!deployment) throw new Error('No Azure deployment: set Deployment Name to the name of a deployment of your Azure OpenAI resource');
  const apiKey = await requiredKey(inputs.api_key, KEY_VARIABLE, 'Azure OpenAI', ctx);
  const maxTokens = asNumber(inputs.max_tokens, 0) ?? 0;
  return {
    provider: 'azure',
    label: 'Azure OpenAI',
    model: deployment,
    client: { apiKey: new Secret(apiKey), baseURL: endpoint, timeoutMs: TIMEOUT_MS },
    temperature: asNumber(inputs.temperature, 1),
    maxTokens: maxTokens > 0 ? Math.trunc(maxTokens) : undefined,
    seed: undefined,
    stream: asBoolean(inputs.stream, false),
    extra: { apiVersion: asString(inputs.api_version).trim() || DEFAULT_API_VERSION },
  };
}
