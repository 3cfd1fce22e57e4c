/** DuckDuckGo Search (`DuckDuckGoSearchComponent`) against a local html.duckduckgo.com: the results page read, Langflow's rows, the tool, and errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import DuckDuckGo, { parseResults } from '../../server/components/duck-duck-go-search.js';
import type { HttpAccess } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import { runAgentWithTool } from '../support/agent-tool.js';
import { startFakeDuckDuckGo, type FakeDuckDuckGo } from '../support/fake-duckduckgo.js';
import { searchCorpus } from '../support/search-corpus.js';

let ddg: FakeDuckDuckGo;
beforeAll(async () => {
  ddg = await startFakeDuckDuckGo();
});
afterAll(async () => ddg.close());

const defaults = Object.fromEntries(DuckDuckGo.fields.map((f) => [f.name, f.default]));
const ctx = (options: { http?: HttpAccess; wanted?: string[] } = {}) =>
  testContext({ http: options.http ?? createHttpAccess(), env: { DUCKDUCKGO_BASE_URL: ddg.baseURL }, wanted: options.wanted ?? ['dataframe'] });

describe('DuckDuckGo Search (DuckDuckGoSearchComponent)', () => {
  it("posts the query as DuckDuckGoSearchRun does and gives Langflow's row: the first five snippets joined, and its first characters", async () => {
    const out = await DuckDuckGo.run({ ...defaults, input_value: 'treasure' }, ctx());
    expect(ddg.requests.at(-1)).toEqual({ method: 'POST', path: '/html/', form: { q: 'treasure (site:*)', b: '', kl: 'wt-wt', df: 'y' } });
    const joined = searchCorpus('treasure (site:*)', 5).map((p) => p.content).join(' ');
    expect((out.dataframe as Data[]).map((d) => d.data)).toEqual([{ content: joined, snippet: joined.slice(0, 100), text: joined.slice(0, 100) }]);
  });

  it("gives the older Langflow's outputs too: the rows as Data, their texts as one message", async () => {
    const out = await DuckDuckGo.run({ ...defaults, input_value: 'Lisbon', max_snippet_length: 20 }, ctx({ wanted: ['data', 'text'] }));
    expect((out.data as Data[]).map((d) => d.data.snippet)).toEqual(['Flights to Lisbon co']);
    expect((out.text as Message).text).toBe('Flights to Lisbon co');
  });

  it('reads the results page: titles without markup, real links behind the redirects, snippets, no ads', async () => {
    const res = await fetch(`${ddg.baseURL}/html/`, { method: 'POST', body: new URLSearchParams({ q: 'metal detector' }) });
    const results = parseResults(await res.text());
    expect(results[0]).toEqual({
      title: 'How to find buried treasure with a metal detector',
      href: 'https://hobby.example/metal-detecting',
      body: 'A metal detector, a map and patience: the treasure hunter digs where the signal is strongest.',
    });
    expect(results.some((r) => r.href.includes('y.js'))).toBe(false);
  });

  it('says when DuckDuckGo rate limits (202), fails or is too slow, and that a query is needed', async () => {
    ddg.failNext(202);
    await expect(DuckDuckGo.run({ ...defaults, input_value: 'x' }, ctx())).rejects.toThrow('DuckDuckGo is rate limiting searches from this machine (HTTP 202); try again later');
    ddg.failNext(403);
    await expect(DuckDuckGo.run({ ...defaults, input_value: 'x' }, ctx())).rejects.toThrow('DuckDuckGo refused the search (HTTP 403)');
    await expect(DuckDuckGo.run({ ...defaults, input_value: ' ' }, ctx())).rejects.toThrow('DuckDuckGo Search needs a Search Query.');
    ddg.delayMs = 1_500;
    try {
      const base = createHttpAccess();
      const quick: HttpAccess = (url, init) => base(url, { ...init, timeoutMs: 1_000 });
      await expect(DuckDuckGo.run({ ...defaults, input_value: 'x' }, ctx({ http: quick }))).rejects.toThrow('DuckDuckGo did not answer within 1 s');
    } finally {
      ddg.delayMs = 0;
    }
  });

  it("is a tool an Agent calls with input_value, by Langflow's name", async () => {
    const tool = (await DuckDuckGo.run({ ...defaults }, ctx({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    const run = await runAgentWithTool(tool, { input_value: 'Lisbon flights' });
    expect(run.offered).toEqual([expect.objectContaining({ name: 'fetch_content_dataframe', parameters: expect.objectContaining({ required: ['input_value'] }) })]);
    expect(ddg.requests.at(-1)!.form.q).toBe('Lisbon flights (site:*)');
    expect(run.answer).toContain('Flights to Lisbon cost least in March');
  });
});
