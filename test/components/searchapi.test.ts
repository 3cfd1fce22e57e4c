/** SearchApi (`SearchComponent`) against a local searchapi.io: Langflow's rows, the Agent tool, and errors a user can act on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Search from '../../server/components/search.js';
import type { HttpAccess } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import { testContext } from '../engine/support.js';
import { runAgentWithTool } from '../support/agent-tool.js';
import { startFakeSearchApi, type FakeSearchApi } from '../support/fake-searchapi.js';

let searchapi: FakeSearchApi;
beforeAll(async () => {
  searchapi = await startFakeSearchApi();
});
afterAll(async () => searchapi.close());

const defaults = Object.fromEntries(Search.fields.map((f) => [f.name, f.default]));
const ctx = (options: { variables?: Record<string, string>; env?: Record<string, string>; http?: HttpAccess; wanted?: string[] } = {}) =>
  testContext({
    http: options.http ?? createHttpAccess(),
    env: { SEARCHAPI_BASE_URL: searchapi.baseURL, ...options.env },
    variables: { get: async (name) => options.variables?.[name] },
    wanted: options.wanted ?? ['dataframe'],
  });
const rows = (out: Record<string, unknown>) => (out.dataframe as Data[]).map((d) => d.data);

describe('SearchApi (SearchComponent)', () => {
  it("searches with engine and q, the key as a bearer token, and gives Langflow's rows cut to the limits", async () => {
    const out = await Search.run({ ...defaults, api_key: searchapi.key, input_value: 'treasure metal detector', max_results: 1, max_snippet_length: 20 }, ctx());
    const sent = searchapi.requests.at(-1)!;
    expect(sent).toEqual({ path: '/api/v1/search', query: { engine: 'google', q: 'treasure metal detector' }, authorization: `Bearer ${searchapi.key}` });
    expect(rows(out)).toEqual([
      {
        title: 'How to find buried t',
        link: 'https://hobby.example/metal-detecting',
        snippet: 'A metal detector, a ',
        text: 'A metal detector, a map and patience: the treasure hunter digs where the signal is strongest.',
      },
    ]);
  });

  it('passes the engine and the search parameters (one dict, or a list of them)', async () => {
    const out = await Search.run({ ...defaults, api_key: searchapi.key, engine: 'bing', input_value: 'treasure', search_params: [{ gl: 'us' }, { key: 'num', value: 1 }] }, ctx());
    expect(searchapi.requests.at(-1)!.query).toEqual({ engine: 'bing', q: 'treasure', gl: 'us', num: '1' });
    expect(rows(out).map((r) => r.link)).toEqual(['https://books.example/treasure-island']);
    await Search.run({ ...defaults, api_key: searchapi.key, engine: 'duckduckgo', input_value: 'coffee', search_params: { hl: 'pt' } }, ctx());
    expect(searchapi.requests.at(-1)!.query).toEqual({ engine: 'duckduckgo', q: 'coffee', hl: 'pt' });
  });

  it('reads the key from SEARCHAPI_API_KEY; none, a refused one, a rate limit and a timeout are worded for the user', async () => {
    const viaVariable = await Search.run({ ...defaults, input_value: 'Lisbon' }, ctx({ variables: { SEARCHAPI_API_KEY: searchapi.key } }));
    expect(rows(viaVariable)[0]?.link).toBe('https://travel.example/lisbon-flights');
    await expect(Search.run({ ...defaults, input_value: 'Lisbon' }, ctx())).rejects.toThrow('SearchApi needs an API key: set the API Key field, or create a Credential variable named SEARCHAPI_API_KEY');
    await expect(Search.run({ ...defaults, api_key: 'wrong', input_value: 'Lisbon' }, ctx())).rejects.toThrow(
      'SearchApi refused the API key (the API Key field, or the SEARCHAPI_API_KEY variable) (HTTP 401): Invalid API key.',
    );
    searchapi.failNext(429, 'You have exceeded the rate limit.');
    await expect(Search.run({ ...defaults, api_key: searchapi.key, input_value: 'Lisbon' }, ctx())).rejects.toThrow(
      "SearchApi's rate limit or quota was reached (HTTP 429); try again later: You have exceeded the rate limit.",
    );
    await expect(Search.run({ ...defaults, api_key: searchapi.key, input_value: ' ' }, ctx())).rejects.toThrow('SearchApi needs a search query');
    searchapi.delayMs = 1_500;
    try {
      const base = createHttpAccess();
      const quick: HttpAccess = (url, init) => base(url, { ...init, timeoutMs: 1_000 });
      await expect(Search.run({ ...defaults, api_key: searchapi.key, input_value: 'Lisbon' }, ctx({ http: quick }))).rejects.toThrow('SearchApi did not answer within 1 s');
    } finally {
      searchapi.delayMs = 0;
    }
  });

  it("is a tool an Agent calls with input_value, by Langflow's name", async () => {
    const tool = (await Search.run({ ...defaults, api_key: searchapi.key }, ctx({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    const run = await runAgentWithTool(tool, { input_value: 'Instagram captions' });
    expect(run.offered).toEqual([expect.objectContaining({ name: 'fetch_content_dataframe', parameters: expect.objectContaining({ required: ['input_value'] }) })]);
    expect(searchapi.requests.at(-1)!.query.q).toBe('Instagram captions');
    const said = JSON.parse(run.answer.replace(/^TOOL SAID: /, '')) as Record<string, unknown>[];
    expect(said[0]).toMatchObject({ link: 'https://social.example/captions' });
  });
});
