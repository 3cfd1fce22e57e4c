/**
 * Langflow's "AssemblyAI Start Transcript" (`AssemblyAITranscriptionJobCreator`): uploads the audio
 * file (an uploaded file, by its path) to AssemblyAI, or takes an audio URL, and starts a
 * transcription job with the chosen options; gives Data with the job's `transcript_id`. As in
 * Langflow, a job that cannot be started is Data with an `error`, which the Poller passes on.
 * AssemblyAI's REST API through lib/web-service.ts (the npm SDK takes no custom fetch).
 */
import { makeData, type Data } from '../../shared/data.js';
import { OutboundRefusedError } from '../engine/capabilities.js';
import { asBoolean, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { ASSEMBLYAI, ASSEMBLYAI_KEY_FIELD } from './lib/assemblyai.js';
import { callServiceJson, serviceKey } from './lib/web-service.js';

const AUDIO_TYPES = [
  '3ga', '8svx', 'aac', 'ac3', 'aif', 'aiff', 'alac', 'amr', 'ape', 'au', 'dss', 'flac', 'flv', 'm4a', 'm4b', 'm4p', 'm4r', 'mp3', 'mpga', 'ogg', 'oga', 'mogg',
  'opus', 'qcp', 'tta', 'voc', 'wav', 'wma', 'wv', 'webm', 'mts', 'm2ts', 'ts', 'mov', 'mp2', 'mp4', 'm4v', 'mxf',
];

export default defineComponent({
  type: 'AssemblyAITranscriptionJobCreator',
  display_name: 'AssemblyAI Start Transcript',
  description: 'Create a transcription job for an audio file using AssemblyAI with advanced options',
  category: 'AssemblyAI',
  icon: 'AssemblyAI',
  fields: [
    ASSEMBLYAI_KEY_FIELD,
    { name: 'audio_file', display_name: 'Audio File', kind: 'file', default: '', required: true, info: `The audio file to transcribe (an uploaded file: ${AUDIO_TYPES.map((t) => `.${t}`).join(', ')})` },
    { name: 'audio_file_url', display_name: 'Audio File URL', kind: 'str', default: '', input_types: ['Message'], advanced: true, info: 'The URL of the audio file to transcribe (Can be used instead of a File)' },
    { name: 'speech_model', display_name: 'Speech Model', kind: 'dropdown', options: ['best', 'nano'], default: 'best', advanced: true, info: 'The speech model to use for the transcription' },
    { name: 'language_detection', display_name: 'Automatic Language Detection', kind: 'bool', default: false, advanced: true, info: 'Enable automatic language detection' },
    {
      name: 'language_code',
      display_name: 'Language',
      kind: 'str',
      default: '',
      input_types: ['Message'],
      advanced: true,
      info: 'The language of the audio file. Can be set manually if automatic language detection is disabled. See https://www.assemblyai.com/docs/getting-started/supported-languages for a list of supported language codes.',
    },
    { name: 'speaker_labels', display_name: 'Enable Speaker Labels', kind: 'bool', default: false, info: 'Enable speaker diarization' },
    { name: 'speakers_expected', display_name: 'Expected Number of Speakers', kind: 'str', default: '', input_types: ['Message'], advanced: true, info: 'Set the expected number of speakers (optional, enter a number)' },
    { name: 'punctuate', display_name: 'Punctuate', kind: 'bool', default: true, advanced: true, info: 'Enable automatic punctuation' },
    { name: 'format_text', display_name: 'Format Text', kind: 'bool', default: true, advanced: true, info: 'Enable text formatting' },
  ],
  outputs: [{ name: 'transcript_id', display_name: 'Transcript ID', types: ['Data'] }],

  async run(inputs, ctx) {
    return { transcript_id: await createTranscriptionJob(inputs, ctx) };
  },
});

const errorData = (error: string) => makeData({ error }, 'error');

async function createTranscriptionJob(inputs: FieldValues, ctx: RunContext): Promise<Data> {
  const expectedText = (await resolveText(inputs.speakers_expected)).trim();
  let speakersExpected: number | undefined;
  if (expectedText) {
    if (!/^[+-]?\d+$/.test(expectedText)) return errorData('Error: Expected Number of Speakers must be a valid integer');
    speakersExpected = Number(expectedText);
  }
  const languageCode = (await resolveText(inputs.language_code)).trim() || undefined;
  const audioPath = filePath(inputs.audio_file);
  const audioUrl = (await resolveText(inputs.audio_file_url)).trim();
  try {
    const key = await serviceKey(ASSEMBLYAI, inputs.api_key, ctx);
    let audio: string;
    if (audioPath) {
      // As in Langflow, a file wins over a URL given too.
      let bytes: Uint8Array;
      try {
        bytes = (await ctx.files.read(audioPath)).bytes;
      } catch {
        return errorData('Error: Audio file not found');
      }
      const uploaded = await callServiceJson<{ upload_url?: string }>(ASSEMBLYAI, ctx, '/v2/upload', {
        method: 'POST',
        headers: { authorization: key, 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      if (!uploaded.upload_url) throw new Error('AssemblyAI did not answer the upload with its URL');
      audio = uploaded.upload_url;
    } else if (audioUrl) {
      audio = audioUrl;
    } else {
      return errorData('Error: Either an audio file or an audio URL must be specified');
    }
    // The SDK's TranscriptionConfig sends only the options that are set.
    const request = {
      audio_url: audio,
      speech_model: asString(inputs.speech_model, 'best') || undefined,
      language_detection: asBoolean(inputs.language_detection, false),
      language_code: languageCode,
      speaker_labels: asBoolean(inputs.speaker_labels, false),
      speakers_expected: speakersExpected,
      punctuate: asBoolean(inputs.punctuate, true),
      format_text: asBoolean(inputs.format_text, true),
    };
    const transcript = await callServiceJson<{ id?: string; status?: string; error?: string }>(ASSEMBLYAI, ctx, '/v2/transcript', {
      method: 'POST',
      headers: { authorization: key },
      json: request,
    });
    if (transcript.error) return errorData(transcript.error);
    return makeData({ transcript_id: transcript.id }, 'transcript_id');
  } catch (error) {
    if (error instanceof OutboundRefusedError || ctx.signal.aborted) throw error;
    return errorData(`An error occurred: ${(error as Error).message}`);
  }
}

/** The path of the uploaded file: the field's text, or the first of a list. */
function filePath(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}
