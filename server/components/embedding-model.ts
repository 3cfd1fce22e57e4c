/**
 * Langflow's unified "Embedding Model" (`EmbeddingModel`): one node, the provider picked by a
 * field (OpenAI, any OpenAI-compatible server through API Base URL, or Ollama). Langflow 1.7's
 * single `model` selection (`[{name, provider}]`) is read too. Its IBM watsonx.ai fields and the
 * progress bar are not fields here: an imported flow lists them in `ignored_fields`.
 */
import { asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues } from '../engine/define-component.js';
import {
  CHUNK_SIZE_FIELD,
  DIMENSIONS_FIELD,
  EMBEDDINGS_OUTPUTS,
  MAX_RETRIES_FIELD,
  MODEL_KWARGS_FIELD,
  OLLAMA_EMBEDDING_MODELS,
  OPENAI_EMBEDDING_MODELS,
  REQUEST_TIMEOUT_FIELD,
  describeOllamaEmbeddings,
  describeOpenAIEmbeddings,
} from './models/embedding-fields.js';

export const EMBEDDING_PROVIDERS = ['OpenAI', 'Ollama'] as const;
type Provider = (typeof EMBEDDING_PROVIDERS)[number];

export default defineComponent({
  type: 'EmbeddingModel',
  display_name: 'Embedding Model',
  description: 'Generate embeddings using a specified provider.',
  category: 'Embeddings',
  icon: 'binary',
  fields: [
    { name: 'provider', display_name: 'Model Provider', kind: 'dropdown', options: [...EMBEDDING_PROVIDERS], default: 'OpenAI', info: 'Select the embedding model provider.' },
    {
      name: 'model',
      display_name: 'Embedding Model',
      kind: 'dropdown',
      options: [...OPENAI_EMBEDDING_MODELS, ...OLLAMA_EMBEDDING_MODELS],
      combobox: true,
      required: true,
      default: 'text-embedding-3-small',
      info: 'The model to embed with. Langflow 1.7 keeps provider and model here as [{"name": …, "provider": …}].',
    },
    { name: 'api_key', display_name: 'API Key', kind: 'secret', load_from_db: true, default: '', info: 'Model Provider API key. Empty: the OPENAI_API_KEY global or environment variable (Ollama needs none).' },
    {
      name: 'api_base',
      sends_secret: 'api_key',
      display_name: 'API Base URL',
      kind: 'str',
      default: '',
      advanced: true,
      input_types: ['Message'],
      info: 'Base URL for the API. Leave empty for default (OpenAI: OPENAI_BASE_URL, else OpenAI; Ollama: OLLAMA_BASE_URL or OLLAMA_HOST, else localhost:11434).',
    },
    DIMENSIONS_FIELD,
    CHUNK_SIZE_FIELD,
    REQUEST_TIMEOUT_FIELD,
    MAX_RETRIES_FIELD,
    MODEL_KWARGS_FIELD,
  ],
  outputs: EMBEDDINGS_OUTPUTS,

  async run(inputs, ctx) {
    const { provider, model } = selection(inputs);
    if (provider === 'Ollama') {
      const embeddings = describeOllamaEmbeddings(
        { model: model || 'nomic-embed-text', baseUrl: inputs.api_base, timeout: inputs.request_timeout, dimensions: inputs.dimensions, chunkSize: inputs.chunk_size, modelKwargs: inputs.model_kwargs },
        ctx,
      );
      return { embeddings };
    }
    const embeddings = await describeOpenAIEmbeddings(
      {
        model: model || 'text-embedding-3-small',
        apiKey: inputs.api_key,
        baseUrl: inputs.api_base,
        chunkSize: inputs.chunk_size,
        dimensions: inputs.dimensions,
        timeout: inputs.request_timeout,
        maxRetries: inputs.max_retries,
        modelKwargs: inputs.model_kwargs,
      },
      ctx,
    );
    return { embeddings };
  },
});

/** The provider and model the node asks for; an unsupported provider fails naming it. */
function selection(inputs: FieldValues): { provider: Provider; model: string } {
  let rawProvider = asString(inputs.provider).trim() || 'OpenAI';
  let model = '';
  const picked = Array.isArray(inputs.model) ? (inputs.model[0] as unknown) : undefined;
  if (typeof picked === 'object' && picked !== null) {
    const entry = picked as { name?: unknown; provider?: unknown };
    if (typeof entry.provider === 'string' && entry.provider) rawProvider = entry.provider;
    if (typeof entry.name === 'string') model = entry.name.trim();
  } else model = asString(inputs.model).trim();
  const provider = EMBEDDING_PROVIDERS.find((p) => p.toLowerCase() === rawProvider.toLowerCase());
  if (!provider) throw new Error(`Embedding provider "${rawProvider}" is not supported: use ${EMBEDDING_PROVIDERS.join(', ')}`);
  return { provider, model };
}
