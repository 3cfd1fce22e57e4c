/**
 * A local SearchApi (searchapi.io/docs): `GET /api/v1/search?engine=google&q=...`, the key as
 * `Authorization: Bearer ...` or the `api_key` query parameter, JSON answers with
 * `search_metadata`, `search_parameters` and `organic_results` (position, title, link, source,
 * domain, displayed_link, snippet) for the google, bing and duckduckgo engines, ranked from the
 * shared search corpus (`num` limits them; `page` pages through them). Errors as SearchApi words
 * them (`{"error": ...}`): 401 for a missing or wrong key, 400 for a missing `q` or an unknown
 * engine, and any status scripted with `failNext`. Requests are recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { searchCorpus } from './search-corpus.js';

export interface SearchApiRequest {
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
}

export interface FakeSearchApi {
  readonly baseURL: string;
  readonly key: string;
  readonly requests: SearchApiRequest[];
  failNext(status: number, error?: string): void;
  delayMs: number;
  close(): Promise<void>;
}

const ENGINES = ['google', 'bing', 'duckduckgo'];

export async function startFakeSearchApi(options: { key?: string } = {}): Promise<FakeSearchApi> {
  const key = options.key ?? 'searchapi-test-key';
  const requests: SearchApiRequest[] = [];
  let failure: { status: number; error: string } | undefined;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, query, authorization: req.headers.authorization });
    const send = (status: number, body: unknown) => {
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (fake.delayMs > 0) setTimeout(answer, fake.delayMs).unref();
      else answer();
    };
    if (req.method !== 'GET' || url.pathname !== '/api/v1/search') return send(404, { error: 'Not found.' });
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? query.api_key;
    if (given !== key) return send(401, { error: 'Invalid API key. Your API key should be here: https://www.searchapi.io/api_tokens' });
    if (failure) {
      const { status, error } = failure;
      failure = undefined;
      return send(status, { error });
    }
    const engine = query.engine ?? 'google';
    if (!ENGINES.includes(engine)) return send(400, { error: `Unsupported engine: ${engine}.` });
    const q = query.q ?? '';
    if (!q.trim()) return send(400, { error: 'Missing query `q` parameter.' });
    const num = Number(query.num ?? 10);
    const page = Math.max(1, Number(query.page ?? 1));
    const pages = searchCorpus(q, 100).slice((page - 1) * num, page * num);
    send(200, {
      search_metadata: { id: `search_${requests.length}`, status: 'Success', request_url: `https://www.${engine}.com/search?q=${encodeURIComponent(q)}` },
      search_parameters: { engine, q, ...(query.num ? { num: Number(query.num) } : {}) },
      organic_results: pages.map((p, i) => {
        const host = new URL(p.url).hostname;
        return { position: (page - 1) * num + i + 1, title: p.title, link: p.url, source: host, domain: host, displayed_link: p.url.replace(/^https:\/\//, ''), snippet: p.content };
      }),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeSearchApi = {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key,
    requests,
    delayMs: 0,
    failNext: (status, error = `Fake SearchApi failure ${status}`) => void (failure = { status, error }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
