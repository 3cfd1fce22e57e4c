/** Langflow's "Ollama Embeddings" (`OllamaEmbeddings`): an Embeddings handle for a local Ollama server (`/api/embed`). */
import { asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { EMBEDDINGS_OUTPUTS, OLLAMA_EMBEDDING_MODELS, describeOllamaEmbeddings } from './models/embedding-fields.js';
import { OLLAMA_DEFAULT_BASE_URL } from './models/provider-defaults.js';

export default defineComponent({
  type: 'OllamaEmbeddings',
  display_name: 'Ollama Embeddings',
  description: 'Generate embeddings using Ollama models.',
  category: 'Embeddings',
  icon: 'Ollama',
  fields: [
    { name: 'model_name', display_name: 'Ollama Model', kind: 'dropdown', options: OLLAMA_EMBEDDING_MODELS, combobox: true, required: true, default: '' },
    {
      name: 'base_url',
      display_name: 'Ollama Base URL',
      kind: 'str',
      default: '',
      required: true,
      input_types: ['Message'],
      info: `Endpoint of the Ollama API. Empty: OLLAMA_BASE_URL or OLLAMA_HOST, else ${OLLAMA_DEFAULT_BASE_URL}.`,
    },
  ],
  outputs: EMBEDDINGS_OUTPUTS,

  async run(inputs, ctx) {
    return { embeddings: describeOllamaEmbeddings({ model: asString(inputs.model_name), baseUrl: inputs.base_url }, ctx) };
  },
});
