/**
 * Langflow's "Knowledge Retrieval" (`KnowledgeRetrieval`; newer Langflow calls it `KnowledgeBase`):
 * the rows of a knowledge base nearest to the Search Query, embedded with the knowledge base's own
 * embedding model, as a DataFrame (`content`, `_score` the cosine similarity, and the row's
 * metadata). Without a query, the first Top K rows.
 */
import { makeData } from '../../shared/data.js';
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import type { VectorMatch } from '../engine/vectors.js';
import { KNOWLEDGE_BASE_FIELD, knowledgeApiKeyField, knowledgeEmbeddings } from './lib/knowledge.js';
import { embedQuery } from './models/embeddings-client.js';

export default defineComponent({
  type: 'KnowledgeRetrieval',
  aliases: ['KnowledgeBase'],
  display_name: 'Knowledge Retrieval',
  description: 'Search and retrieve data from knowledge.',
  category: 'Knowledge',
  icon: 'download',
  fields: [
    KNOWLEDGE_BASE_FIELD,
    knowledgeApiKeyField("API key for the embedding provider to generate embeddings. Empty: the knowledge base's key variable (or OPENAI_API_KEY)."),
    { name: 'search_query', display_name: 'Search Query', kind: 'str', default: '', input_types: ['Message'], info: 'Optional search query to filter knowledge base data.' },
    { name: 'top_k', display_name: 'Top K Results', kind: 'int', default: 5, advanced: true, info: 'Number of top results to return from the knowledge base.' },
    { name: 'include_metadata', display_name: 'Include Metadata', kind: 'bool', default: true, info: 'Whether to include all metadata in the output. If false, only content is returned.' },
    {
      name: 'include_embeddings',
      display_name: 'Include Embeddings',
      kind: 'bool',
      default: false,
      advanced: true,
      info: "Whether to include embeddings in the output. Only applicable if 'Include Metadata' is enabled.",
    },
  ],
  outputs: [{ name: 'retrieve_data', display_name: 'Results', types: ['DataFrame'] }],

  async run(inputs, ctx) {
    const kb = await ctx.vectors.knowledgeBase(asString(inputs.knowledge_base).trim());
    const topK = Math.max(1, asInteger(inputs.top_k, 5) ?? 5);
    const query = (await resolveText(inputs.search_query)).trim();
    let matches: (VectorMatch | { record: VectorMatch['record']; score?: undefined })[];
    if (query) {
      const embeddings = await knowledgeEmbeddings(kb.metadata, inputs.api_key, kb.metadata.chunk_size, ctx);
      matches = await kb.collection.search(await embedQuery(embeddings, query, ctx.signal), topK);
    } else {
      matches = (await kb.collection.list(topK)).map((record) => ({ record }));
    }
    const includeMetadata = asBoolean(inputs.include_metadata, true);
    const includeEmbeddings = asBoolean(inputs.include_embeddings, false);
    const rows = matches.map(({ record, score }) =>
      makeData(
        {
          content: record.text,
          ...(score === undefined ? {} : { _score: score }),
          ...(includeMetadata ? record.metadata : {}),
          ...(includeEmbeddings ? { _embeddings: record.vector } : {}),
        },
        'content',
      ),
    );
    return { retrieve_data: rows };
  },
});
