/**
 * Astra DB for the starter census: a local Data API (test/support/fake-astra.ts). The server gets the
 * token variable and ASTRA_DB_API_ENDPOINT (the starters choose no database), and each Astra DB node
 * the census collection's name (the starters ship with none chosen). Hybrid Search RAG is not listed:
 * its node names a real Astra endpoint, which no tweak may replace while the token is a stored variable.
 */
import { startFakeAstra } from '../../support/fake-astra.js';
import type { CensusService, Json } from './types.js';

const TOKEN = 'AstraCS:census';

const astra: CensusService = {
  name: 'Astra DB',
  mustRun: ['Vector Store RAG.json'],
  async start() {
    const fake = await startFakeAstra({ token: TOKEN });
    return {
      env: { ASTRA_DB_APPLICATION_TOKEN: TOKEN, ASTRA_DB_API_ENDPOINT: fake.url },
      tweaks: (node: Json) => (node.data?.type === 'AstraDB' ? { collection_name: 'census_rag' } : undefined),
      close: () => fake.close(),
    };
  },
};

export default astra;
