/** YouTube Transcripts and YouTube Comments against a local YouTube (watch page, InnerTube player, timedtext, Data API v3). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import YouTubeComments from '../../server/components/youtube-comments.js';
import YouTubeTranscripts from '../../server/components/youtube-transcripts.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { createOutboundDispatchers } from '../../server/services/outbound-dispatcher.js';
import { createOutboundPolicy } from '../../server/services/outbound-policy.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { INNERTUBE_KEY, startFakeYouTube, type FakeComment, type FakeVideo, type FakeYouTube } from '../support/fake-youtube.js';
import { REPO_ROOT } from '../support/spawn-server.js';

const defaults = (def: { fields: { name: string; default?: unknown }[] }) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
const comments = (n: number, from = 0): FakeComment[] => Array.from({ length: n }, (_, i) => ({ id: `c${from + i}`, author: `user${from + i}`, text: `Comment ${from + i}`, likes: i }));

const VIDEOS: Record<string, FakeVideo> = {
  vid00000001: {
    captions: [
      {
        languageCode: 'en',
        name: 'English',
        translatable: true,
        lines: [
          [0, 2.5, 'Welcome to the show'],
          [30.2, 3, "It's <b>great</b> & fun"],
          [65.7, 2, 'Second minute'],
          [130, 1.5, 'The end'],
        ],
      },
      { languageCode: 'en', name: 'English (auto-generated)', kind: 'asr', lines: [[0, 1, 'auto words']] },
      { languageCode: 'de', name: 'German', lines: [[0, 1, 'Hallo']] },
    ],
    comments: [
      { id: 'c1', author: 'alice', text: 'Loved it', likes: 5, replies: [{ id: 'c1.r1', author: 'bob', text: 'Me too', likes: 1 }] },
      { id: 'c2', author: 'carol', text: 'Meh', likes: 0 },
    ],
  },
  autoOnly0001: { captions: [{ languageCode: 'en', name: 'English (auto-generated)', kind: 'asr', lines: [[0, 1, 'only generated']] }] },
  noCaptions01: { comments: comments(120) },
  germanOnly01: { captions: [{ languageCode: 'de', name: 'German', lines: [[0, 1, 'Hallo']] }] },
  private00001: { playability: { status: 'LOGIN_REQUIRED', reason: 'This video is private' } },
};

/** HTTP as a server whose own port is the fake's: the outbound rule refuses every request to it. */
const refusingHttp = (fakeUrl: string) => createHttpAccess({ outbound: createOutboundDispatchers(createOutboundPolicy({ ownPort: () => Number(new URL(fakeUrl).port) })) });

let yt: FakeYouTube;
beforeAll(async () => {
  yt = await startFakeYouTube({ videos: VIDEOS });
});
afterAll(async () => yt.close());

const env = () => ({ YOUTUBE_BASE_URL: yt.url, YOUTUBE_API_BASE_URL: yt.dataApiUrl });
const ctx = (extra: Parameters<typeof testContext>[0] = {}) => testContext({ http: createHttpAccess(), env: env(), ...extra });
const transcripts = (values: Record<string, unknown>, wanted?: string[]) => YouTubeTranscripts.run({ ...defaults(YouTubeTranscripts), ...values }, ctx({ wanted }));
const rowsOf = (value: unknown) => (value as Data[]).map((row) => row.data);

