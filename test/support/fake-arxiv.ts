/**
 * A local arXiv API (info.arxiv.org/help/api/user-manual.html): `GET /api/query` with
 * `search_query` (a field prefix `ti:`, `au:`, `abs:`, `cat:`, `all:` or none), `start` and
 * `max_results`, answered with an Atom 1.0 feed as arXiv writes it (the `opensearch` totals, and per
 * entry id, updated, published, title, summary, authors, `arxiv:comment`, `arxiv:journal_ref`, the
 * alternate and pdf links, `arxiv:primary_category` and categories). A bad parameter is arXiv's
 * HTTP 400 with a feed holding one entry titled "Error" whose summary says what is wrong; any
 * status can be scripted with `failNext`. No key. Requests are recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ArxivPaper {
  id: string;
  title: string;
  summary: string;
  authors: string[];
  published: string;
  updated: string;
  categories: string[];
  comment?: string;
  journalRef?: string;
}

export const PAPERS: ArxivPaper[] = [
  {
    id: '2401.00001v2',
    title: 'Quantum Error Correction\n  with Surface Codes',
    summary: '  We study surface codes for quantum error correction & show thresholds near 1%.\n',
    authors: ['Ada Lovelace', 'Alan Turing'],
    published: '2024-01-01T10:00:00Z',
    updated: '2024-02-01T10:00:00Z',
    categories: ['quant-ph', 'cs.IT'],
    comment: '12 pages, 4 figures',
    journalRef: 'Phys. Rev. X 14, 011001 (2024)',
  },
  {
    id: '2402.00002v1',
    title: 'Treasure Maps for Large Language Models',
    summary: 'A benchmark of treasure-hunting puzzles that large language models solve by translation.',
    authors: ['Grace Hopper'],
    published: '2024-02-02T09:00:00Z',
    updated: '2024-02-02T09:00:00Z',
    categories: ['cs.CL'],
  },
  {
    id: '2403.00003v1',
    title: 'Neural Machine Translation of Scientific Abstracts',
    summary: 'We translate abstracts between English and Portuguese with a transformer <model> trained on arXiv.',
    authors: ['Claude Shannon', 'Grace Hopper'],
    published: '2024-03-03T08:00:00Z',
    updated: '2024-03-04T08:00:00Z',
    categories: ['cs.CL', 'cs.LG'],
    comment: 'Accepted at a workshop',
  },
];

export interface FakeArxiv {
  readonly baseURL: string;
  readonly requests: { path: string; query: Record<string, string> }[];
  failNext(status: number): void;
  delayMs: number;
  close(): Promise<void>;
}

const FIELDS: Record<string, (p: ArxivPaper) => string> = {
  ti: (p) => p.title,
  au: (p) => p.authors.join(' '),
  abs: (p) => p.summary,
  cat: (p) => p.categories.join(' '),
  all: (p) => [p.title, p.summary, p.authors.join(' '), p.categories.join(' '), p.comment ?? '', p.journalRef ?? ''].join(' '),
};

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const words = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+(?:[.-][a-z0-9]+)*/g) ?? [];

export async function startFakeArxiv(): Promise<FakeArxiv> {
  const requests: FakeArxiv['requests'] = [];
  let failure: number | undefined;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, query });
    const send = (status: number, body: string) => {
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/atom+xml; charset=utf-8' });
        res.end(body);
      };
      if (fake.delayMs > 0) setTimeout(answer, fake.delayMs).unref();
      else answer();
    };
    if (url.pathname !== '/api/query') return send(404, 'Not Found');
    if (failure) {
      const status = failure;
      failure = undefined;
      return send(status, `<html><body>Error ${status}</body></html>`);
    }
    const max = Number(query.max_results ?? 10);
    const start = Number(query.start ?? 0);
    if (!Number.isInteger(max) || max < 0) return send(400, errorFeed('max_results must be an integer', url.href));
    if (!Number.isInteger(start) || start < 0) return send(400, errorFeed('start must be an integer', url.href));
    const searchQuery = query.search_query ?? '';
    const found = search(searchQuery);
    send(200, feed(url.href, found.length, start, found.slice(start, start + max)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeArxiv = {
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

/** Papers whose field holds any of the query's words, the most matching first. */
function search(searchQuery: string): ArxivPaper[] {
  const prefixed = /^(ti|au|abs|cat|all):(.*)$/s.exec(searchQuery.trim());
  const field = FIELDS[prefixed?.[1] ?? 'all']!;
  const asked = words(prefixed?.[2] ?? searchQuery);
  return PAPERS.map((paper) => ({ paper, hits: asked.filter((w) => new Set(words(field(paper))).has(w)).length }))
    .filter((p) => p.hits > 0)
    .sort((a, b) => b.hits - a.hits)
    .map((p) => p.paper);
}

function feedHead(self: string, total: number, start: number, perPage: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/fake</id>
  <title>arXiv Query: ${escape(self)}</title>
  <updated>2024-04-01T00:00:00Z</updated>
  <link href="${escape(self)}" type="application/atom+xml"/>
  <opensearch:itemsPerPage>${perPage}</opensearch:itemsPerPage>
  <opensearch:totalResults>${total}</opensearch:totalResults>
  <opensearch:startIndex>${start}</opensearch:startIndex>`;
}

function feed(self: string, total: number, start: number, papers: ArxivPaper[]): string {
  const entries = papers.map((p) => {
    const optional = [p.comment ? `    <arxiv:comment>${escape(p.comment)}</arxiv:comment>` : '', p.journalRef ? `    <arxiv:journal_ref>${escape(p.journalRef)}</arxiv:journal_ref>` : '']
      .filter(Boolean)
      .join('\n');
    return `  <entry>
    <id>http://arxiv.org/abs/${p.id}</id>
    <title>${escape(p.title)}</title>
    <updated>${p.updated}</updated>
    <link href="https://arxiv.org/abs/${p.id}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/${p.id}" rel="related" type="application/pdf" title="pdf"/>
    <summary>${escape(p.summary)}</summary>
${p.categories.map((c) => `    <category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
    <published>${p.published}</published>
${optional}
    <arxiv:primary_category term="${p.categories[0]}"/>
${p.authors.map((a) => `    <author>\n      <name>${escape(a)}</name>\n    </author>`).join('\n')}
  </entry>`;
  });
  return `${feedHead(self, total, start, papers.length)}\n${entries.join('\n')}\n</feed>\n`;
}

function errorFeed(message: string, self: string): string {
  return `${feedHead(self, 1, 0, 1)}
  <entry>
    <id>https://arxiv.org/api/errors#incorrect_id_format_for_query</id>
    <title>Error</title>
    <summary>${escape(message)}</summary>
    <updated>2024-04-01T00:00:00Z</updated>
    <link href="https://arxiv.org/api/errors#incorrect_id_format_for_query" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
`;
}
