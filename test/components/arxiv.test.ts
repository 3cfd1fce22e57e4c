/** arXiv (`ArXivComponent`) against a local arXiv API: the Atom feed read into Langflow's rows, the search fields, the Agent tool, and errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ArXiv from '../../server/components/arxiv.js';
import type { HttpAccess } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import { testContext } from '../engine/support.js';
import { runAgentWithTool } from '../support/agent-tool.js';
import { startFakeArxiv, type FakeArxiv } from '../support/fake-arxiv.js';

let arxiv: FakeArxiv;
beforeAll(async () => {
  arxiv = await startFakeArxiv();
});
afterAll(async () => arxiv.close());

const defaults = Object.fromEntries(ArXiv.fields.map((f) => [f.name, f.default]));
const ctx = (options: { http?: HttpAccess; wanted?: string[] } = {}) =>
  testContext({ http: options.http ?? createHttpAccess(), env: { ARXIV_BASE_URL: arxiv.baseURL }, wanted: options.wanted ?? ['dataframe'] });
const rows = (out: Record<string, unknown>) => (out.dataframe as Data[]).map((d) => d.data);

describe('arXiv (ArXivComponent)', () => {
  it("asks /api/query and reads every paper of the feed into Langflow's keys", async () => {
    const out = await ArXiv.run({ ...defaults, search_query: 'quantum error correction' }, ctx());
    expect(arxiv.requests.at(-1)).toEqual({ path: '/api/query', query: { search_query: 'quantum error correction', max_results: '10' } });
    expect(rows(out)).toEqual([
      {
        id: 'http://arxiv.org/abs/2401.00001v2',
        title: 'Quantum Error Correction\n  with Surface Codes',
        summary: 'We study surface codes for quantum error correction & show thresholds near 1%.',
        published: '2024-01-01T10:00:00Z',
        updated: '2024-02-01T10:00:00Z',
        authors: ['Ada Lovelace', 'Alan Turing'],
        arxiv_url: 'https://arxiv.org/abs/2401.00001v2',
        pdf_url: 'https://arxiv.org/pdf/2401.00001v2',
        comment: '12 pages, 4 figures',
        journal_ref: 'Phys. Rev. X 14, 011001 (2024)',
        primary_category: 'quant-ph',
        categories: ['quant-ph', 'cs.IT'],
      },
    ]);
  });

  it('prefixes the query with the search field, limits the results, and leaves absent parts null', async () => {
    const out = await ArXiv.run({ ...defaults, search_query: 'Grace Hopper', search_type: 'author', max_results: 1 }, ctx());
    expect(arxiv.requests.at(-1)!.query).toEqual({ search_query: 'au:Grace Hopper', max_results: '1' });
    expect(rows(out)).toEqual([expect.objectContaining({ id: 'http://arxiv.org/abs/2402.00002v1', comment: null, journal_ref: null, authors: ['Grace Hopper'], categories: ['cs.CL'] })]);
    const translated = await ArXiv.run({ ...defaults, search_query: 'translation', search_type: 'title' }, ctx());
    expect(arxiv.requests.at(-1)!.query.search_query).toBe('ti:translation');
    expect(rows(translated).map((r) => r.title)).toEqual(['Neural Machine Translation of Scientific Abstracts']);
    expect(rows(translated)[0]?.summary).toContain('a transformer <model> trained');
    await ArXiv.run({ ...defaults, search_query: 'cs.CL', search_type: 'cat' }, ctx());
    expect(arxiv.requests.at(-1)!.query.search_query).toBe('cat:cs.CL');
    await ArXiv.run({ ...defaults, search_query: 'surface', search_type: 'abstract' }, ctx());
    expect(arxiv.requests.at(-1)!.query.search_query).toBe('abs:surface');
    expect(rows(await ArXiv.run({ ...defaults, search_query: 'nothing matches zzz' }, ctx()))).toEqual([]);
  });

  it("says what arXiv refused, when it failed, when it was too slow, and that a query is needed", async () => {
    await expect(ArXiv.run({ ...defaults, search_query: 'quantum', max_results: -1 }, ctx())).rejects.toThrow('arXiv answered HTTP 400: max_results must be an integer');
    arxiv.failNext(503);
    await expect(ArXiv.run({ ...defaults, search_query: 'quantum' }, ctx())).rejects.toThrow('arXiv failed on its side (HTTP 503)');
    await expect(ArXiv.run({ ...defaults, search_query: '' }, ctx())).rejects.toThrow('arXiv needs a Search Query.');
    arxiv.delayMs = 1_500;
    try {
      const base = createHttpAccess();
      const quick: HttpAccess = (url, init) => base(url, { ...init, timeoutMs: 1_000 });
      await expect(ArXiv.run({ ...defaults, search_query: 'quantum' }, ctx({ http: quick }))).rejects.toThrow('arXiv did not answer within 1 s');
    } finally {
      arxiv.delayMs = 0;
    }
  });

  it("is a tool an Agent calls with search_query, by Langflow's name", async () => {
    const tool = (await ArXiv.run({ ...defaults }, ctx({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    const run = await runAgentWithTool(tool, { search_query: 'treasure' });
    expect(run.offered).toEqual([expect.objectContaining({ name: 'search_papers_dataframe', parameters: expect.objectContaining({ required: ['search_query'] }) })]);
    const said = JSON.parse(run.answer.replace(/^TOOL SAID: /, '')) as Record<string, unknown>[];
    expect(said).toEqual([expect.objectContaining({ title: 'Treasure Maps for Large Language Models', pdf_url: 'https://arxiv.org/pdf/2402.00002v1' })]);
  });
});
