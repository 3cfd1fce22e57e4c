/** Apify (Apify Actors as the Agent's tools): the Social Media Agent starter. */
import { startFakeApify, type FakeActor } from '../../support/fake-apify.js';
import type { CensusService } from './types.js';

const actor = (readme: string, property: string): FakeActor => ({
  readme,
  inputSchema: { title: 'Input', type: 'object', schemaVersion: 1, properties: { [property]: { title: property, type: 'array', description: `The ${property} to scrape.` } }, required: [property] },
  items: (input) => [{ input, text: `${readme} result` }],
});

const service: CensusService = {
  name: 'Apify',
  mustRun: ['Social Media Agent.json'],
  async start() {
    const fake = await startFakeApify({
      actors: {
        'clockworks/free-tiktok-scraper': actor('# TikTok Scraper', 'profiles'),
        'apify/google-search-scraper': actor('# Google Search Scraper', 'queries'),
      },
    });
    return { env: { APIFY_BASE_URL: fake.url, APIFY_TOKEN: fake.token }, close: () => fake.close() };
  },
};

export default service;
