/** Needle (the `needle` retriever): the Invoice Summarizer starter runs with it, pointed at the fake's invoice collection. */
import { NEEDLE_TEST_KEY, startFakeNeedle } from '../../support/fake-needle.js';
import type { CensusService, Json } from './types.js';

const service: CensusService = {
  name: 'Needle',
  mustRun: ['Invoice Summarizer.json'],
  async start() {
    const fake = await startFakeNeedle();
    return {
      env: { NEEDLE_BASE_URL: `${fake.url}/api/v1`, NEEDLE_API_KEY: NEEDLE_TEST_KEY },
      // The starter ships with "<ENTER YOUR COLLECTION ID>": choose the fake's collection, as a user would.
      tweaks: (node: Json) => (node.data?.type === 'needle' ? { collection_id: 'clt_invoices' } : undefined),
      close: () => fake.close(),
    };
  },
};
export default service;
