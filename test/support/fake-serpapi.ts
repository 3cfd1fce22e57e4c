/**
 * A local SerpApi (serpapi.com/search-api): `GET /search` (or `/search.json`) with `engine`, `q`,
 * `api_key` and the engine's parameters (`google_domain`, `gl`, `hl`, `num`, `start`), answered with
 * `search_metadata`, `search_parameters` and `organic_results` (position, title, link,
 * displayed_link, snippet) ranked from the shared search corpus. Errors as SerpApi words them
 * (`{"error": ...}`): 401 for a missing or wrong key, 400 for a missing `q` or an unsupported engine,
 * and any status scripted with `failNext` (429 when the searches run out). Requests are recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { searchCorpus } from './search-corpus.js';

export interface FakeSerpApi {
  readonly baseURL: string;
  readonly key: string;
  readonly requests: { path: string; query: Record<string, string> }[];
  failNext(status: number, error?: string): void;
  delayMs: number;
  close(): Promise<void>;
}

const ENGINES = ['google', 'bing', 'duckduckgo', 'yahoo', 'baidu'];

export async function startFakeSerpApi(options: { key?: string } = {}): Promise<FakeSerpApi> {
  const key = options.key ?? 'serpapi-test-key';
  const requests: FakeSerpApi['requests'] = [];
  let failure: { status: number; error: string } | undefined;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, query });
    const send = (status: number, body: unknown) => {
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (fake.delayMs > 0) setTimeout(answer, fake.delayMs).unref();
      else answer();
    };
    if (req.method !== 'GET' || !['/search', '/search.json'].includes(url.pathname)) return send(404, { error: 'Not found.' });
    if (query.api_key !== key) return send(401, { error: 'Invalid API key. Your API key should be here: https://serpapi.com/manage-api-key' });
    if (failure) {
      const { status, error } = failure;
      failure = undefined;
      return send(status, { error });
    }
    const engine = query.engine ?? 'google';
    if (!ENGINES.includes(engine)) return send(400, { error: `Unsupported \`${engine}\` search engine.` });
    const q = query.q ?? '';
    if (!q.trim()) return send(400, { error: 'Missing query `q` parameter.' });
    const num = Number(query.num ?? 10);
    const start = Number(query.start ?? 0);
    const { api_key: _key, ...shown } = query;
    send(200, {
      search_metadata: { id: `serp_${requests.length}`, status: 'Success', json_endpoint: `https://serpapi.com/searches/serp_${requests.length}.json` },
      search_parameters: shown,
      organic_results: searchCorpus(q, 100)
        .slice(start, start + num)
        .map((p, i) => ({ position: start + i + 1, title: p.title, link: p.url, displayed_link: p.url.replace(/^https:\/\//, ''), snippet: p.content })),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeSerpApi = {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key,
    requests,
    delayMs: 0,
    failNext: (status, error = `Fake SerpApi failure ${status}`) => void (failure = { status, error }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
