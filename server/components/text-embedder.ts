/** Langflow's "Text Embedder" (`TextEmbedderComponent`, legacy): a message's text and its vector from the connected embedding model. */
import { makeData } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { isEmbeddings } from '../engine/embeddings.js';
import { resolveText } from '../engine/resolve-text.js';
import { embedTexts } from './models/embeddings-client.js';

export default defineComponent({
  type: 'TextEmbedderComponent',
  display_name: 'Text Embedder',
  description: 'Generate embeddings for a given message using the specified embedding model.',
  category: 'Embeddings',
  icon: 'binary',
  fields: [
    { name: 'embedding_model', display_name: 'Embedding Model', kind: 'str', input_types: ['Embeddings'], required: true, info: 'The embedding model to use for generating embeddings.' },
    { name: 'message', display_name: 'Message', kind: 'str', input_types: ['Message'], required: true, info: 'The message to generate embeddings for.' },
  ],
  outputs: [{ name: 'embeddings', display_name: 'Embedding Data', types: ['Data'] }],

  async run(inputs, ctx) {
    // As Langflow: any failure (no model, no text, the provider's error) is the answer, as an error Data.
    try {
      const model = inputs.embedding_model;
      if (!isEmbeddings(model)) throw new Error('Invalid or incompatible embedding model');
      const text = await resolveText(inputs.message);
      if (!text) throw new Error('No text content found in message');
      const [vector] = await embedTexts(model, [text], ctx.signal);
      if (!vector) throw new Error('Invalid embeddings generated');
      return { embeddings: makeData({ text, embeddings: vector }) };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      return { embeddings: makeData({ text: '', embeddings: [], error: (error as Error).message }) };
    }
  },
});
