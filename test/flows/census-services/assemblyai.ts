/** AssemblyAI (Start Transcript and Poll Transcript): the Meeting Summary starter. */
import { startFakeAssemblyAI } from '../../support/fake-assemblyai.js';
import type { CensusService, Json } from './types.js';

const service: CensusService = {
  name: 'AssemblyAI',
  mustRun: ['Meeting Summary.json'],
  async start() {
    const fake = await startFakeAssemblyAI({
      transcribe: () => ({ text: 'Alice: the treasure map is ready. Bob: we dig on Friday.', utterances: [{ speaker: 'A', text: 'The treasure map is ready.', start: 0, end: 1800 }] }),
    });
    return {
      env: { ASSEMBLYAI_BASE_URL: fake.url, ASSEMBLYAI_API_KEY: fake.apiKey },
      // The starter ships with no audio: its Start Transcript node is given the census's uploaded MP3, as a user
      // would upload one; its Poll Transcript node polls faster than Langflow's 3 s.
      tweaks(node: Json, census) {
        if (node.data?.type === 'AssemblyAITranscriptionJobCreator') return { audio_file: census.files.audio };
        if (node.data?.type === 'AssemblyAITranscriptionJobPoller') return { polling_interval: 0.2 };
        return undefined;
      },
      close: () => fake.close(),
    };
  },
};

export default service;
