/**
 * Langflow's "YouTube Transcripts" (`YouTubeTranscripts`): a video's English captions (or YouTube's
 * translation of them) as time chunks, one text, or text with its source; also three tools for
 * Agents. Langflow uses the `youtube_transcript_api` Python package; lib/youtube-captions.ts makes
 * the same few requests through ctx.http (youtubei.js takes a custom fetch, but is a whole InnerTube
 * client for what is three requests here).
 * As in Langflow, a transcript that cannot be read is an answer saying why, not a failed run.
 */
import { makeData, type Data } from '../../shared/data.js';
import { OutboundRefusedError } from '../engine/capabilities.js';
import { asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { fetchTranscript, TranscriptError, type CaptionSnippet } from './lib/youtube-captions.js';
import { TOOL_OUTPUT, TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolText, withToolsMetadata } from './lib/tools.js';

const DESCRIPTION = 'Extracts spoken content from YouTube videos with multiple output options.';
const URL_INFO = 'Enter the YouTube video URL to get transcripts from.';

export default defineComponent({
  type: 'YouTubeTranscripts',
  display_name: 'YouTube Transcripts',
  description: DESCRIPTION,
  category: 'YouTube',
  icon: 'YouTube',
  fields: [
    { name: 'url', display_name: 'Video URL', kind: 'multiline', default: '', input_types: ['Message'], required: true, info: URL_INFO },
    { name: 'chunk_size_seconds', display_name: 'Chunk Size (seconds)', kind: 'int', default: 60, info: 'The size of each transcript chunk in seconds.' },
    {
      name: 'translation',
      display_name: 'Translation Language',
      kind: 'dropdown',
      options: ['', 'en', 'es', 'fr', 'de', 'it', 'pt', 'ru', 'ja', 'ko', 'hi', 'ar', 'id'],
      default: '',
      advanced: true,
      info: 'Translate the transcripts to the specified language. Leave empty for no translation.',
    },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [
    { name: 'dataframe', display_name: 'Chunks', types: ['DataFrame'] },
    { name: 'message', display_name: 'Transcript', types: ['Message'] },
    { name: 'data_output', display_name: 'Transcript + Source', types: ['Data'] },
    TOOL_OUTPUT_SPEC,
  ],

  async run(inputs, ctx) {
    const outputs: Record<string, unknown> = {};
    if (ctx.wants(TOOL_OUTPUT)) {
      // Langflow's tools of this component: one per output, by the method's name, each taking the URL.
      const parameters = { type: 'object' as const, properties: { url: { type: 'string', description: URL_INFO } }, required: ['url'] };
      const tool = (method: string, answer: (values: FieldValues) => Promise<unknown>) =>
        withToolsMetadata(
          makeTool(method, `YouTubeTranscripts. ${method} - ${DESCRIPTION}`, parameters, async (args) => toolText(await answer({ ...inputs, url: args.url ?? args.input ?? '' }))),
          inputs.tools_metadata,
        );
      outputs[TOOL_OUTPUT] = [
        tool('get_dataframe_output', async (values) => (await chunkRows(values, ctx)).map((row) => row.data)),
        tool('get_message_output', (values) => transcriptText(values, ctx)),
        tool('get_data_output', async (values) => (await transcriptData(values, ctx)).data),
      ].flat();
    }
    if (ctx.wants('dataframe')) outputs.dataframe = await chunkRows(inputs, ctx);
    if (ctx.wants('message')) {
      outputs.message = buildMessage(ctx, { text: await transcriptText(inputs, ctx), sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) });
    }
    if (ctx.wants('data_output')) outputs.data_output = await transcriptData(inputs, ctx);
    return outputs;
  },
});

/** Langflow's get_dataframe_output: rows of `timestamp` (mm:ss) and `text`, or one `error` row. */
async function chunkRows(inputs: FieldValues, ctx: RunContext): Promise<Data[]> {
  try {
    const snippets = await loadTranscript(inputs, ctx);
    const size = asInteger(inputs.chunk_size_seconds, 60) ?? 60;
    return chunk(snippets, size).map(({ start, text }) => {
      const seconds = Math.trunc(start);
      return makeData({ timestamp: `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`, text });
    });
  } catch (error) {
    return [makeData({ error: `Failed to get YouTube transcripts: ${failure(error, ctx)}` }, 'error')];
  }
}

/** Langflow's get_message_output: the whole transcript as one text, or the error as the text. */
async function transcriptText(inputs: FieldValues, ctx: RunContext): Promise<string> {
  try {
    return (await loadTranscript(inputs, ctx)).map((s) => s.text).join(' ');
  } catch (error) {
    return `Failed to get YouTube transcripts: ${failure(error, ctx)}`;
  }
}

/** Langflow's get_data_output: `{transcript, video_url}`, or `{transcript: "", video_url, error}`. */
async function transcriptData(inputs: FieldValues, ctx: RunContext): Promise<Data> {
  const videoUrl = await resolveText(inputs.url);
  try {
    const snippets = await loadTranscript(inputs, ctx);
    if (snippets.length === 0) return makeData({ transcript: '', video_url: videoUrl, error: 'No transcripts found.' }, 'transcript');
    return makeData({ transcript: snippets.map((s) => s.text).join(' '), video_url: videoUrl }, 'transcript');
  } catch (error) {
    return makeData({ transcript: '', video_url: videoUrl, error: failure(error, ctx) }, 'transcript');
  }
}

/** The snippets; errors worded as Langflow words them (cancellation and the outbound rule fail the run). */
async function loadTranscript(inputs: FieldValues, ctx: RunContext): Promise<CaptionSnippet[]> {
  const url = await resolveText(inputs.url);
  const videoId = extractVideoId(url);
  if (!videoId) throw new Error(`Invalid YouTube URL: Could not extract video ID from URL: ${url}`);
  try {
    return await fetchTranscript(videoId, ctx, asString(inputs.translation).trim());
  } catch (error) {
    if (error instanceof OutboundRefusedError || ctx.signal.aborted) throw error;
    const kind = error instanceof TranscriptError ? error.kind : error instanceof Error ? error.name : 'Error';
    const known = kind === 'TranscriptsDisabled' || kind === 'NoTranscriptFound';
    throw new Error(
      `Could not retrieve transcripts for video '${videoId}'. Possible reasons:\n` +
        '1. This video does not have captions/transcripts enabled\n' +
        '2. The video is private, restricted, or deleted\n' +
        (known ? '' : '3. YouTube is blocking automated requests\n') +
        `\nTechnical error (${kind}): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Langflow's `_chunk_transcript`: a new chunk when a snippet starts `size` seconds or more after the chunk did. */
export function chunk(snippets: CaptionSnippet[], size: number): { start: number; text: string }[] {
  const chunks: { start: number; text: string }[] = [];
  let current: CaptionSnippet[] = [];
  let start = 0;
  for (const snippet of snippets) {
    if (snippet.start - start >= size && current.length > 0) {
      chunks.push({ start, text: current.map((s) => s.text).join(' ') });
      current = [];
      start = snippet.start;
    }
    current.push(snippet);
  }
  if (current.length > 0) chunks.push({ start, text: current.map((s) => s.text).join(' ') });
  return chunks;
}

/** The video id of a watch, youtu.be or embed URL (Langflow's patterns). */
export function extractVideoId(url: string): string | undefined {
  const patterns = [/(?:youtube\.com\/watch\?v=|youtu\.be\/|youtube\.com\/embed\/)([^&\n?#]+)/, /youtube\.com\/watch\?.*?v=([^&\n?#]+)/];
  for (const pattern of patterns) {
    const match = pattern.exec(url);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The error's text for the answer; a refusal by the outbound rule or a cancelled run fails the run instead. */
function failure(error: unknown, ctx: RunContext): string {
  if (error instanceof OutboundRefusedError || ctx.signal.aborted) throw error;
  return error instanceof Error ? error.message : String(error);
}
