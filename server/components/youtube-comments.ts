/**
 * Langflow's "YouTube Comments" (`YouTubeCommentsComponent`): a video's comment threads from the
 * YouTube Data API v3 (`commentThreads.list`, the key as the `key` parameter, pages by `pageToken`),
 * one row per comment (and reply, when asked). Google's own client, `@googleapis/youtube`, calls it
 * through ctx.http (gaxios takes a custom fetch), with `YOUTUBE_API_BASE_URL` as its root URL and no
 * retries of its own (as Langflow's googleapiclient `execute()`). As in Langflow, an error status
 * from the API is an `error` row, not a failed run.
 */
import { makeData, type Data } from '../../shared/data.js';
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolText, toolOutput } from './lib/tools.js';
import type { youtube_v3 } from '@googleapis/youtube';
import { OutboundRefusedError } from '../engine/capabilities.js';
import { serviceBaseUrl, serviceErrorFromStatus, serviceFetch, serviceKey, WebServiceError, type WebService } from './lib/web-service.js';

/** The Data API's root URL (the client adds `/youtube/v3/...`). */
export const YOUTUBE_DATA_API: WebService = {
  name: 'YouTube Data API',
  baseUrl: 'https://youtube.googleapis.com',
  baseUrlEnv: 'YOUTUBE_API_BASE_URL',
  keyVariable: 'YOUTUBE_API_KEY',
};

/** The most comment threads one page of the API holds. */
const API_MAX_RESULTS = 100;
const DESCRIPTION = 'Retrieves and analyzes comments from YouTube videos.';

export default defineComponent({
  type: 'YouTubeCommentsComponent',
  display_name: 'YouTube Comments',
  description: DESCRIPTION,
  category: 'YouTube',
  icon: 'YouTube',
  fields: [
    { name: 'video_url', display_name: 'Video URL', kind: 'str', default: '', input_types: ['Message'], required: true, info: 'The URL of the YouTube video to get comments from.' },
    { name: 'api_key', display_name: 'YouTube API Key', kind: 'secret', load_from_db: true, default: '', required: true, info: 'Your YouTube Data API key. Empty: the YOUTUBE_API_KEY variable.' },
    { name: 'max_results', display_name: 'Max Results', kind: 'int', default: 20, info: 'The maximum number of comments to return.' },
    { name: 'sort_by', display_name: 'Sort By', kind: 'dropdown', options: ['time', 'relevance'], default: 'relevance', info: 'Sort comments by time or relevance.' },
    { name: 'include_replies', display_name: 'Include Replies', kind: 'bool', default: false, advanced: true, info: 'Whether to include replies to comments.' },
    { name: 'include_metrics', display_name: 'Include Metrics', kind: 'bool', default: true, advanced: true, info: 'Include metrics like like count and reply count.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'comments', display_name: 'Comments', types: ['DataFrame'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      makeTool(
        'get_video_comments',
        `YouTubeCommentsComponent. get_video_comments - ${DESCRIPTION}`,
        { type: 'object', properties: { video_url: { type: 'string', description: 'The URL of the YouTube video to get comments from.' } }, required: ['video_url'] },
        async (args) => toolText((await videoComments({ ...inputs, video_url: args.video_url ?? args.input ?? '' }, ctx)).map((row) => row.data)),
      ),
    );
    if (ctx.wants('comments')) outputs.comments = await videoComments(inputs, ctx);
    return outputs;
  },
});

type CommentThread = youtube_v3.Schema$CommentThread;
type CommentSnippet = youtube_v3.Schema$CommentSnippet;

