/**
 * A tiny loopback web site for URL and API Request tests: HTML pages that link to each other, a
 * JSON API, an echo of the request, a redirect (`/redirect?to=URL`), a slow page and error statuses,
 * and downloads (`/download/NAME?type=CONTENT-TYPE&filename=NAME`: bytes that are not UTF-8 for a
 * binary type, else CSV text; the filename as Content-Disposition).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWeb {
  readonly url: string;
  /** Paths requested, in order. */
  readonly hits: string[];
  close(): Promise<void>;
}

/** The site's HTML pages by path; `/article.html` is a realistic blog page kept as a fixture file. */
export const PAGES: Record<string, string> = {
  '/': `<!doctype html><html lang="en"><head><title>Treasure &amp; Maps</title>
    <meta name="description" content="All about treasure"><style>body { color: red }</style>
    <script>var secret = "do not show";</script></head>
    <body><h1>Treasure Island</h1><p>The treasure is buried <b>under</b> the old palm.</p>
    <ul><li>Shovel</li><li>Map &#8212; torn</li></ul>
    <a href="/second.html">Second page</a> <a href="https://elsewhere.example/">Outside</a></body></html>`,
  '/second.html': '<html><head><title>Second</title></head><body><p>Dig at dawn.</p><a href="/third.html">Third</a></body></html>',
  '/third.html': '<html><head><title>Third</title></head><body><p>Bring a lantern.</p></body></html>',
  '/article.html': readFileSync(new URL('../fixtures/components/web/article.html', import.meta.url), 'utf8'),
};

/** What `/download` answers for a binary type. */
export const DOWNLOAD_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x0a]);

export async function startFakeWeb(): Promise<FakeWeb> {
  const hits: string[] = [];
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const part of req) raw += String(part);
    const url = new URL(req.url ?? '/', 'http://localhost');
    hits.push(url.pathname);
    const page = PAGES[url.pathname];
    if (page) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    } else if (url.pathname === '/api/items') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-total': '2' });
      res.end(JSON.stringify({ items: [{ name: 'pen', price: 2 }, { name: 'ink', price: 5 }] }));
    } else if (url.pathname === '/echo') {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, query: Object.fromEntries(url.searchParams), headers: req.headers, body: raw ? (JSON.parse(raw) as unknown) : null }));
    } else if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
      res.end();
    } else if (url.pathname.startsWith('/download')) {
      const type = url.searchParams.get('type') ?? 'text/plain';
      const filename = url.searchParams.get('filename');
      res.writeHead(200, { 'content-type': type, ...(filename ? { 'content-disposition': `attachment; filename="${filename}"` } : {}) });
      res.end(/octet-stream|binary|image/.test(type) ? DOWNLOAD_BYTES : 'name,price\npen,2\n');
    } else if (url.pathname === '/text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('just text');
    } else if (url.pathname === '/slow') {
      setTimeout(() => {
        if (!res.destroyed) res.end('late');
      }, 5_000).unref();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL nothing listens on (a port just released; fetch refuses some well-known ports outright). */
export async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}
