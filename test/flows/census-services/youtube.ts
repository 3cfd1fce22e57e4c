/** YouTube (captions for YouTube Transcripts, the Data API for YouTube Comments): the Youtube Analysis starter. */
import { startFakeYouTube } from '../../support/fake-youtube.js';
import type { CensusService } from './types.js';

const service: CensusService = {
  name: 'YouTube',
  mustRun: ['Youtube Analysis.json'],
  async start() {
    // The census asks every starter the same question, so whatever "video" the Chat Input names has captions and comments.
    const fake = await startFakeYouTube({
      anyVideo: {
        captions: [{ languageCode: 'en', name: 'English', lines: [[0, 3, 'Welcome to the treasure hunt.'], [61, 2, 'The map is torn.']] }],
        comments: [
          { id: 'c1', author: 'alice', text: 'Great treasure video!', likes: 3 },
          { id: 'c2', author: 'bob', text: 'The map part was confusing.', likes: 1 },
        ],
      },
    });
    return {
      env: { YOUTUBE_BASE_URL: fake.url, YOUTUBE_API_BASE_URL: fake.dataApiUrl, YOUTUBE_API_KEY: fake.apiKey },
      close: () => fake.close(),
    };
  },
};

export default service;
