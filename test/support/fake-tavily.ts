/**
 * A local Tavily (docs.tavily.com, API reference): `POST /search` and `POST /extract`, JSON in and
 * out, the key as `Authorization: Bearer tvly-...` (the older `api_key` body entry is accepted too,
 * as Tavily still does). Search ranks the pages of the shared search corpus; extract reads the
 * corpus's pages by URL and reports the others as failed. Errors as Tavily words them
 * (`{"detail": {"error": ...}}`): 401 for a missing or wrong key, 400 for a bad request, and any
 * status scripted with `failNext` (429, 432, 5xx). Requests are recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CORPUS, searchCorpus } from './search-corpus.js';

export interface TavilyRequest {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface FakeTavily {
  readonly baseURL: string;
  readonly key: string;
  readonly requests: TavilyRequest[];
  /** The next request gets this status and Tavily's error body. */
  failNext(status: number, error?: string): void;
  /** Milliseconds every answer waits (for timeouts). */
  delayMs: number;
  close(): Promise<void>;
}

const SEARCH_DEPTHS = ['basic', 'advanced'];
const TOPICS = ['general', 'news', 'finance'];
const TIME_RANGES = ['day', 'week', 'month', 'year', 'd', 'w', 'm', 'y'];
const EXTRACT_DEPTHS = ['basic', 'advanced'];

export async function startFakeTavily(options: { key?: string } = {}): Promise<FakeTavily> {
  const key = options.key ?? 'tvly-test-key';
  const requests: TavilyRequest[] = [];
  let failure: { status: number; error: string } | undefined;

  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const part of req) raw += String(part);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => {
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (fake.delayMs > 0) setTimeout(answer, fake.delayMs).unref();
      else answer();
    };
    const refuse = (status: number, error: string) => send(status, { detail: { error } });

    let body: Record<string, unknown>;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return refuse(400, 'Invalid JSON body.');
    }
    requests.push({ path: url.pathname, authorization: req.headers.authorization, body });
    if (req.method !== 'POST' || !['/search', '/extract'].includes(url.pathname)) return refuse(404, 'Not Found');
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const given = bearer ?? (typeof body.api_key === 'string' ? body.api_key : undefined);
    if (given !== key) return refuse(401, 'Unauthorized: missing or invalid API key.');
    if (failure) {
      const { status, error } = failure;
      failure = undefined;
      return refuse(status, error);
    }
    if (String(req.headers['content-type']).split(';')[0] !== 'application/json') return refuse(400, 'Content-Type must be application/json.');
    return url.pathname === '/search' ? search(body, send, refuse) : extract(body, send, refuse);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeTavily = {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key,
    requests,
    delayMs: 0,
    failNext: (status, error = `Fake Tavily failure ${status}`) => void (failure = { status, error }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

type Send = (status: number, body: unknown) => void;
type Refuse = (status: number, error: string) => void;

function search(body: Record<string, unknown>, send: Send, refuse: Refuse): void {
  const query = body.query;
  if (typeof query !== 'string' || !query.trim()) return refuse(400, 'Query is missing.');
  const depth = body.search_depth ?? 'basic';
  if (!SEARCH_DEPTHS.includes(String(depth))) return refuse(400, `Invalid search depth: ${String(depth)}.`);
  const topic = body.topic ?? 'general';
  if (!TOPICS.includes(String(topic))) return refuse(400, `Invalid topic: ${String(topic)}.`);
  const max = body.max_results ?? 5;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > 20) return refuse(400, 'max_results must be an integer between 0 and 20.');
  if (body.chunks_per_source !== undefined && ![1, 2, 3].includes(body.chunks_per_source as number)) return refuse(400, 'chunks_per_source must be between 1 and 3.');
  if (body.time_range !== undefined && body.time_range !== null && !TIME_RANGES.includes(String(body.time_range))) return refuse(400, `Invalid time range: ${String(body.time_range)}.`);
  for (const list of ['include_domains', 'exclude_domains']) {
    if (body[list] !== undefined && !(Array.isArray(body[list]) && (body[list] as unknown[]).every((d) => typeof d === 'string'))) return refuse(400, `${list} must be a list of domains.`);
  }
  const host = (u: string) => new URL(u).hostname;
  const included = body.include_domains as string[] | undefined;
  const excluded = (body.exclude_domains as string[] | undefined) ?? [];
  const pages = searchCorpus(query, 20)
    .filter((p) => (!included?.length || included.includes(host(p.url))) && !excluded.includes(host(p.url)))
    .slice(0, max);
  const rawContent = body.include_raw_content === true || body.include_raw_content === 'markdown' || body.include_raw_content === 'text';
  send(200, {
    query,
    follow_up_questions: null,
    answer: body.include_answer && pages[0] ? `According to ${pages[0].title}: ${pages[0].content}` : null,
    images: body.include_images ? pages.map((p) => `${p.url}/image.png`) : [],
    results: pages.map((p) => ({
      title: p.title,
      url: p.url,
      content: p.content,
      score: p.score,
      raw_content: rawContent ? `# ${p.title}\n\n${p.content}` : null,
    })),
    response_time: 0.01,
  });
}

function extract(body: Record<string, unknown>, send: Send, refuse: Refuse): void {
  const urls = typeof body.urls === 'string' ? [body.urls] : body.urls;
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string')) return refuse(400, 'urls must be a URL or a list of URLs.');
  if (urls.length > 20) return refuse(400, 'At most 20 URLs per request.');
  const depth = body.extract_depth ?? 'basic';
  if (!EXTRACT_DEPTHS.includes(String(depth))) return refuse(400, `Invalid extract depth: ${String(depth)}.`);
  const results: unknown[] = [];
  const failed: unknown[] = [];
  for (const url of urls as string[]) {
    const page = CORPUS.find((p) => p.url === url);
    if (page) results.push({ url, raw_content: `${page.title}\n\n${page.content}`, images: body.include_images ? [`${url}/image.png`] : [] });
    else failed.push({ url, error: 'Failed to fetch url' });
  }
  send(200, { results, failed_results: failed, response_time: 0.01 });
}
