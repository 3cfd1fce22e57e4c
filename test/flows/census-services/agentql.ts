/** AgentQL (Extract Web Data): News Aggregator runs with it alone; Price Deal Finder also needs Tavily. */
import { AGENTQL_TEST_KEY, startFakeAgentQL } from '../../support/fake-agentql.js';
import type { CensusService } from './types.js';

const service: CensusService = {
  name: 'AgentQL',
  mustRun: ['News Aggregator.json'],
  async start() {
    const fake = await startFakeAgentQL();
    return { env: { AGENTQL_BASE_URL: fake.url, AGENTQL_API_KEY: AGENTQL_TEST_KEY }, close: () => fake.close() };
  },
};
export default service;
