/** AssemblyAI Start Transcript and Poll Transcript against a local AssemblyAI (upload, job, polling). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Creator from '../../server/components/assemblyai-transcription-job-creator.js';
import Poller from '../../server/components/assemblyai-transcription-job-poller.js';
import type { FileAccess } from '../../server/engine/define-component.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { createOutboundDispatchers } from '../../server/services/outbound-dispatcher.js';
import { createOutboundPolicy } from '../../server/services/outbound-policy.js';
import { isData, type Data } from '../../shared/data.js';
import { testContext } from '../engine/support.js';
import { startFakeAssemblyAI, type FakeAssemblyAI } from '../support/fake-assemblyai.js';

const defaults = (def: { fields: { name: string; default?: unknown }[] }) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));

/** Uploaded files: one audio file, by the path the upload answered. */
const FILES: FileAccess = {
  read: async (path) => {
    if (path !== 'user_files/meeting.wav') throw new Error(`No uploaded file at "${path}"`);
    return { path, name: 'meeting.wav', bytes: new TextEncoder().encode('Alice: we ship on Friday. Bob: agreed.') };
  },
  save: () => Promise.reject(new Error('not here')),
};

/** HTTP as a server whose own port is the fake's: the outbound rule refuses every request to it. */
const refusingHttp = (fakeUrl: string) => createHttpAccess({ outbound: createOutboundDispatchers(createOutboundPolicy({ ownPort: () => Number(new URL(fakeUrl).port) })) });

let aai: FakeAssemblyAI;
beforeAll(async () => {
  aai = await startFakeAssemblyAI({
    pollsBeforeDone: 2,
    transcribe: (audio) =>
      audio.url.endsWith('/silent.mp3')
        ? { text: '', error: 'Transcoding failed. File does not appear to contain audio.' }
        : {
            text: audio.uploaded ? new TextDecoder().decode(audio.uploaded) : `Audio at ${audio.url}`,
            utterances: [{ speaker: 'A', text: 'we ship on Friday.', start: 0, end: 900 }],
          },
  });
});
afterAll(async () => aai.close());

const ctx = (extra: Parameters<typeof testContext>[0] = {}) => testContext({ http: createHttpAccess(), env: { ASSEMBLYAI_BASE_URL: aai.url }, files: FILES, ...extra });
const create = async (values: Record<string, unknown>, extra: Parameters<typeof testContext>[0] = {}) =>
  (await Creator.run({ ...defaults(Creator), api_key: aai.apiKey, ...values }, ctx(extra))).transcript_id as Data;
const poll = async (job: unknown, values: Record<string, unknown> = {}, extra: Parameters<typeof testContext>[0] = {}) =>
  (await Poller.run({ ...defaults(Poller), api_key: aai.apiKey, transcript_id: job, polling_interval: 0.05, ...values }, ctx(extra))).transcription_result as Data;

