/** Tavily Search and Tavily Extract against a local Tavily: Langflow's rows, the Agent tool, and errors a user can act on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import TavilyExtract from '../../server/components/tavily-extract.js';
import TavilySearch from '../../server/components/tavily-search.js';
import type { HttpAccess } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import { testContext } from '../engine/support.js';
import { runAgentWithTool } from '../support/agent-tool.js';
import { startFakeTavily, type FakeTavily } from '../support/fake-tavily.js';

let tavily: FakeTavily;
beforeAll(async () => {
  tavily = await startFakeTavily();
});
afterAll(async () => tavily.close());

const searchDefaults = Object.fromEntries(TavilySearch.fields.map((f) => [f.name, f.default]));
const extractDefaults = Object.fromEntries(TavilyExtract.fields.map((f) => [f.name, f.default]));
const ctx = (options: { env?: Record<string, string>; variables?: Record<string, string>; http?: HttpAccess; wanted?: string[] } = {}) =>
  testContext({
    http: options.http ?? createHttpAccess(),
    env: { TAVILY_BASE_URL: tavily.baseURL, ...options.env },
    variables: { get: async (name) => options.variables?.[name] },
    wanted: options.wanted ?? ['dataframe'],
  });
const rows = (out: Record<string, unknown>) => (out.dataframe as Data[]).map((d) => d.data);

describe('Tavily Search (TavilySearchComponent)', () => {
  it("sends Langflow's search with the key as a bearer token and gives Langflow's rows: the answer, the results, the images", async () => {
    const out = await TavilySearch.run({ ...searchDefaults, api_key: tavily.key, query: 'treasure metal detector' }, ctx());
    const sent = tavily.requests.at(-1)!;
    expect(sent.path).toBe('/search');
    expect(sent.authorization).toBe(`Bearer ${tavily.key}`);
    expect(sent.body).toEqual({
      query: 'treasure metal detector',
      search_depth: 'advanced',
      topic: 'general',
      max_results: 5,
      include_images: true,
      include_answer: true,
      include_raw_content: false,
      days: 7,
      chunks_per_source: 3,
    });
    const data = rows(out);
    expect(data[0]).toEqual({ text: expect.stringMatching(/^According to How to find buried treasure/) });
    expect(data[1]).toEqual({
      title: 'How to find buried treasure with a metal detector',
      url: 'https://hobby.example/metal-detecting',
      content: expect.stringContaining('metal detector'),
      score: 1,
      text: expect.stringContaining('metal detector'),
    });
    expect(data.slice(1, -1).map((d) => d.url)).toEqual(['https://hobby.example/metal-detecting', 'https://books.example/treasure-island']);
    expect(data.at(-1)).toEqual({ images: ['https://hobby.example/metal-detecting/image.png', 'https://books.example/treasure-island/image.png'], text: 'Images found' });
    expect((out.dataframe as Data[]).every((d) => d.text_key === 'text')).toBe(true);
  });

  it('passes the options: raw content, domains, news days, time range, no chunks for a basic search, no answer or image rows when not asked', async () => {
    const out = await TavilySearch.run(
      {
        ...searchDefaults,
        api_key: tavily.key,
        query: 'treasure',
        search_depth: 'basic',
        topic: 'news',
        days: 3,
        time_range: 'week',
        max_results: 1,
        include_answer: false,
        include_images: false,
        include_raw_content: true,
        include_domains: ' books.example , hobby.example',
        exclude_domains: 'hobby.example',
      },
      ctx(),
    );
    expect(tavily.requests.at(-1)!.body).toEqual({
      query: 'treasure',
      search_depth: 'basic',
      topic: 'news',
      max_results: 1,
      include_images: false,
      include_answer: false,
      include_raw_content: true,
      days: 3,
      time_range: 'week',
      include_domains: ['books.example', 'hobby.example'],
      exclude_domains: ['hobby.example'],
    });
    expect(rows(out)).toEqual([
      {
        title: 'Treasure Island - a novel by Robert Louis Stevenson',
        url: 'https://books.example/treasure-island',
        content: expect.any(String),
        score: 1,
        raw_content: expect.stringMatching(/^# Treasure Island/),
        text: expect.stringMatching(/^Treasure Island is an adventure novel/),
      },
    ]);
  });

  it('reads the key from the TAVILY_API_KEY variable, and says which variable to create when there is none', async () => {
    const out = await TavilySearch.run({ ...searchDefaults, query: 'coffee market' }, ctx({ variables: { TAVILY_API_KEY: tavily.key } }));
    expect(rows(out)[1]?.url).toBe('https://market.example/coffee-2026');
    await expect(TavilySearch.run({ ...searchDefaults, query: 'coffee' }, ctx())).rejects.toThrow(
      'Tavily needs an API key: set the API Key field, or create a Credential variable named TAVILY_API_KEY',
    );
    await expect(TavilySearch.run({ ...searchDefaults, api_key: tavily.key, query: '  ' }, ctx())).rejects.toThrow('Tavily Search needs a Search Query.');
  });

  it('words a refused key, a rate limit, a used-up plan and a timeout', async () => {
    const run = (extra: Record<string, unknown> = {}, http?: HttpAccess) => TavilySearch.run({ ...searchDefaults, api_key: tavily.key, query: 'treasure', ...extra }, ctx({ http }));
    await expect(run({ api_key: 'tvly-wrong' })).rejects.toThrow(
      'Tavily refused the API key (the API Key field, or the TAVILY_API_KEY variable) (HTTP 401): Unauthorized: missing or invalid API key.',
    );
    tavily.failNext(429, 'Your request has been blocked due to excessive requests.');
    await expect(run()).rejects.toThrow("Tavily's rate limit or quota was reached (HTTP 429); try again later: Your request has been blocked due to excessive requests.");
    tavily.failNext(432, 'This request exceeds your plan\'s set usage limit.');
    await expect(run()).rejects.toThrow("Tavily answered HTTP 432: This request exceeds your plan's set usage limit.");
    tavily.delayMs = 1_500;
    try {
      const base = createHttpAccess();
      // The component allows Tavily 90 s, as Langflow does; the test shortens that to one second.
      const quick: HttpAccess = (url, init) => base(url, { ...init, timeoutMs: 1_000 });
      await expect(run({}, quick)).rejects.toThrow('Tavily did not answer within 1 s');
    } finally {
      tavily.delayMs = 0;
    }
  });

  it("is a tool an Agent calls with a query, getting the rows as JSON, by Langflow's name; an Actions row rewords it", async () => {
    const out = await TavilySearch.run({ ...searchDefaults, api_key: tavily.key }, ctx({ wanted: ['component_as_tool'] }));
    const tool = out.component_as_tool as Tool;
    expect(tool.name).toBe('fetch_content_dataframe');
    const run = await runAgentWithTool(tool, { query: 'Lisbon flights' });
    expect(run.offered).toEqual([expect.objectContaining({ name: 'fetch_content_dataframe', parameters: expect.objectContaining({ required: ['query'] }) })]);
    expect(tavily.requests.at(-1)!.body.query).toBe('Lisbon flights');
    const said = JSON.parse(run.answer.replace(/^TOOL SAID: /, '')) as Record<string, unknown>[];
    expect(said[1]).toMatchObject({ title: 'Cheap flights to Lisbon in spring', url: 'https://travel.example/lisbon-flights' });

    const row = { name: 'fetch_content_dataframe', description: 'Search the web for current facts.', status: true, tags: ['fetch_content_dataframe'] };
    const reworded = (await TavilySearch.run({ ...searchDefaults, api_key: tavily.key, tools_metadata: [row] }, ctx({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    expect(reworded).toMatchObject({ name: 'fetch_content_dataframe', description: 'Search the web for current facts.' });

    const failing = (await TavilySearch.run({ ...searchDefaults, api_key: 'tvly-wrong' }, ctx({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    expect((await runAgentWithTool(failing, { query: 'x' })).answer).toContain('Tavily refused the API key');
  });
});

describe('Tavily Extract (TavilyExtractComponent)', () => {
  it("extracts pages, one row per page and a row of the failed ones, as Langflow's rows", async () => {
    const out = await TavilyExtract.run(
      { ...extractDefaults, api_key: tavily.key, urls: 'https://books.example/treasure-island, https://nowhere.example/, ', include_images: true },
      ctx(),
    );
    const sent = tavily.requests.at(-1)!;
    expect(sent).toMatchObject({ path: '/extract', authorization: `Bearer ${tavily.key}` });
    expect(sent.body).toEqual({ urls: ['https://books.example/treasure-island', 'https://nowhere.example/'], extract_depth: 'basic', include_images: true });
    expect(rows(out)).toEqual([
      {
        url: 'https://books.example/treasure-island',
        raw_content: expect.stringMatching(/^Treasure Island - a novel/),
        images: ['https://books.example/treasure-island/image.png'],
        text: expect.stringMatching(/^Treasure Island - a novel/),
      },
      { failed_results: [{ url: 'https://nowhere.example/', error: 'Failed to fetch url' }], text: 'Failed extractions' },
    ]);
    await expect(TavilyExtract.run({ ...extractDefaults, api_key: tavily.key, urls: ' , ' }, ctx())).rejects.toThrow('Tavily Extract needs URLs');
  });

  it('is a tool with Langflow\'s name', async () => {
    const tool = (await TavilyExtract.run({ ...extractDefaults, api_key: tavily.key }, ctx({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    const run = await runAgentWithTool(tool, { urls: 'https://science.example/quantum' });
    expect(run.offered.map((t) => t.name)).toEqual(['fetch_content']);
    expect(run.answer).toContain('Qubits hold superpositions');
  });
});
