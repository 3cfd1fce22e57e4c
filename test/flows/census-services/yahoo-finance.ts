/** Yahoo Finance (YfinanceComponent): Sequential Tasks Agents also needs Tavily, so no starter runs with it alone. */
import { startFakeYahooFinance } from '../../support/fake-yahoo-finance.js';
import type { CensusService } from './types.js';

const service: CensusService = {
  name: 'Yahoo! Finance',
  mustRun: [],
  async start() {
    const fake = await startFakeYahooFinance();
    return { env: { YAHOO_FINANCE_BASE_URL: fake.url, YAHOO_FINANCE_COOKIE_URL: `${fake.url}/fc` }, close: () => fake.close() };
  },
};
export default service;
