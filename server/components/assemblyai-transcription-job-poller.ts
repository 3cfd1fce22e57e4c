/**
 * Langflow's "AssemblyAI Poll Transcript" (`AssemblyAITranscriptionJobPoller`): asks AssemblyAI
 * for the transcription job every Polling Interval seconds until it is completed or failed, and
 * gives the transcript as Data (`text`, `utterances`, `id` first, then the rest of AssemblyAI's
 * answer), or Data with an `error`. An error from the Start Transcript step is passed on as it is.
 * AssemblyAI's REST API through lib/web-service.ts (the npm SDK takes no custom fetch).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isData, makeData, type Data } from '../../shared/data.js';
import { OutboundRefusedError } from '../engine/capabilities.js';
import { asNumber } from '../engine/field-values.js';
import { defineComponent, type RunContext } from '../engine/define-component.js';
import { ASSEMBLYAI, ASSEMBLYAI_KEY_FIELD } from './lib/assemblyai.js';
import { callServiceJson, serviceKey } from './lib/web-service.js';

export default defineComponent({
  type: 'AssemblyAITranscriptionJobPoller',
  display_name: 'AssemblyAI Poll Transcript',
  description: 'Poll for the status of a transcription job using AssemblyAI',
  category: 'AssemblyAI',
  icon: 'AssemblyAI',
  fields: [
    ASSEMBLYAI_KEY_FIELD,
    { name: 'transcript_id', display_name: 'Transcript ID', kind: 'str', default: '', input_types: ['Data'], required: true, info: 'The ID of the transcription job to poll' },
    { name: 'polling_interval', display_name: 'Polling Interval', kind: 'float', default: 3, range: { min: 3, max: 30, step: 0.1 }, advanced: true, info: 'The polling interval in seconds' },
  ],
  outputs: [{ name: 'transcription_result', display_name: 'Transcription Result', types: ['Data'] }],

  async run(inputs, ctx) {
    const job = jobData(inputs.transcript_id);
    if (job.data.error) return { transcription_result: job };
    const seconds = asNumber(inputs.polling_interval, 3) ?? 3;
    return { transcription_result: await pollTranscript(String(job.data.transcript_id ?? ''), inputs.api_key, Math.max(seconds, 0.05) * 1000, ctx) };
  },
});

/** The Start Transcript step's Data; a bare id (a tweak, text) is taken as the transcript id. */
function jobData(value: unknown): Data {
  if (isData(value)) return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) return makeData(value as Record<string, unknown>, 'transcript_id');
  return makeData({ transcript_id: typeof value === 'string' ? value.trim() : '' }, 'transcript_id');
}

async function pollTranscript(id: string, keyValue: unknown, intervalMs: number, ctx: RunContext): Promise<Data> {
  let transcript: Record<string, unknown>;
  try {
    if (!id) throw new Error('no transcript id was given');
    const key = await serviceKey(ASSEMBLYAI, keyValue, ctx);
    for (;;) {
      transcript = await callServiceJson<Record<string, unknown>>(ASSEMBLYAI, ctx, `/v2/transcript/${encodeURIComponent(id)}`, { headers: { authorization: key } });
      if (transcript.status === 'completed' || transcript.status === 'error') break;
      await sleep(intervalMs, undefined, { signal: ctx.signal });
    }
  } catch (error) {
    if (error instanceof OutboundRefusedError || ctx.signal.aborted) throw error;
    return makeData({ error: `Getting transcription failed: ${(error as Error).message}` }, 'error');
  }
  if (transcript.status === 'completed') {
    const { text = null, utterances = null, id: transcriptId = null, ...rest } = transcript;
    return makeData({ text, utterances, id: transcriptId, ...rest });
  }
  return makeData({ error: transcript.error ?? null }, 'error');
}
