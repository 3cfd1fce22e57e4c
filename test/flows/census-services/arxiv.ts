/** arXiv (the Research Translation Loop starter's paper search), faked locally; no key. */
import { startFakeArxiv } from '../../support/fake-arxiv.js';
import type { CensusService } from './types.js';

const service: CensusService = {
  name: 'arXiv',
  mustRun: ['Research Translation Loop.json'],
  async start() {
    const fake = await startFakeArxiv();
    return { env: { ARXIV_BASE_URL: fake.baseURL }, close: () => fake.close() };
  },
};
export default service;
