/**
 * Langflow's Meeting Summary starter on a real server with an uploaded audio file: the file is
 * uploaded with `POST /api/v2/files`, given to AssemblyAI Start Transcript by a tweak, sent to the
 * (local) AssemblyAI, polled, and its transcript reaches the flow's outputs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAssemblyAI, type FakeAssemblyAI } from '../support/fake-assemblyai.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const STARTER = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters', 'Meeting Summary.json');
const AUDIO = 'RIFF fake wave bytes: Alice says the launch is on Friday.';

let aai: FakeAssemblyAI;
let openai: FakeOpenAI;
let server: SpawnedServer;
beforeAll(async () => {
  aai = await startFakeAssemblyAI({ transcribe: (audio) => ({ text: audio.uploaded ? `Heard: ${new TextDecoder().decode(audio.uploaded)}` : 'no upload' }) });
  openai = await startFakeOpenAI({ reply: 'A short summary.' });
  server = await spawnServer({ env: { ASSEMBLYAI_BASE_URL: aai.url, ASSEMBLYAI_API_KEY: aai.apiKey, OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-test' } });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await Promise.all([aai?.close(), openai?.close()]);
});

describe('Meeting Summary starter with an uploaded audio file', () => {
  it('uploads the file to AssemblyAI, polls the job, and puts the transcript in the outputs', async () => {
    expect((await request(server.url, 'POST', '/api/v1/models/default_model', { json: { provider: 'OpenAI', model_name: 'gpt-4o-mini', model_type: 'language' } })).status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([AUDIO], { type: 'audio/wav' }), 'meeting.wav');
    const uploaded = (await (await fetch(`${server.url}/api/v2/files`, { method: 'POST', body: form })).json()) as { path: string };

    const flow = JSON.parse(readFileSync(STARTER, 'utf8')) as { data: { nodes: { id: string; data: { type: string } }[] } };
    const idOf = (type: string) => flow.data.nodes.find((n) => n.data.type === type)?.id ?? '';
    const created = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: flow });
    expect(created.status).toBe(201);
    const flowId = (Array.isArray(created.body) ? created.body[0] : created.body).id as string;
    const tweaks = { [idOf('AssemblyAITranscriptionJobCreator')]: { audio_file: uploaded.path }, [idOf('AssemblyAITranscriptionJobPoller')]: { polling_interval: 0.1 } };
    const res = await request(server.url, 'POST', `/api/v1/run/${flowId}`, { json: { input_value: 'Summarize the meeting', tweaks } });
    expect(res.status, res.text).toBe(200);

    expect(new TextDecoder().decode(aai.uploads[0])).toBe(AUDIO);
    expect(aai.requests.map((r) => `${r.method} ${r.path}`).slice(0, 3)).toEqual(['POST /v2/upload', 'POST /v2/transcript', expect.stringMatching(/^GET \/v2\/transcript\//)]);
    expect(aai.requests[1]?.json).toMatchObject({ audio_url: `${aai.url}/upload/0`, speaker_labels: true, speech_model: 'best' });
    const texts = JSON.stringify(res.body.outputs);
    // The Parser (Stringify, "Text: {text}") shows the transcript; the model was asked about it.
    expect(texts).toContain(`Heard: ${AUDIO}`);
    expect(JSON.stringify(openai.requests.map((r) => r.body.messages))).toContain(`Heard: ${AUDIO}`);
  });
});
