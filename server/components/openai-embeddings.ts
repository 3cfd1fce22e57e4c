/**
 * Langflow's "OpenAI Embeddings" (`OpenAIEmbeddings`): an Embeddings handle for OpenAI or any
 * OpenAI-compatible server. Langflow's fields that only tune its Python client (tiktoken, proxy,
 * Azure deployment and API type/version, progress bar, skip empty, context length) are not fields
 * here: an imported flow lists them in `ignored_fields`.
 */
import { asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import {
  CHUNK_SIZE_FIELD,
  DIMENSIONS_FIELD,
  EMBEDDINGS_OUTPUTS,
  MAX_RETRIES_FIELD,
  MODEL_KWARGS_FIELD,
  OPENAI_EMBEDDING_MODELS,
  REQUEST_TIMEOUT_FIELD,
  describeOpenAIEmbeddings,
  stringRecord,
} from './models/embedding-fields.js';

export default defineComponent({
  type: 'OpenAIEmbeddings',
  display_name: 'OpenAI Embeddings',
  description: 'Generate embeddings using OpenAI models.',
  category: 'Embeddings',
  icon: 'OpenAI',
  fields: [
    { name: 'default_headers', display_name: 'Default Headers', kind: 'dict', default: {}, advanced: true, info: 'Default headers to use for the API request.' },
    { name: 'default_query', display_name: 'Default Query', kind: 'dict', default: {}, advanced: true, info: 'Default query parameters to use for the API request.' },
    CHUNK_SIZE_FIELD,
    MAX_RETRIES_FIELD,
    { name: 'model', display_name: 'Model', kind: 'dropdown', options: OPENAI_EMBEDDING_MODELS, combobox: true, default: 'text-embedding-3-small' },
    MODEL_KWARGS_FIELD,
    {
      name: 'openai_api_key',
      display_name: 'OpenAI API Key',
      kind: 'secret',
      load_from_db: true,
      required: true,
      default: '',
      info: 'The OpenAI API key. Empty: the OPENAI_API_KEY global or environment variable.',
    },
    {
      name: 'openai_api_base',
      sends_secret: 'openai_api_key',
      display_name: 'OpenAI API Base',
      kind: 'str',
      default: '',
      advanced: true,
      input_types: ['Message'],
      info: 'Base URL of the API. Empty: OPENAI_BASE_URL, else https://api.openai.com/v1. Any OpenAI-compatible server works.',
    },
    { name: 'openai_organization', display_name: 'OpenAI Organization', kind: 'str', default: '', advanced: true, input_types: ['Message'], info: 'Sent as the OpenAI-Organization header.' },
    REQUEST_TIMEOUT_FIELD,
    DIMENSIONS_FIELD,
  ],
  outputs: EMBEDDINGS_OUTPUTS,

  async run(inputs, ctx) {
    const organization = asString(inputs.openai_organization).trim();
    const headers = { ...stringRecord(inputs.default_headers), ...(organization ? { 'OpenAI-Organization': organization } : {}) };
    const query = stringRecord(inputs.default_query);
    const embeddings = await describeOpenAIEmbeddings(
      {
        model: asString(inputs.model),
        apiKey: inputs.openai_api_key,
        baseUrl: inputs.openai_api_base,
        chunkSize: inputs.chunk_size,
        dimensions: inputs.dimensions,
        timeout: inputs.request_timeout,
        maxRetries: inputs.max_retries,
        modelKwargs: inputs.model_kwargs,
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        ...(query ? { query } : {}),
      },
      ctx,
    );
    return { embeddings };
  },
});
