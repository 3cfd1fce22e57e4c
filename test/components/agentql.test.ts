/** AgentQL ("Extract Web Data") against a local AgentQL REST API: the data, the tool an Agent calls, and errors a user can act on. */
import { afterEach, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import AgentQL from '../../server/components/agentql.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import { AGENTQL_TEST_KEY, startFakeAgentQL, type FakeAgentQLOptions } from '../support/fake-agentql.js';
import { startFakeOpenAI, type FakeTurn } from '../support/fake-openai.js';

const defaults = Object.fromEntries(AgentQL.fields.map((f) => [f.name, f.default]));
const agentDefaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(options: FakeAgentQLOptions = {}) {
  const server = await startFakeAgentQL(options);
  servers.push(server);
  return server;
}
const ctxFor = (url: string, env: Record<string, string> = {}, wanted?: string[]) =>
  testContext({ http: createHttpAccess(), env: { AGENTQL_BASE_URL: url, ...env }, wanted });

describe('AgentQL', () => {
  it("posts Langflow's query-data request and gives { result, metadata } as Data", async () => {
    const agentql = await fake();
    const out = await AgentQL.run(
      { ...defaults, api_key: AGENTQL_TEST_KEY, url: 'https://shop.example/deals', query: '{ products[] { name price } }', is_screenshot_enabled: true, mode: 'standard', wait_for: 2 },
      ctxFor(agentql.url, {}, ['data']),
    );
    const data = out.data as Data;
    expect(data.data).toEqual({
      result: { products: 'products of https://shop.example/deals', name: 'name of https://shop.example/deals', price: 'price of https://shop.example/deals' },
      metadata: { request_id: 'req-1', screenshot: Buffer.from('screenshot of https://shop.example/deals').toString('base64') },
    });
    const [request] = agentql.requests;
    expect(request?.headers['x-api-key']).toBe(AGENTQL_TEST_KEY);
    expect(request?.headers['x-tf-request-origin']).toBe('langflow');
    expect(request?.body).toEqual({
      url: 'https://shop.example/deals',
      query: '{ products[] { name price } }',
      prompt: '',
      params: { mode: 'standard', wait_for: 2, is_scroll_to_bottom_enabled: false, is_screenshot_enabled: true },
      metadata: { experimental_stealth_mode_enabled: false },
    });
  });

  it('takes the key from the AGENTQL_API_KEY variable, and asks for exactly one of query and prompt', async () => {
    const agentql = await fake();
    const out = await AgentQL.run({ ...defaults, url: 'https://news.example', prompt: 'the headlines' }, ctxFor(agentql.url, { AGENTQL_API_KEY: AGENTQL_TEST_KEY }, ['data']));
    expect((out.data as Data).data.result).toEqual({ answer: 'the headlines (from https://news.example)' });
    await expect(AgentQL.run({ ...defaults, api_key: 'k', url: 'https://a.example' }, ctxFor(agentql.url, {}, ['data']))).rejects.toThrow('Either Query or Prompt must be provided.');
    await expect(AgentQL.run({ ...defaults, api_key: 'k', url: 'https://a.example', query: '{ a }', prompt: 'b' }, ctxFor(agentql.url, {}, ['data']))).rejects.toThrow(
      "Both Query and Prompt can't be provided at the same time.",
    );
    expect(agentql.requests).toHaveLength(1);
  });

  it('is a tool an Agent calls with a URL and a prompt', async () => {
    const agentql = await fake();
    const model = await startFakeOpenAI({
      respond: (body): FakeTurn => {
        const last = (body.messages as { role: string; content: string }[]).at(-1)!;
        if (last.role === 'tool') return { text: `Found: ${last.content}` };
        return { toolCalls: [{ name: 'build_output', arguments: { url: 'https://news.example/today', prompt: 'top story title' } }] };
      },
    });
    servers.push(model);
    const ctx = ctxFor(agentql.url, { AGENTQL_API_KEY: AGENTQL_TEST_KEY }, ['component_as_tool']);
    // A query typed in the field does not ride along with the model's prompt (Langflow's tool arguments default to '').
    const tool = (await AgentQL.run({ ...defaults, query: '{ field_query }' }, ctx)).component_as_tool as Tool;
    expect(tool.name).toBe('build_output');
    expect(tool.parameters.required).toEqual(['url']);
    expect(agentql.requests).toHaveLength(0);
    const answer = await Agent.run(
      { ...agentDefaults, input_value: 'What is the top story?', tools: [tool], add_current_date_tool: false },
      testContext({ env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'sk-test' } }),
    );
    expect((answer.response as Message).text).toContain('top story title (from https://news.example/today)');
    expect(agentql.requests[0]?.body).toMatchObject({ url: 'https://news.example/today', prompt: 'top story title', query: '' });
  });

  it("says what to do: a missing key names the variable, a refused key, the rate limit, AgentQL's error_info, a timeout", async () => {
    const agentql = await fake();
    const run = (values: Record<string, unknown>, url = agentql.url) => AgentQL.run({ ...defaults, url: 'https://a.example', query: '{ a }', ...values }, ctxFor(url, {}, ['data']));
    await expect(run({})).rejects.toThrow('AgentQL needs an API key: set the API Key field, or create a Credential variable named AGENTQL_API_KEY');
    await expect(run({ api_key: 'wrong' })).rejects.toThrow('AgentQL refused the API key (the API Key field, or the AGENTQL_API_KEY variable) (HTTP 401): Invalid or missing API key.');
    const limited = await fake({ fail: { status: 429, error_info: 'Too many requests' } });
    await expect(run({ api_key: AGENTQL_TEST_KEY }, limited.url)).rejects.toThrow("AgentQL's rate limit or quota was reached (HTTP 429); try again later: Too many requests");
    const failing = await fake({ fail: { status: 400, error_info: 'Failed to load the page' } });
    await expect(run({ api_key: AGENTQL_TEST_KEY }, failing.url)).rejects.toThrow('AgentQL answered HTTP 400: Failed to load the page');
    const slow = await fake({ delayMs: 3_000 });
    await expect(run({ api_key: AGENTQL_TEST_KEY, timeout: 1 }, slow.url)).rejects.toThrow('AgentQL did not answer within 1 s');
  });
});
