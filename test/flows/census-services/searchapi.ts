/** SearchApi (the Search API node of the Travel Planning Agents starter), faked locally; the starter's key field is empty, so the key comes from SEARCHAPI_API_KEY. */
import { startFakeSearchApi } from '../../support/fake-searchapi.js';
import type { CensusService } from './types.js';

const service: CensusService = {
  name: 'SearchApi',
  mustRun: ['Travel Planning Agents.json'],
  async start() {
    const fake = await startFakeSearchApi();
    return { env: { SEARCHAPI_BASE_URL: fake.baseURL, SEARCHAPI_API_KEY: fake.key }, close: () => fake.close() };
  },
};
export default service;
