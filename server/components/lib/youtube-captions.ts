/**
 * A video's caption track, read the way the `youtube_transcript_api` Python package (which
 * Langflow's YouTube Transcripts uses) reads it: the watch page gives the InnerTube API key, the
 * InnerTube player answer lists the caption tracks, and a track's timedtext URL gives its lines as
 * XML. All through `ctx.http`, against YouTube's base URL (`YOUTUBE_BASE_URL` replaces it).
 */
import type { RunContext } from '../../engine/define-component.js';
import { callService, serviceErrorFromStatus, serviceFetch, serviceUrl, type WebService } from './web-service.js';

export const YOUTUBE: WebService = { name: 'YouTube', baseUrl: 'https://www.youtube.com', baseUrlEnv: 'YOUTUBE_BASE_URL' };

/** The InnerTube client the Python package presents itself as. */
const INNERTUBE_CONTEXT = { client: { clientName: 'ANDROID', clientVersion: '20.10.38' } };

/** One line of a transcript: its text, start and duration in seconds. */
export interface CaptionSnippet {
  text: string;
  start: number;
  duration: number;
}

/** Why no transcript could be read, by the Python package's exception name (Langflow shows it). */
export class TranscriptError extends Error {
  readonly kind: string;
  constructor(kind: string, message: string) {
    super(message);
    this.name = 'TranscriptError';
    this.kind = kind;
  }
}

interface CaptionTrack {
  url: string;
  language: string;
  languageCode: string;
  generated: boolean;
  translatable: boolean;
}

interface TrackList {
  manual: CaptionTrack[];
  generated: CaptionTrack[];
  translationLanguages: { languageCode: string; language: string }[];
}

type Ctx = Pick<RunContext, 'env' | 'http'>;

/** The parts of the InnerTube player's answer read here. */
interface PlayerAnswer {
  playabilityStatus?: { status?: unknown; reason?: unknown };
  captions?: { playerCaptionsTracklistRenderer?: { captionTracks?: unknown; translationLanguages?: unknown } };
}

/**
 * The snippets of the video's transcript as Langflow picks it: English (made by hand, else
 * generated), or, with `translateTo`, the English one translated by YouTube.
 */
export async function fetchTranscript(videoId: string, ctx: Ctx, translateTo = ''): Promise<CaptionSnippet[]> {
  const tracks = await listTracks(videoId, ctx);
  let track = findTrack(tracks, videoId, ['en']);
  if (translateTo) {
    if (!track.translatable) throw new TranscriptError('NotTranslatable', `The transcript of video ${videoId} cannot be translated`);
    const target = tracks.translationLanguages.find((l) => l.languageCode === translateTo);
    if (!target) throw new TranscriptError('TranslationLanguageNotAvailable', `YouTube cannot translate the transcript of video ${videoId} to "${translateTo}"`);
    track = { url: `${track.url}&tlang=${translateTo}`, language: target.language, languageCode: translateTo, generated: true, translatable: false };
  }
  if (track.url.includes('&exp=xpe')) throw new TranscriptError('PoTokenRequired', `YouTube asks for a proof-of-origin token to read the captions of video ${videoId}`);
  const res = await serviceFetch(YOUTUBE, ctx)(absolute(track.url, ctx), { headers: { 'accept-language': 'en-US' } });
  const text = await res.text();
  if (!res.ok) throw serviceErrorFromStatus(YOUTUBE, res.status, text.replace(/\s+/g, ' ').trim().slice(0, 300));
  return parseTimedText(text);
}

function findTrack(tracks: TrackList, videoId: string, languages: string[]): CaptionTrack {
  for (const code of languages) {
    const found = tracks.manual.find((t) => t.languageCode === code) ?? tracks.generated.find((t) => t.languageCode === code);
    if (found) return found;
  }
  const available = [...tracks.manual, ...tracks.generated].map((t) => `${t.languageCode} ("${t.language}")${t.generated ? ' generated' : ''}`).join(', ') || 'none';
  throw new TranscriptError('NoTranscriptFound', `No transcript was found for video ${videoId} in ${languages.join(', ')}; available: ${available}`);
}