describe('AssemblyAI Start Transcript and Poll Transcript', () => {
  it('uploads the audio file, starts the job with the options set, and the poller waits for the transcript', async () => {
    const before = aai.requests.length;
    const job = await create({ audio_file: 'user_files/meeting.wav', speaker_labels: true, speakers_expected: ' 2 ', language_code: 'en_us' });
    expect(isData(job)).toBe(true);
    expect(job.data).toEqual({ transcript_id: expect.stringMatching(/^5551722-/) });
    const [upload, start] = aai.requests.slice(before);
    expect(upload).toMatchObject({ method: 'POST', path: '/v2/upload', authorization: aai.apiKey, contentType: 'application/octet-stream' });
    expect(new TextDecoder().decode(aai.uploads.at(-1))).toBe('Alice: we ship on Friday. Bob: agreed.');
    expect(start).toMatchObject({ method: 'POST', path: '/v2/transcript', authorization: aai.apiKey });
    expect(start?.json).toEqual({
      audio_url: `${aai.url}/upload/${aai.uploads.length - 1}`,
      speech_model: 'best',
      language_detection: false,
      language_code: 'en_us',
      speaker_labels: true,
      speakers_expected: 2,
      punctuate: true,
      format_text: true,
    });

    const started = Date.now();
    const result = await poll(job);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const polls = aai.requests.slice(before + 2);
    expect(polls.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill(`GET /v2/transcript/${String(job.data.transcript_id)}`));
    // Langflow's order: text, utterances and id first, then the rest of AssemblyAI's answer.
    expect(Object.keys(result.data).slice(0, 4)).toEqual(['text', 'utterances', 'id', 'audio_url']);
    expect(result.data).toMatchObject({
      text: 'Alice: we ship on Friday. Bob: agreed.',
      utterances: [{ speaker: 'A', text: 'we ship on Friday.', start: 0, end: 900 }],
      id: job.data.transcript_id,
      status: 'completed',
      speaker_labels: true,
      confidence: 0.98,
    });
    expect(result.data.words).toHaveLength(7);
  });

  it('takes an audio URL instead of a file (without uploading), and leaves unset options out', async () => {
    const before = aai.requests.length;
    const job = await create({ audio_file: '', audio_file_url: 'https://media.example/call.mp3', speech_model: 'nano', punctuate: false });
    expect(aai.requests.slice(before).map((r) => r.path)).toEqual(['/v2/transcript']);
    expect(aai.requests.at(-1)?.json).toEqual({ audio_url: 'https://media.example/call.mp3', speech_model: 'nano', language_detection: false, speaker_labels: false, punctuate: false, format_text: true });
    expect((await poll(job)).data.text).toBe('Audio at https://media.example/call.mp3');
    // A tweak or text may give the bare id.
    expect((await poll(String(job.data.transcript_id))).data.text).toBe('Audio at https://media.example/call.mp3');
  });

  it("gives Langflow's error Data, which the poller passes on as it is", async () => {
    const none = await create({ audio_file: '', audio_file_url: '' });
    expect(none.data).toEqual({ error: 'Error: Either an audio file or an audio URL must be specified' });
    expect(await poll(none)).toBe(none);
    expect((await create({ audio_file: 'user_files/gone.wav' })).data).toEqual({ error: 'Error: Audio file not found' });
    expect((await create({ audio_file_url: 'https://x.example/a.mp3', speakers_expected: 'two' })).data).toEqual({ error: 'Error: Expected Number of Speakers must be a valid integer' });

    const failedJob = await create({ audio_file_url: 'https://x.example/silent.mp3' });
    expect((await poll(failedJob)).data).toEqual({ error: 'Transcoding failed. File does not appear to contain audio.' });
    expect((await poll({ transcript_id: 'no-such-id' })).data).toEqual({ error: 'Getting transcription failed: AssemblyAI answered HTTP 404: Transcript not found' });
  });

  it('words a missing key (naming the variable), a refused key, a rate limit and a timeout', async () => {
    const missing = await create({ api_key: '', audio_file_url: 'https://x.example/a.mp3' });
    expect(missing.data.error).toBe(
      "An error occurred: AssemblyAI needs an API key: set the API Key field, or create a Credential variable named ASSEMBLYAI_API_KEY (or set ASSEMBLYAI_API_KEY in the server's environment)",
    );
    const viaVariable = await create({ api_key: '', audio_file_url: 'https://x.example/a.mp3' }, { variables: { get: async (name) => (name === 'ASSEMBLYAI_API_KEY' ? aai.apiKey : undefined) } });
    expect(viaVariable.data.transcript_id).toBeTruthy();
    expect((await create({ api_key: 'wrong', audio_file_url: 'https://x.example/a.mp3' })).data.error).toBe(
      'An error occurred: AssemblyAI refused the API key (the API Key field, or the ASSEMBLYAI_API_KEY variable) (HTTP 401): Authentication error, API token missing/invalid',
    );
    expect((await poll(viaVariable, { api_key: 'wrong' })).data.error).toMatch(/^Getting transcription failed: AssemblyAI refused the API key/);

    const limited = await startFakeAssemblyAI({ status: 429 });
    const slow = await startFakeAssemblyAI({ delayMs: 1_500 });
    try {
      const limitedJob = await Creator.run({ ...defaults(Creator), api_key: 'k', audio_file_url: 'https://x.example/a.mp3' }, testContext({ http: createHttpAccess(), env: { ASSEMBLYAI_BASE_URL: limited.url } }));
      expect((limitedJob.transcript_id as Data).data.error).toBe("An error occurred: AssemblyAI's rate limit or quota was reached (HTTP 429); try again later: Too many requests");
      const slowPoll = await Poller.run(
        { ...defaults(Poller), api_key: 'k', transcript_id: { transcript_id: 'abc' } },
        testContext({ http: createHttpAccess({ timeoutMs: 1_000 }), env: { ASSEMBLYAI_BASE_URL: slow.url } }),
      );
      expect((slowPoll.transcription_result as Data).data.error).toBe('Getting transcription failed: AssemblyAI did not answer within 1 s');
    } finally {
      await Promise.all([limited.close(), slow.close()]);
    }
  });

  it('stops polling when the run is cancelled', async () => {
    const job = await create({ audio_file_url: 'https://x.example/a.mp3' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 100);
    await expect(poll(job, { polling_interval: 10 }, { signal: controller.signal })).rejects.toThrow();
  });

  it('goes through ctx.http: the outbound rule\'s refusal fails the run rather than becoming error Data', async () => {
    const refused = testContext({ http: refusingHttp(aai.url), env: { ASSEMBLYAI_BASE_URL: aai.url }, files: FILES });
    await expect(Creator.run({ ...defaults(Creator), api_key: aai.apiKey, audio_file: 'user_files/meeting.wav' }, refused)).rejects.toThrow(/Refused to (fetch|connect)/);
    await expect(Poller.run({ ...defaults(Poller), api_key: aai.apiKey, transcript_id: { transcript_id: 'x' } }, refused)).rejects.toThrow(/Refused to (fetch|connect)/);
  });
});
