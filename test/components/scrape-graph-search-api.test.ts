/** ScrapeGraph Search API against a local ScrapeGraph v1 API: the answer as Data, the tool an Agent calls, and errors. */
import { afterEach, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import ScrapeGraph from '../../server/components/scrape-graph-search-api.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import { startFakeOpenAI, type FakeTurn } from '../support/fake-openai.js';
import { SCRAPEGRAPH_TEST_KEY, startFakeScrapeGraph, type FakeScrapeGraphOptions } from '../support/fake-scrapegraph.js';

const defaults = Object.fromEntries(ScrapeGraph.fields.map((f) => [f.name, f.default]));
const agentDefaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(options: FakeScrapeGraphOptions = {}) {
  const server = await startFakeScrapeGraph(options);
  servers.push(server);
  return server;
}
const ctxFor = (url: string, env: Record<string, string> = {}, wanted?: string[]) =>
  testContext({ http: createHttpAccess(), env: { SCRAPEGRAPH_BASE_URL: `${url}/v1`, ...env }, wanted });

describe('ScrapeGraphSearchApi', () => {
  it("sends scrapegraph-py's searchscraper request and gives the whole answer as the Data's values", async () => {
    const sg = await fake({ search: (prompt) => ({ result: { latest_python: '3.13', asked: prompt }, reference_urls: ['https://python.org'] }) });
    const out = await ScrapeGraph.run({ ...defaults, api_key: SCRAPEGRAPH_TEST_KEY, user_prompt: 'latest Python version?' }, ctxFor(sg.url, {}, ['data']));
    const data = (out.data as Data).data;
    expect(data).toMatchObject({ status: 'completed', user_prompt: 'latest Python version?', result: { latest_python: '3.13', asked: 'latest Python version?' }, reference_urls: ['https://python.org'], error: '' });
    expect(typeof data.request_id).toBe('string');
    const [request] = sg.requests;
    expect(request?.path).toBe('/v1/searchscraper');
    expect(request?.headers['sgai-apikey']).toBe(SCRAPEGRAPH_TEST_KEY);
    expect(request?.body).toEqual({ user_prompt: 'latest Python version?', num_results: 3, extraction_mode: true, mock: false, render_heavy_js: false, stealth: false });
  });

  it('is the `search` tool an Agent calls with a prompt (key from SCRAPEGRAPH_API_KEY)', async () => {
    const sg = await fake();
    const model = await startFakeOpenAI({
      respond: (body): FakeTurn => {
        const last = (body.messages as { role: string; content: string }[]).at(-1)!;
        if (last.role === 'tool') return { text: `Search said: ${last.content}` };
        return { toolCalls: [{ name: 'search', arguments: { user_prompt: 'best pizza in Naples' } }] };
      },
    });
    servers.push(model);
    const tool = (await ScrapeGraph.run({ ...defaults }, ctxFor(sg.url, { SCRAPEGRAPH_API_KEY: SCRAPEGRAPH_TEST_KEY }, ['component_as_tool']))).component_as_tool as Tool;
    expect(tool.name).toBe('search');
    const answer = await Agent.run(
      { ...agentDefaults, input_value: 'Where to eat pizza?', tools: [tool], add_current_date_tool: false },
      testContext({ env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'sk-test' } }),
    );
    expect((answer.response as Message).text).toContain('What the web says about: best pizza in Naples');
    expect(sg.requests.map((r) => r.body.user_prompt)).toEqual(['best pizza in Naples']);
  });

  it('refuses an empty prompt before calling, and words missing or refused keys and quotas', async () => {
    const sg = await fake();
    const run = (values: Record<string, unknown>, url = sg.url) => ScrapeGraph.run({ ...defaults, user_prompt: 'news', ...values }, ctxFor(url, {}, ['data']));
    await expect(run({ api_key: SCRAPEGRAPH_TEST_KEY, user_prompt: '  ' })).rejects.toThrow('User prompt cannot be empty');
    await expect(run({})).rejects.toThrow('ScrapeGraph AI needs an API key: set the API Key field, or create a Credential variable named SCRAPEGRAPH_API_KEY');
    await expect(run({ api_key: 'sgai-wrong' })).rejects.toThrow('ScrapeGraph AI refused the API key (the API Key field, or the SCRAPEGRAPH_API_KEY variable) (HTTP 401): Invalid API key');
    const broke = await fake({ fail: { status: 402, detail: 'Insufficient credits' } });
    await expect(run({ api_key: SCRAPEGRAPH_TEST_KEY }, broke.url)).rejects.toThrow("ScrapeGraph AI says the account's credits or plan are used up (HTTP 402): Insufficient credits");
    const limited = await fake({ fail: { status: 429, detail: 'Rate limit exceeded' } });
    await expect(run({ api_key: SCRAPEGRAPH_TEST_KEY }, limited.url)).rejects.toThrow("ScrapeGraph AI's rate limit or quota was reached (HTTP 429)");
    expect(sg.requests).toHaveLength(1);
  });
});
