/** Serp Search API (`Serp`, also `SerpAPI` and `SerpComponent`) against a local SerpApi: Langflow's rows and text, the Agent tool, and errors a user can act on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import Serp from '../../server/components/serp.js';
import { createRegistry } from '../../server/engine/registry.js';
import type { HttpAccess } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import { runAgentWithTool } from '../support/agent-tool.js';
import { startFakeSerpApi, type FakeSerpApi } from '../support/fake-serpapi.js';

let serp: FakeSerpApi;
beforeAll(async () => {
  serp = await startFakeSerpApi();
});
afterAll(async () => serp.close());

const defaults = Object.fromEntries(Serp.fields.map((f) => [f.name, f.default]));
const ctx = (options: { variables?: Record<string, string>; env?: Record<string, string>; http?: HttpAccess; wanted?: string[] } = {}) =>
  testContext({
    http: options.http ?? createHttpAccess(),
    env: { SERPAPI_BASE_URL: serp.baseURL, ...options.env },
    variables: { get: async (name) => options.variables?.[name] },
    wanted: options.wanted,
  });

describe('Serp Search API (Serp)', () => {
  it('is known by its older key and its class name too', () => {
    const registry = createRegistry(builtinComponents);
    for (const key of ['Serp', 'SerpAPI', 'SerpComponent']) expect(registry.get(key), key).toBe(Serp);
  });

  it("searches with LangChain's default parameters and the key as api_key, giving Langflow's Data rows and the snippets as text", async () => {
    const out = await Serp.run({ ...defaults, serpapi_api_key: serp.key, input_value: 'coffee machine market treasure', max_results: 2, max_snippet_length: 30 }, ctx());
    expect(serp.requests.at(-1)).toEqual({
      path: '/search',
      query: { engine: 'google', google_domain: 'google.com', gl: 'us', hl: 'en', q: 'coffee machine market treasure', api_key: serp.key, output: 'json' },
    });
    const rows = (out.data as Data[]).map((d) => d.data);
    expect(rows[0]).toEqual({
      title: 'Market research: the coffee ma',
      link: 'https://market.example/coffee-2026',
      snippet: 'The coffee machine market grew',
      text: 'The coffee machine market grew 4% in 2026; espresso machines lead, pod machines decline.',
    });
    expect(rows).toHaveLength(2);
    expect((out.text as Message).text).toBe(`${String(rows[0]!.text)}\n${String(rows[1]!.text)}\n`);
  });

  it('replaces the default parameters with the given ones, and reads the key from SERPAPI_API_KEY', async () => {
    await Serp.run({ ...defaults, input_value: 'Lisbon', search_params: [{ engine: 'bing' }, { key: 'num', value: '1' }] }, ctx({ variables: { SERPAPI_API_KEY: serp.key } }));
    expect(serp.requests.at(-1)!.query).toEqual({ engine: 'bing', num: '1', q: 'Lisbon', api_key: serp.key, output: 'json' });
  });

  it('says which variable to create, that the key was refused (without showing it), a quota, a timeout', async () => {
    await expect(Serp.run({ ...defaults, input_value: 'x' }, ctx())).rejects.toThrow('SerpApi needs an API key: set the API Key field, or create a Credential variable named SERPAPI_API_KEY');
    await expect(Serp.run({ ...defaults, serpapi_api_key: 'wrong', input_value: 'x' }, ctx())).rejects.toThrow('SerpApi refused the API key (the API Key field, or the SERPAPI_API_KEY variable) (HTTP 401): Invalid API key.');
    serp.failNext(429, 'Your account has run out of searches.');
    await expect(Serp.run({ ...defaults, serpapi_api_key: serp.key, input_value: 'x' }, ctx())).rejects.toThrow("SerpApi's rate limit or quota was reached (HTTP 429); try again later: Your account has run out of searches.");
    serp.delayMs = 1_500;
    try {
      const base = createHttpAccess();
      const quick: HttpAccess = (url, init) => base(url, { ...init, timeoutMs: 1_000 });
      await expect(Serp.run({ ...defaults, serpapi_api_key: serp.key, input_value: 'x' }, ctx({ http: quick }))).rejects.toThrow('SerpApi did not answer within 1 s');
    } finally {
      serp.delayMs = 0;
    }
    // Unreachable: the message quotes the URL, with the key (a URL parameter for SerpApi) masked.
    const error = await Serp.run({ ...defaults, serpapi_api_key: 'secret-key-123', input_value: 'x' }, ctx({ env: { SERPAPI_BASE_URL: 'http://127.0.0.1:9' } })).catch((e: Error) => e);
    expect(String(error)).toMatch(/SerpApi could not be reached/);
    expect(String(error)).not.toContain('secret-key-123');
  });

  it("is a tool an Agent calls with input_value, by Langflow's name", async () => {
    const tool = (await Serp.run({ ...defaults, serpapi_api_key: serp.key }, ctx({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    const run = await runAgentWithTool(tool, { input_value: 'quantum computing' });
    expect(run.offered).toEqual([expect.objectContaining({ name: 'fetch_content', parameters: expect.objectContaining({ required: ['input_value'] }) })]);
    const said = JSON.parse(run.answer.replace(/^TOOL SAID: /, '')) as Record<string, unknown>[];
    expect(said[0]).toMatchObject({ link: 'https://science.example/quantum' });
  });
});