/** Langflow's get_video_comments: the rows, columns in its order, or one `error` row for an error status. */
async function videoComments(inputs: FieldValues, ctx: RunContext): Promise<Data[]> {
  const videoUrl = await resolveText(inputs.video_url);
  const videoId = extractVideoId(videoUrl);
  const key = await serviceKey(YOUTUBE_DATA_API, inputs.api_key, ctx);
  const maxResults = asInteger(inputs.max_results, 20) ?? 20;
  const includeMetrics = asBoolean(inputs.include_metrics, true);
  const includeReplies = asBoolean(inputs.include_replies, false);
  const order = asString(inputs.sort_by, 'relevance') || 'relevance';

  // Loaded on first use: Google's client and its auth library take about half a second to load.
  const { youtube } = await import('@googleapis/youtube');
  const client = youtube({ version: 'v3', auth: key, rootUrl: `${serviceBaseUrl(YOUTUBE_DATA_API, ctx)}/`, fetchImplementation: serviceFetch(YOUTUBE_DATA_API, ctx), retry: false });

  const comments: Record<string, unknown>[] = [];
  let count = 0;
  let pageToken: string | undefined;
  try {
    do {
      const { data: page } = await client.commentThreads.list({
        // One comma-separated value, as Langflow's googleapiclient sends it.
        part: ['snippet,replies'],
        videoId,
        maxResults: Math.min(API_MAX_RESULTS, maxResults - count),
        order,
        textFormat: 'plainText',
        pageToken,
      });
      for (const item of page.items ?? []) {
        if (count >= maxResults) break;
        comments.push(...threadRows(item, includeMetrics, includeReplies));
        count++;
      }
      pageToken = page.nextPageToken && count < maxResults ? page.nextPageToken : undefined;
    } while (pageToken);
  } catch (error) {
    const status = answeredStatus(error);
    if (status === undefined) throw failure(error);
    const message = status === 403 ? 'Comments are disabled for this video or API quota exceeded.' : status === 404 ? 'Video not found.' : `YouTube API error: ${serviceErrorFromStatus(YOUTUBE_DATA_API, status, apiMessage(error)).message}`;
    return [makeData({ error: message }, 'error')];
  }

  const columns = ['video_id', 'video_url', 'comment_id', 'parent_comment_id', 'is_reply', 'author', 'author_channel_url', 'text', 'published_at', 'updated_at'];
  if (includeMetrics) columns.push('like_count', 'reply_count');
  const extra = { video_id: videoId, video_url: videoUrl };
  // A column a row lacks (a reply has no channel URL or update time) is empty (pandas' NaN), as in Langflow's frame.
  return comments.map((comment) => makeData(Object.fromEntries(columns.map((c) => [c, ({ ...comment, ...extra } as Record<string, unknown>)[c] ?? null]))));
}

function threadRows(item: CommentThread, includeMetrics: boolean, includeReplies: boolean): Record<string, unknown>[] {
  const top = item.snippet?.topLevelComment ?? {};
  const comment: CommentSnippet = top.snippet ?? {};
  const totalReplies = Number(item.snippet?.totalReplyCount ?? 0);
  const row: Record<string, unknown> = {
    comment_id: top.id,
    parent_comment_id: '',
    author: comment.authorDisplayName,
    author_channel_url: comment.authorChannelUrl ?? '',
    text: comment.textDisplay,
    published_at: comment.publishedAt,
    updated_at: comment.updatedAt,
    is_reply: false,
  };
  if (includeMetrics) Object.assign(row, { like_count: comment.likeCount, reply_count: totalReplies });
  const rows = [row];
  if (includeReplies && totalReplies > 0 && Array.isArray(item.replies?.comments)) {
    for (const reply of item.replies.comments) {
      const snippet: CommentSnippet = reply.snippet ?? {};
      const replyRow: Record<string, unknown> = {
        comment_id: reply.id,
        parent_comment_id: top.id,
        author: snippet.authorDisplayName,
        text: snippet.textDisplay,
        published_at: snippet.publishedAt,
        is_reply: true,
      };
      // Replies cannot have replies.
      if (includeMetrics) Object.assign(replyRow, { like_count: snippet.likeCount, reply_count: 0 });
      rows.push(replyRow);
    }
  }
  return rows;
}

/** The status the API answered with (the client's error carries it), or undefined when it did not answer. */
function answeredStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown; response?: { status?: unknown } } | null)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Google's error message (`{error: {message}}`), as the client read it. */
function apiMessage(error: unknown): string {
  const data = (error as { response?: { data?: { error?: { message?: unknown } } } }).response?.data;
  const message = data?.error?.message;
  return typeof message === 'string' ? message : error instanceof Error ? error.message : '';
}

/** A failure to reach the API: the WebServiceError (timeout, unreachable) or outbound refusal the client wrapped, else the error itself. */
function failure(error: unknown): unknown {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof WebServiceError || current instanceof OutboundRefusedError) return current;
  }
  return error;
}

/** Langflow's patterns (watch, youtu.be, embed, shorts); anything else is taken as the id itself. */
export function extractVideoId(url: string): string {
  for (const pattern of [/(?:youtube\.com\/watch\?v=|youtu.be\/|youtube.com\/embed\/)([^&\n?#]+)/, /youtube.com\/shorts\/([^&\n?#]+)/]) {
    const match = pattern.exec(url);
    if (match?.[1]) return match[1];
  }
  return url.trim();
}
