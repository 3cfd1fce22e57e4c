/**
 * A local html.duckduckgo.com: `POST /html/` (or `GET /html/?q=`) with the form fields `q`, `b`,
 * `kl`, `df`, answered with DuckDuckGo's HTML results page: an ad first (its link through
 * `duckduckgo.com/y.js`), then one `div.result` per page of the shared search corpus, its `h2 a`
 * a `//duckduckgo.com/l/?uddg=` redirect link and its `a.result__snippet` the snippet, with the
 * query's words in `<b>`. `failNext(202)` gives DuckDuckGo's rate-limit answer (202 and a challenge
 * page). No key. Requests are recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { searchCorpus } from './search-corpus.js';

export interface FakeDuckDuckGo {
  readonly baseURL: string;
  readonly requests: { method: string; path: string; form: Record<string, string> }[];
  failNext(status: number): void;
  delayMs: number;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function startFakeDuckDuckGo(): Promise<FakeDuckDuckGo> {
  const requests: FakeDuckDuckGo['requests'] = [];
  let failure: number | undefined;
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const part of req) raw += String(part);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const form = Object.fromEntries(req.method === 'POST' ? new URLSearchParams(raw) : url.searchParams);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, form });
    const send = (status: number, body: string) => {
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'text/html; charset=UTF-8' });
        res.end(body);
      };
      if (fake.delayMs > 0) setTimeout(answer, fake.delayMs).unref();
      else answer();
    };
    if (url.pathname !== '/html/' && url.pathname !== '/html') return send(404, '<html><body>Not found</body></html>');
    if (failure) {
      const status = failure;
      failure = undefined;
      return send(status, '<html><body><form id="challenge-form" action="//duckduckgo.com/anomaly.js"></form></body></html>');
    }
    const q = form.q ?? '';
    if (!q.trim()) return send(200, '<html><body><div class="no-results">No results.</div></body></html>');
    const asked = new Set(q.toLowerCase().match(/[a-z0-9]+/g) ?? []);
    const bold = (text: string) => escape(text).replace(/[A-Za-z0-9]+/g, (w) => (asked.has(w.toLowerCase()) ? `<b>${w}</b>` : w));
    const results = searchCorpus(q, 10).map(
      (p) => `
      <div class="result results_links results_links_deep web-result ">
        <div class="links_main links_deep result__body">
          <h2 class="result__title">
            <a rel="nofollow" class="result__a" href="//duckduckgo.com/l/?uddg=${encodeURIComponent(p.url)}&amp;rut=abc">${bold(p.title)}</a>
          </h2>
          <div class="result__extras"><div class="result__extras__url"><a class="result__url" href="${escape(p.url)}">${escape(new URL(p.url).hostname)}</a></div></div>
          <a class="result__snippet" href="${escape(p.url)}">${bold(p.content)}</a>
          <div class="clear"></div>
        </div>
      </div>`,
    );
    const ad = `
      <div class="result results_links results_links_deep result--ad ">
        <div class="links_main links_deep result__body">
          <h2 class="result__title"><a rel="nofollow" class="result__a" href="https://duckduckgo.com/y.js?ad_domain=ads.example&amp;u3=x">Buy treasure maps now</a></h2>
          <a class="result__snippet" href="https://duckduckgo.com/y.js?ad_domain=ads.example">An advertisement.</a>
        </div>
      </div>`;
    send(200, `<!DOCTYPE html><html><head><title>${escape(q)} at DuckDuckGo</title></head><body><div id="links" class="results">${ad}${results.join('')}</div></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeDuckDuckGo = {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    delayMs: 0,
    failNext: (status) => void (failure = status),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
