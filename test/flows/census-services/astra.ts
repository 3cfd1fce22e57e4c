/**
 * Astra DB for the starter census: a local Data API (test/support/fake-astra.ts). The server gets the
 * token variable and ASTRA_DB_API_ENDPOINT (the starters choose no database), and each Astra DB node
 * the census collection's name (the starters ship with none chosen).
 */
import { startFakeAstra } from '../../support/fake-astra.js';
import { fakeEmbedding } from '../../support/fake-provider.js';
import type { CensusService, Json } from './types.js';

const TOKEN = 'AstraCS:census';
const HYBRID = 'census_hybrid';
const DIMENSIONS = 64;

const astra: CensusService = {
  name: 'Astra DB',
  mustRun: ['Vector Store RAG.json', 'Hybrid Search RAG.json'],
  async start() {
    const fake = await startFakeAstra({ token: TOKEN });
    // A collection as Hybrid Search RAG expects one: vectorize, lexical and rerank on, with a few reviews in it.
    const texts = ['The treasure is buried under the old palm.', 'A pirate film with a weak plot but a great score.', 'Dig at dawn and bring a lantern.'];
    fake.keyspaces.set('default_keyspace', new Map([[HYBRID, {
      options: {
        vector: { dimension: DIMENSIONS, metric: 'cosine', service: { provider: 'nvidia', modelName: 'NV-Embed-QA' } },
        lexical: { enabled: true, analyzer: 'STANDARD' },
        rerank: { enabled: true, service: { provider: 'nvidia', modelName: 'nvidia/llama-3.2-nv-rerankqa-1b-v2' } },
      },
      docs: texts.map((text, i) => ({ _id: `review-${i}`, $vectorize: text, $vector: fakeEmbedding(text, DIMENSIONS), $lexical: text, metadata: { source: `review-${i}` } })),
    }]]));
    return {
      env: { ASTRA_DB_APPLICATION_TOKEN: TOKEN, ASTRA_DB_API_ENDPOINT: fake.url },
      // The user points the starters at their own database and collection before running them, as here:
      // Hybrid Search RAG names a real Astra endpoint, which no tweak may replace while the token is a stored
      // variable. A node fed an embedding model gets the RAG collection (made by its ingestion); one without
      // searches the hybrid collection made above, which embeds on Astra's side (vectorize).
      prepare(flow: Json) {
        const embedded = new Set((flow.data.edges as Json[]).filter((e) => e.data?.targetHandle?.fieldName === 'embedding_model').map((e) => e.target as string));
        for (const node of flow.data.nodes as Json[]) {
          const template = node.data?.type === 'AstraDB' ? node.data.node?.template : undefined;
          if (!template) continue;
          if (template.api_endpoint) template.api_endpoint.value = fake.url;
          template.collection_name.value = embedded.has(node.id) ? 'census_rag' : HYBRID;
        }
        return flow;
      },
      close: () => fake.close(),
    };
  },
};

export default astra;