async function listTracks(videoId: string, ctx: Ctx): Promise<TrackList> {
  const html = await watchPage(videoId, ctx);
  const key = /"INNERTUBE_API_KEY":\s*"([a-zA-Z0-9_-]+)"/.exec(html)?.[1];
  if (!key) {
    if (html.includes('class="g-recaptcha"')) throw new TranscriptError('IpBlocked', `YouTube is blocking requests from this machine's IP address (asked for video ${videoId})`);
    throw new TranscriptError('YouTubeDataUnparsable', `The YouTube page of video ${videoId} could not be read (no InnerTube API key in it)`);
  }
  const res = await callService(YOUTUBE, ctx, '/youtubei/v1/player', { method: 'POST', query: { key }, json: { context: INNERTUBE_CONTEXT, videoId } });
  const player = (await res.json().catch(() => ({}))) as PlayerAnswer;
  assertPlayable(player.playabilityStatus ?? {}, videoId);
  const captions = player.captions?.playerCaptionsTracklistRenderer;
  if (!captions || !Array.isArray(captions.captionTracks)) throw new TranscriptError('TranscriptsDisabled', `Subtitles are disabled for video ${videoId}`);
  const translationLanguages = (Array.isArray(captions.translationLanguages) ? (captions.translationLanguages as Record<string, unknown>[]) : []).map((l) => ({
    languageCode: String(l.languageCode ?? ''),
    language: runsText(l.languageName),
  }));
  const list: TrackList = { manual: [], generated: [], translationLanguages };
  for (const caption of captions.captionTracks as Record<string, unknown>[]) {
    const generated = caption.kind === 'asr';
    const track: CaptionTrack = {
      url: String(caption.baseUrl ?? '').replace('&fmt=srv3', ''),
      language: runsText(caption.name),
      languageCode: String(caption.languageCode ?? ''),
      generated,
      translatable: caption.isTranslatable === true && translationLanguages.length > 0,
    };
    (generated ? list.generated : list.manual).push(track);
  }
  return list;
}

/** The watch page; a consent page is answered with the CONSENT cookie and the page asked again. */
async function watchPage(videoId: string, ctx: Ctx): Promise<string> {
  const get = async (cookie?: string) => {
    const headers: Record<string, string> = { 'accept-language': 'en-US', accept: 'text/html' };
    if (cookie) headers.cookie = cookie;
    const res = await callService(YOUTUBE, ctx, '/watch', { query: { v: videoId }, headers });
    return { html: await res.text(), url: res.url };
  };
  const first = await get();
  const consent = (page: { html: string; url: string }) => page.url.includes('consent.youtube.com') || page.html.includes('action="https://consent.youtube.com/s"');
  if (!consent(first)) return first.html;
  const value = /name="v"\s+value="([^"]+)"/.exec(first.html)?.[1];
  if (!value) throw new TranscriptError('FailedToCreateConsentCookie', `YouTube's consent page for video ${videoId} could not be answered`);
  const second = await get(`CONSENT=YES+${value}`);
  if (consent(second)) throw new TranscriptError('FailedToCreateConsentCookie', `YouTube's consent page for video ${videoId} could not be answered`);
  return second.html;
}

function assertPlayable(status: { status?: unknown; reason?: unknown }, videoId: string): void {
  const state = status.status as string | undefined;
  if (state === undefined || state === 'OK') return;
  const reason = typeof status.reason === 'string' ? status.reason : '';
  if (state === 'LOGIN_REQUIRED' && reason === "Sign in to confirm you're not a bot") throw new TranscriptError('RequestBlocked', `YouTube is blocking requests from this machine's IP address (asked for video ${videoId})`);
  if (state === 'LOGIN_REQUIRED' && reason === 'This video may be inappropriate for some users.') throw new TranscriptError('AgeRestricted', `Video ${videoId} is age-restricted`);
  if (state === 'ERROR' && reason === 'This video is unavailable') throw new TranscriptError('VideoUnavailable', `Video ${videoId} is no longer available`);
  throw new TranscriptError('VideoUnplayable', `Video ${videoId} is unplayable${reason ? `: ${reason}` : ''}`);
}

/** `{runs: [{text}]}` or `{simpleText}`: the text. */
function runsText(value: unknown): string {
  const record = (value ?? {}) as { runs?: { text?: unknown }[]; simpleText?: unknown };
  if (typeof record.simpleText === 'string') return record.simpleText;
  return String(record.runs?.[0]?.text ?? '');
}

/** A track URL as YouTube gave it (absolute), or one relative to the base URL. */
function absolute(url: string, ctx: Ctx): string {
  return /^https?:\/\//i.test(url) ? url : serviceUrl(YOUTUBE, ctx, url).href;
}

/** The `<text start dur>` elements of a timedtext document, entities decoded and tags removed; empty ones left out. */
export function parseTimedText(xml: string): CaptionSnippet[] {
  const snippets: CaptionSnippet[] = [];
  for (const match of xml.matchAll(/<text\b([^>]*?)(?:\/>|>([\s\S]*?)<\/text>)/g)) {
    const body = match[2];
    if (body === undefined) continue;
    const attrs = match[1] ?? '';
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];
    snippets.push({ text: decodeEntities(decodeEntities(body)).replace(/<[^>]*>/g, ''), start: Number(attr('start') ?? 0), duration: Number(attr('dur') ?? 0) });
  }
  return snippets;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
