/**
 * The starters that use AgentQL, ScrapeGraph, Needle and Yahoo! Finance, run end to end on a real server whose fake
 * model calls the starter's tool (by the name in the starter's Actions table): each service's fake
 * must get the call, and the agent's answer must carry what it said. (The census only builds the
 * tools: its model never calls them.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENTQL_TEST_KEY, startFakeAgentQL } from '../support/fake-agentql.js';
import type { FakeJsonService } from '../support/fake-json-service.js';
import { NEEDLE_TEST_KEY, startFakeNeedle } from '../support/fake-needle.js';
import { startFakeOpenAI, type FakeOpenAI, type FakeTurn } from '../support/fake-openai.js';
import { SCRAPEGRAPH_TEST_KEY, startFakeScrapeGraph } from '../support/fake-scrapegraph.js';
import { startFakeYahooFinance } from '../support/fake-yahoo-finance.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const STARTERS_DIR = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters');
type Json = Record<string, any>;

/** What the fake model asks each tool. */
const CALLS: Record<string, Record<string, unknown>> = {
  build_output: { url: 'https://news.example/today', prompt: 'the top headlines' },
  search: { user_prompt: 'treasure islands' },
  run: { query: 'invoice total due' },
  fetch_content_dataframe: { symbol: 'AAPL' },
};

/** Calls the first tool it is offered that CALLS knows, once; then answers with what the tool said. */
function toolCallingModel(body: Record<string, unknown>): FakeTurn {
  const messages = body.messages as { role: string; content: unknown }[];
  const last = messages.at(-1)!;
  if (last.role === 'tool') return { text: `TOOL SAID: ${String(last.content)}` };
  const offered = ((body.tools ?? []) as { function: { name: string } }[]).map((t) => t.function.name);
  const name = offered.find((n) => n in CALLS);
  return name ? { toolCalls: [{ name, arguments: CALLS[name]! }] } : { text: 'no tool' };
}

let openai: FakeOpenAI;
let agentql: FakeJsonService;
let scrapegraph: FakeJsonService;
let needle: FakeJsonService;
let yahoo: FakeJsonService;
let server: SpawnedServer;

beforeAll(async () => {
  [openai, agentql, scrapegraph, needle, yahoo] = await Promise.all([startFakeOpenAI({ respond: toolCallingModel }), startFakeAgentQL(), startFakeScrapeGraph(), startFakeNeedle(), startFakeYahooFinance()]);
  server = await spawnServer({
    env: {
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_API_KEY: 'sk-openai-test',
      AGENTQL_BASE_URL: agentql.url,
      AGENTQL_API_KEY: AGENTQL_TEST_KEY,
      SCRAPEGRAPH_BASE_URL: `${scrapegraph.url}/v1`,
      SCRAPEGRAPH_API_KEY: SCRAPEGRAPH_TEST_KEY,
      NEEDLE_BASE_URL: `${needle.url}/api/v1`,
      NEEDLE_API_KEY: NEEDLE_TEST_KEY,
      YAHOO_FINANCE_BASE_URL: yahoo.url,
      YAHOO_FINANCE_COOKIE_URL: `${yahoo.url}/fc`,
    },
  });
  const chosen = await request(server.url, 'POST', '/api/v1/models/default_model', { json: { provider: 'OpenAI', model_name: 'gpt-4o-mini', model_type: 'language' } });
  expect(chosen.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all([openai, agentql, scrapegraph, needle, yahoo].map((s) => s?.close()));
});

const readStarter = (file: string) => JSON.parse(readFileSync(path.join(STARTERS_DIR, file), 'utf8')) as Json;

async function runStarter(file: string, tweaks: Json = {}, edit: (flow: Json) => Json = (flow) => flow): Promise<string> {
  const flow = edit(readStarter(file));
  const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: flow });
  expect(uploaded.status).toBe(201);
  const id = (Array.isArray(uploaded.body) ? uploaded.body[0] : uploaded.body).id as string;
  const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'Go.', tweaks } });
  expect(res.status, res.text).toBe(200);
  return res.body.outputs[0].outputs[0].results.message.text as string;
}

describe('starters with data and scraping services, their tools called', () => {
  it('News Aggregator: the agent extracts a page with AgentQL', async () => {
    const answer = await runStarter('News Aggregator.json');
    expect(answer).toContain('the top headlines (from https://news.example/today)');
    expect(agentql.requests.at(-1)?.body).toMatchObject({ url: 'https://news.example/today', prompt: 'the top headlines', query: '', params: { mode: 'fast' } });
    // The starter turns stealth mode on.
    expect(agentql.requests.at(-1)?.body.metadata).toEqual({ experimental_stealth_mode_enabled: true });
  });

  it('Search agent: the agent searches with ScrapeGraph', async () => {
    const answer = await runStarter('Search agent.json');
    expect(answer).toContain('What the web says about: treasure islands');
    expect(scrapegraph.requests.at(-1)?.body.user_prompt).toBe('treasure islands');
  });

  it("Invoice Summarizer: the agent searches the user's Needle collection", async () => {
    const answer = await runStarter('Invoice Summarizer.json', { 'needle-3GWxP': { collection_id: 'clt_invoices' } });
    expect(answer).toContain('Question: invoice total due');
    expect(answer).toContain('Invoice INV-001 from Acme Corp');
    expect(needle.requests.at(-1)?.path).toBe('/api/v1/collections/clt_invoices/search');
  });

  it("Sequential Tasks Agents (its Tavily node taken out, another helper's service): the finance agent reads Yahoo! Finance news", async () => {
    const withoutTavily = (flow: Json) => {
      const tavily = (flow.data.nodes as Json[]).filter((n) => n.data?.type === 'TavilySearchComponent').map((n) => n.id as string);
      flow.data.nodes = (flow.data.nodes as Json[]).filter((n) => !tavily.includes(n.id));
      flow.data.edges = (flow.data.edges as Json[]).filter((e) => !tavily.includes(e.source) && !tavily.includes(e.target));
      return flow;
    };
    const before = openai.requests.length;
    // The starter's third agent (Agent-X1iAT) has no input connected and none typed, which Flowdesk's Agent refuses: give it one.
    await runStarter('Sequential Tasks Agents.json', { 'Agent-X1iAT': { input_value: 'Write the report.' } }, withoutTavily);
    expect(yahoo.requests.filter((r) => r.path === '/v1/finance/search').at(-1)?.query).toMatchObject({ q: 'AAPL', newsCount: '5' });
    // The finance agent's model got the starter's five headlines as "title: link" lines.
    const toolAnswers = openai.requests.slice(before).flatMap((r) => (r.body.messages as { role: string; content: unknown }[]).filter((m) => m.role === 'tool').map((m) => String(m.content)));
    expect(toolAnswers).toContain(
      'Apple unveils a new treasure map app: https://finance.yahoo.com/news/apple-treasure-1.html\nApple shares rise after earnings: https://finance.yahoo.com/news/apple-earnings-2.html\nWhat analysts say about Apple: https://finance.yahoo.com/news/apple-analysts-3.html',
    );
  });
});
