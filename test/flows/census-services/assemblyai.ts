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
      // The starter ships with no audio: its Start Transcript node is given an audio URL (a service's tweaks cannot
      // reach the census's uploaded file); its Poll Transcript node polls faster than Langflow's 3 s.
      tweaks(node: Json) {
        if (node.data?.type === 'AssemblyAITranscriptionJobCreator') return { audio_file_url: 'https://media.example/meeting.mp3' };
        if (node.data?.type === 'AssemblyAITranscriptionJobPoller') return { polling_interval: 0.2 };
        return undefined;
      },
      close: () => fake.close(),
    };
  },
};

export default service;