describe('YouTube Transcripts', () => {
  it("reads the English captions the way youtube_transcript_api does, and gives Langflow's chunks, text and Data", async () => {
    const before = yt.requests.length;
    const out = await transcripts({ url: 'https://www.youtube.com/watch?v=vid00000001&t=3s' });
    expect(rowsOf(out.dataframe)).toEqual([
      { timestamp: '00:00', text: "Welcome to the show It's great & fun" },
      { timestamp: '01:05', text: 'Second minute' },
      { timestamp: '02:10', text: 'The end' },
    ]);
    expect((out.message as Message).text).toBe("Welcome to the show It's great & fun Second minute The end");
    expect((out.data_output as Data).data).toEqual({ transcript: "Welcome to the show It's great & fun Second minute The end", video_url: 'https://www.youtube.com/watch?v=vid00000001&t=3s' });
    const asked = yt.requests.slice(before, before + 3);
    expect(asked.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /watch', 'POST /youtubei/v1/player', 'GET /api/timedtext']);
    expect(asked[0]?.query).toEqual({ v: 'vid00000001' });
    expect(asked[0]?.headers['accept-language']).toBe('en-US');
    expect(asked[1]?.query.key).toBe(INNERTUBE_KEY);
    expect(JSON.parse(asked[1]?.body ?? '{}')).toEqual({ context: { client: { clientName: 'ANDROID', clientVersion: '20.10.38' } }, videoId: 'vid00000001' });
    // The manual English track, without srv3 (the fake gives nothing for srv3).
    expect(asked[2]?.query).toEqual({ v: 'vid00000001', lang: 'en' });
  });

  it('chunks by the Chunk Size, takes youtu.be and embed URLs, falls back to generated captions, and translates', async () => {
    const small = await transcripts({ url: 'https://youtu.be/vid00000001', chunk_size_seconds: 30 }, ['dataframe']);
    expect(rowsOf(small.dataframe).map((r) => r.timestamp)).toEqual(['00:00', '00:30', '01:05', '02:10']);
    const generated = await transcripts({ url: 'https://www.youtube.com/embed/autoOnly0001' }, ['message']);
    expect((generated.message as Message).text).toBe('only generated');
    const translated = await transcripts({ url: 'https://www.youtube.com/watch?v=vid00000001', translation: 'es' }, ['message']);
    expect((translated.message as Message).text).toMatch(/^\[es\] Welcome to the show \[es\] It's great & fun/);
    expect(yt.requests.at(-1)?.query).toEqual({ v: 'vid00000001', lang: 'en', tlang: 'es' });
  });

  it("answers YouTube's consent page with the CONSENT cookie", async () => {
    const consenting = await startFakeYouTube({ videos: VIDEOS, consent: true });
    try {
      const out = await YouTubeTranscripts.run(
        { ...defaults(YouTubeTranscripts), url: 'https://www.youtube.com/watch?v=autoOnly0001' },
        testContext({ http: createHttpAccess(), env: { YOUTUBE_BASE_URL: consenting.url }, wanted: ['message'] }),
      );
      expect((out.message as Message).text).toBe('only generated');
      const watches = consenting.requests.filter((r) => r.path === '/watch');
      expect(watches.map((r) => r.headers.cookie)).toEqual([undefined, 'CONSENT=YES+cb.20210328-17-p0.en+FX+autoOnly0001']);
    } finally {
      await consenting.close();
    }
  });

  it("words failures as Langflow does, as the answer rather than a failed run", async () => {
    const disabled = await transcripts({ url: 'https://www.youtube.com/watch?v=noCaptions01' });
    const [row] = rowsOf(disabled.dataframe);
    expect(row?.error).toMatch(/^Failed to get YouTube transcripts: Could not retrieve transcripts for video 'noCaptions01'\. Possible reasons:\n1\. /);
    expect(row?.error).toContain('Technical error (TranscriptsDisabled)');
    expect(row?.error).not.toContain('3. YouTube is blocking automated requests');
    expect((disabled.message as Message).text).toBe(row?.error);
    expect((disabled.data_output as Data).data).toEqual({ transcript: '', video_url: 'https://www.youtube.com/watch?v=noCaptions01', error: String(row?.error).replace('Failed to get YouTube transcripts: ', '') });

    const noEnglish = await transcripts({ url: 'https://www.youtube.com/watch?v=germanOnly01' }, ['message']);
    expect((noEnglish.message as Message).text).toContain('Technical error (NoTranscriptFound): No transcript was found for video germanOnly01 in en; available: de ("German")');
    const gone = await transcripts({ url: 'https://www.youtube.com/watch?v=unknown0001' }, ['message']);
    expect((gone.message as Message).text).toContain('3. YouTube is blocking automated requests\n\nTechnical error (VideoUnavailable)');
    const privateVideo = await transcripts({ url: 'https://www.youtube.com/watch?v=private00001' }, ['message']);
    expect((privateVideo.message as Message).text).toContain('Technical error (VideoUnplayable): Video private00001 is unplayable: This video is private');
    const invalid = await transcripts({ url: 'not a video' }, ['dataframe']);
    expect(rowsOf(invalid.dataframe)).toEqual([{ error: 'Failed to get YouTube transcripts: Invalid YouTube URL: Could not extract video ID from URL: not a video' }]);

    const unreachable = await YouTubeTranscripts.run({ ...defaults(YouTubeTranscripts), url: 'https://youtu.be/vid00000001' }, testContext({ http: createHttpAccess(), env: { YOUTUBE_BASE_URL: 'http://127.0.0.1:9' }, wanted: ['message'] }));
    expect((unreachable.message as Message).text).toContain('Technical error (WebServiceError): YouTube could not be reached');
  });

  it("is three tools for an Agent, as in Langflow's starter (Actions rows by tag), each taking the URL", async () => {
    const starter = JSON.parse(readFileSync(path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters', 'Youtube Analysis.json'), 'utf8')) as { data: { nodes: { data: { type: string; node: { template: Record<string, { value: unknown }> } } }[] } };
    const metadata = starter.data.nodes.find((n) => n.data.type === 'YouTubeTranscripts')?.data.node.template.tools_metadata?.value;
    const out = await YouTubeTranscripts.run({ ...defaults(YouTubeTranscripts), tools_metadata: metadata }, ctx({ wanted: ['component_as_tool'] }));
    const tools = out.component_as_tool as Tool[];
    expect(tools.map((t) => t.name)).toEqual(['get_dataframe_output', 'get_message_output', 'get_data_output']);
    expect(tools[1]?.description).toBe('YouTubeTranscripts. get_message_output - Extracts spoken content from YouTube videos with multiple output options.');
    expect(tools[0]?.parameters.required).toEqual(['url']);
    expect(JSON.parse(await tools[0]!.invoke({ url: 'https://youtu.be/vid00000001' }, new AbortController().signal))).toEqual([
      { timestamp: '00:00', text: "Welcome to the show It's great & fun" },
      { timestamp: '01:05', text: 'Second minute' },
      { timestamp: '02:10', text: 'The end' },
    ]);

    const model = await startFakeOpenAI({
      respond: (body) => {
        const last = (body.messages as { role: string; content: unknown }[]).at(-1)!;
        if (last.role === 'tool') return { text: `Summary: ${String(last.content)}` };
        return { toolCalls: [{ name: 'get_message_output', arguments: { url: 'https://www.youtube.com/watch?v=vid00000001' } }] };
      },
    });
    try {
      const answer = await Agent.run(
        { ...defaults(Agent), input_value: 'Summarize the video', tools: tools, add_current_date_tool: false },
        testContext({ env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'sk-test' } }),
      );
      expect((answer.response as Message).text).toBe("Summary: Welcome to the show It's great & fun Second minute The end");
    } finally {
      await model.close();
    }
  });
});

const commentsRun = (values: Record<string, unknown>, extra: Parameters<typeof testContext>[0] = {}) =>
  YouTubeComments.run({ ...defaults(YouTubeComments), api_key: yt.apiKey, ...values }, ctx({ wanted: ['comments'], ...extra }));

describe('YouTube Comments', () => {
  it("lists a video's comment threads as Langflow's rows, columns in its order, asking the Data API as googleapiclient does", async () => {
    const out = await commentsRun({ video_url: 'https://www.youtube.com/watch?v=vid00000001' });
    const rows = rowsOf(out.comments);
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0] ?? {})).toEqual(['video_id', 'video_url', 'comment_id', 'parent_comment_id', 'is_reply', 'author', 'author_channel_url', 'text', 'published_at', 'updated_at', 'like_count', 'reply_count']);
    expect(rows[0]).toMatchObject({ video_id: 'vid00000001', video_url: 'https://www.youtube.com/watch?v=vid00000001', comment_id: 'c1', parent_comment_id: '', is_reply: false, author: 'alice', author_channel_url: 'http://www.youtube.com/@alice', text: 'Loved it', like_count: 5, reply_count: 1 });
    expect(yt.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/youtube/v3/commentThreads',
      query: { part: 'snippet,replies', videoId: 'vid00000001', maxResults: '20', order: 'relevance', textFormat: 'plainText', key: yt.apiKey },
    });
  });

  it('adds replies and leaves out metrics when asked; reads further pages by pageToken up to Max Results', async () => {
    const withReplies = rowsOf((await commentsRun({ video_url: 'vid00000001', include_replies: true, include_metrics: false, sort_by: 'time' })).comments);
    expect(withReplies.map((r) => [r.comment_id, r.parent_comment_id, r.is_reply])).toEqual([
      ['c2', '', false],
      ['c1', '', false],
      ['c1.r1', 'c1', true],
    ]);
    // A reply has no channel URL or update time: empty, as pandas leaves them.
    expect(withReplies[2]).toMatchObject({ author: 'bob', text: 'Me too', author_channel_url: null, updated_at: null });
    expect(Object.keys(withReplies[0] ?? {})).not.toContain('like_count');

    const before = yt.requests.length;
    const many = rowsOf((await commentsRun({ video_url: 'https://youtu.be/noCaptions01', max_results: 105 })).comments);
    expect(many).toHaveLength(105);
    expect(many.at(-1)?.comment_id).toBe('c104');
    const pages = yt.requests.slice(before).map((r) => [r.query.maxResults, r.query.pageToken]);
    expect(pages).toEqual([
      ['100', undefined],
      ['5', 'page-100'],
    ]);
  });

  it("gives Langflow's error rows for the API's error statuses, and names the variable when there is no key", async () => {
    expect(rowsOf((await commentsRun({ video_url: 'https://youtu.be/germanOnly01' })).comments)).toEqual([{ error: 'Comments are disabled for this video or API quota exceeded.' }]);
    expect(rowsOf((await commentsRun({ video_url: 'https://youtu.be/unknown0001' })).comments)).toEqual([{ error: 'Video not found.' }]);
    expect(rowsOf((await commentsRun({ video_url: 'vid00000001', api_key: 'wrong' })).comments)).toEqual([
      { error: 'YouTube API error: YouTube Data API answered HTTP 400: API key not valid. Please pass a valid API key.' },
    ]);
    await expect(commentsRun({ video_url: 'vid00000001', api_key: '' })).rejects.toThrow('create a Credential variable named YOUTUBE_API_KEY');
    const fromVariable = await commentsRun({ video_url: 'vid00000001', api_key: '' }, { variables: { get: async (name) => (name === 'YOUTUBE_API_KEY' ? yt.apiKey : undefined) } });
    expect(rowsOf(fromVariable.comments)).toHaveLength(2);

    for (const [status, said] of [
      [401, 'YouTube API error: YouTube Data API refused the API key (the API Key field, or the YOUTUBE_API_KEY variable) (HTTP 401)'],
      [429, "YouTube API error: YouTube Data API's rate limit or quota was reached (HTTP 429)"],
    ] as const) {
      const failing = await startFakeYouTube({ videos: VIDEOS, dataApiStatus: status });
      try {
        const out = await YouTubeComments.run({ ...defaults(YouTubeComments), api_key: 'k', video_url: 'vid00000001' }, testContext({ http: createHttpAccess(), env: { YOUTUBE_API_BASE_URL: failing.dataApiUrl } }));
        expect(String(rowsOf(out.comments)[0]?.error)).toContain(said);
        // The client does not retry on its own (Langflow's googleapiclient execute() does not either).
        expect(failing.requests.filter((r) => r.path === '/youtube/v3/commentThreads')).toHaveLength(1);
      } finally {
        await failing.close();
      }
    }
  });

  it('fails the run naming the service when the API does not answer in time, and is a tool for Agents', async () => {
    const slow = await startFakeYouTube({ videos: VIDEOS, dataApiDelayMs: 1_500 });
    try {
      await expect(
        YouTubeComments.run({ ...defaults(YouTubeComments), api_key: slow.apiKey, video_url: 'vid00000001' }, testContext({ http: createHttpAccess({ timeoutMs: 1_000 }), env: { YOUTUBE_API_BASE_URL: slow.dataApiUrl }, wanted: ['comments'] })),
      ).rejects.toThrow('YouTube Data API did not answer within 1 s');
    } finally {
      await slow.close();
    }
    const tool = (await YouTubeComments.run({ ...defaults(YouTubeComments), api_key: yt.apiKey }, ctx({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    expect(tool.name).toBe('get_video_comments');
    const said = JSON.parse(await tool.invoke({ video_url: 'https://www.youtube.com/watch?v=vid00000001' }, new AbortController().signal)) as Record<string, unknown>[];
    expect(said.map((r) => r.text)).toEqual(['Loved it', 'Meh']);
  });

  it("goes through ctx.http, Google's client included: the outbound rule's refusal fails the run", async () => {
    const refused = testContext({ http: refusingHttp(yt.url), env: env(), wanted: ['comments', 'message'] });
    await expect(YouTubeComments.run({ ...defaults(YouTubeComments), api_key: yt.apiKey, video_url: 'vid00000001' }, refused)).rejects.toThrow(/Refused to (fetch|connect)/);
    await expect(YouTubeTranscripts.run({ ...defaults(YouTubeTranscripts), url: 'https://youtu.be/vid00000001' }, refused)).rejects.toThrow(/Refused to (fetch|connect)/);
  });
});
