/** Tavily (Tavily Search in the Research, Market Research and Instagram starters' agents), faked locally; the key comes from the TAVILY_API_KEY variable the starters name. */
import { startFakeTavily } from '../../support/fake-tavily.js';
import type { CensusService } from './types.js';

const service: CensusService = {
  name: 'Tavily',
  mustRun: ['Instagram Copywriter.json', 'Market Research.json', 'Research Agent.json'],
  async start() {
    const fake = await startFakeTavily();
    return { env: { TAVILY_BASE_URL: fake.baseURL, TAVILY_API_KEY: fake.key }, close: () => fake.close() };
  },
};
export default service;
