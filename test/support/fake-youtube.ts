/**
 * A local YouTube for the YouTube components: the pages `youtube_transcript_api` reads (the watch
 * page with its InnerTube API key, with a consent page first when asked; `POST /youtubei/v1/player`
 * with the caption tracks; `/api/timedtext` with a track's XML, translated with `tlang`) and the
 * YouTube Data API v3's `GET /youtube/v3/commentThreads` (the key as the `key` parameter, Google's
 * error shapes, pages by `pageToken`). Records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FakeCaptionTrack {
  languageCode: string;
  name: string;
  /** 'asr' for a generated track. */
  kind?: 'asr';
  translatable?: boolean;
  /** [start, duration, text] per line; text is put into the XML escaped. */
  lines: [number, number, string][];
}

export interface FakeComment {
  id: string;
  author: string;
  text: string;
  likes?: number;
  replies?: { id: string; author: string; text: string; likes?: number }[];
}

export interface FakeVideo {
  captions?: FakeCaptionTrack[];
  /** The player's playabilityStatus (default OK). */
  playability?: { status: string; reason?: string };
  /** Top-level comments, in the order the API gives them; undefined: comments are disabled (403). */
  comments?: FakeComment[];
}

export interface FakeYouTubeOptions {
  videos?: Record<string, FakeVideo>;
  /** The video served for ids not in `videos` (none: such ids are unknown videos). */
  anyVideo?: FakeVideo;
  /** The Data API key the fake accepts (default 'yt-test-key'). */
  apiKey?: string;
  /** Answer the watch page with Google's consent form until the CONSENT cookie is sent. */
  consent?: boolean;
  /** Answer the Data API with this status (Google's error shape) instead, e.g. 429. */
  dataApiStatus?: number;
  /** Milliseconds to wait before answering the Data API. */
  dataApiDelayMs?: number;
}

export interface FakeYouTubeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeYouTube {
  /** The site's root (YOUTUBE_BASE_URL). */
  readonly url: string;
  /** The Data API's root URL (YOUTUBE_API_BASE_URL; the API is under `/youtube/v3`), the same server. */
  readonly dataApiUrl: string;
  readonly apiKey: string;
  readonly requests: FakeYouTubeRequest[];
  close(): Promise<void>;
}

