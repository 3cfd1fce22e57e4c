/** ScrapeGraph AI (ScrapeGraphSearchApi): the Search agent starter runs with it. */
import { SCRAPEGRAPH_TEST_KEY, startFakeScrapeGraph } from '../../support/fake-scrapegraph.js';
import type { CensusService } from './types.js';

const service: CensusService = {
  name: 'ScrapeGraph AI',
  mustRun: ['Search agent.json'],
  async start() {
    const fake = await startFakeScrapeGraph();
    return { env: { SCRAPEGRAPH_BASE_URL: `${fake.url}/v1`, SCRAPEGRAPH_API_KEY: SCRAPEGRAPH_TEST_KEY }, close: () => fake.close() };
  },
};
export default service;