export const INNERTUBE_KEY = 'AIzaFakeInnertubeKey_01';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export async function startFakeYouTube(options: FakeYouTubeOptions = {}): Promise<FakeYouTube> {
  const apiKey = options.apiKey ?? 'yt-test-key';
  const requests: FakeYouTubeRequest[] = [];
  const videoOf = (id: string) => options.videos?.[id] ?? options.anyVideo;
  let base = '';

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  };
  /** Google's error body: `{error: {code, message, errors: [{reason, ...}]}}`. */
  const googleError = (res: http.ServerResponse, status: number, reason: string, message: string) =>
    json(res, status, { error: { code: status, message, errors: [{ message, domain: 'youtube.commentThread', reason }] } });

  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const part of req) body += String(part);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body });

    if (req.method === 'GET' && url.pathname === '/watch') {
      const id = query.v ?? '';
      if (options.consent && !String(req.headers.cookie ?? '').includes(`CONSENT=YES+cb.20210328-17-p0.en+FX+${id}`)) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end(`<html><form action="https://consent.youtube.com/s" method="POST"><input type="hidden" name="v" value="cb.20210328-17-p0.en+FX+${id}"></form></html>`);
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(`<!DOCTYPE html><html><head><script>ytcfg.set({"INNERTUBE_API_KEY": "${INNERTUBE_KEY}","INNERTUBE_CLIENT_NAME":"WEB"});</script></head><body>video ${escapeXml(id)}</body></html>`);
    }

    if (req.method === 'POST' && url.pathname === '/youtubei/v1/player') {
      if (query.key !== INNERTUBE_KEY) return json(res, 400, { error: { code: 400, message: 'API key not valid.' } });
      const asked = JSON.parse(body || '{}') as { videoId?: string; context?: { client?: { clientName?: string } } };
      if (!asked.context?.client?.clientName) return json(res, 400, { error: { code: 400, message: 'Request contains an invalid argument.' } });
      const id = asked.videoId ?? '';
      const video = videoOf(id);
      if (!video) return json(res, 200, { playabilityStatus: { status: 'ERROR', reason: 'This video is unavailable' } });
      const playabilityStatus = video.playability ?? { status: 'OK' };
      if (!video.captions) return json(res, 200, { playabilityStatus, videoDetails: { videoId: id } });
      const translationLanguages = [
        { languageCode: 'es', languageName: { runs: [{ text: 'Spanish' }] } },
        { languageCode: 'fr', languageName: { runs: [{ text: 'French' }] } },
      ];
      const captionTracks = video.captions.map((t) => ({
        baseUrl: `${base}/api/timedtext?v=${encodeURIComponent(id)}&lang=${t.languageCode}${t.kind ? `&kind=${t.kind}` : ''}&fmt=srv3`,
        name: { runs: [{ text: t.name }] },
        vssId: `.${t.languageCode}`,
        languageCode: t.languageCode,
        ...(t.kind ? { kind: t.kind } : {}),
        isTranslatable: t.translatable ?? false,
      }));
      return json(res, 200, { playabilityStatus, captions: { playerCaptionsTracklistRenderer: { captionTracks, translationLanguages } }, videoDetails: { videoId: id } });
    }

    if (req.method === 'GET' && url.pathname === '/api/timedtext') {
      const track = videoOf(query.v ?? '')?.captions?.find((t) => t.languageCode === query.lang && (t.kind ?? '') === (query.kind ?? ''));
      if (!track || query.fmt) {
        // A track the page did not list, or the srv3 format the client is meant to strip: nothing useful.
        res.writeHead(404, { 'content-type': 'text/html' });
        return void res.end('<html>Not Found</html>');
      }
      const prefix = query.tlang ? `[${query.tlang}] ` : '';
      const lines = track.lines.map(([start, dur, text]) => `<text start="${start}" dur="${dur}">${escapeXml(prefix + text)}</text>`).join('');
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      return void res.end(`<?xml version="1.0" encoding="utf-8" ?><transcript>${lines}</transcript>`);
    }

    if (req.method === 'GET' && url.pathname === '/youtube/v3/commentThreads') {
      if (options.dataApiDelayMs) await sleep(options.dataApiDelayMs);
      if (options.dataApiStatus) return googleError(res, options.dataApiStatus, 'forced', `Forced status ${options.dataApiStatus}`);
      if (!query.key) return googleError(res, 403, 'forbidden', 'The request is missing a valid API key.');
      if (query.key !== apiKey) return googleError(res, 400, 'badRequest', 'API key not valid. Please pass a valid API key.');
      const parts = (query.part ?? '').split(',');
      const max = Number(query.maxResults ?? 20);
      if (!parts.includes('snippet') || !(max >= 1 && max <= 100) || !['time', 'relevance', undefined].includes(query.order)) {
        return googleError(res, 400, 'invalidParameter', 'Invalid value for a parameter.');
      }
      const video = videoOf(query.videoId ?? '');
      if (!video) return googleError(res, 404, 'videoNotFound', 'The video identified by the videoId parameter could not be found.');
      if (!video.comments) return googleError(res, 403, 'commentsDisabled', 'The video has disabled comments.');
      const offset = query.pageToken ? Number(query.pageToken.replace(/^page-/, '')) : 0;
      const all = query.order === 'time' ? [...video.comments].reverse() : video.comments;
      const page = all.slice(offset, offset + max);
      const stamp = (i: number) => new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString().replace('.000', '');
      const items = page.map((c, i) => ({
        kind: 'youtube#commentThread',
        id: `thread-${c.id}`,
        snippet: {
          videoId: query.videoId,
          topLevelComment: {
            kind: 'youtube#comment',
            id: c.id,
            snippet: {
              authorDisplayName: c.author,
              authorChannelUrl: `http://www.youtube.com/@${c.author}`,
              textDisplay: c.text,
              textOriginal: c.text,
              likeCount: c.likes ?? 0,
              publishedAt: stamp(i),
              updatedAt: stamp(i + 1),
            },
          },
          canReply: true,
          totalReplyCount: c.replies?.length ?? 0,
          isPublic: true,
        },
        ...(c.replies?.length && parts.includes('replies')
          ? {
              replies: {
                comments: c.replies.map((r, j) => ({
                  kind: 'youtube#comment',
                  id: r.id,
                  snippet: { authorDisplayName: r.author, textDisplay: r.text, textOriginal: r.text, parentId: c.id, likeCount: r.likes ?? 0, publishedAt: stamp(j + 10), updatedAt: stamp(j + 10) },
                })),
              },
            }
          : {}),
      }));
      const next = offset + max < all.length ? { nextPageToken: `page-${offset + max}` } : {};
      return json(res, 200, { kind: 'youtube#commentThreadListResponse', ...next, pageInfo: { totalResults: all.length, resultsPerPage: max }, items });
    }

    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    dataApiUrl: base,
    apiKey,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
