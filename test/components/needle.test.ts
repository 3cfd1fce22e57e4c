/** Needle Retriever against a local Needle search API: Langflow's message text, the tool an Agent calls, and errors. */
import { afterEach, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import Needle from '../../server/components/needle.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import { NEEDLE_TEST_KEY, startFakeNeedle, type FakeNeedleOptions } from '../support/fake-needle.js';
import { startFakeOpenAI, type FakeTurn } from '../support/fake-openai.js';

const defaults = Object.fromEntries(Needle.fields.map((f) => [f.name, f.default]));
const agentDefaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(options: FakeNeedleOptions = {}) {
  const server = await startFakeNeedle(options);
  servers.push(server);
  return server;
}
const ctxFor = (url: string, env: Record<string, string> = {}, wanted?: string[]) =>
  testContext({ http: createHttpAccess(), env: { NEEDLE_BASE_URL: `${url}/api/v1`, ...env }, wanted });

describe('needle', () => {
  it('searches the collection (top_k at least 20) and answers the question with the documents found, numbered', async () => {
    const needle = await fake();
    const out = await Needle.run({ ...defaults, needle_api_key: NEEDLE_TEST_KEY, collection_id: 'clt_invoices', query: 'invoice total due', top_k: 5 }, ctxFor(needle.url, {}, ['result']));
    expect((out.result as Message).text).toBe(
      'Question: invoice total due\n\nContext:\nDocument 1:\nInvoice INV-001 from Acme Corp: total due 1,250.00 USD by 2025-01-31.\n\nDocument 2:\nInvoice INV-002 from Globex: total due 980.50 EUR by 2025-02-15.',
    );
    expect((out.result as Message).sender).toBe('Machine');
    const [request] = needle.requests;
    expect(request?.path).toBe('/api/v1/collections/clt_invoices/search');
    expect(request?.headers['x-api-key']).toBe(NEEDLE_TEST_KEY);
    expect(request?.body).toEqual({ text: 'invoice total due', max_distance: null, top_k: 20 });

    const none = await Needle.run({ ...defaults, needle_api_key: NEEDLE_TEST_KEY, collection_id: 'clt_invoices', query: 'unrelated zebra' }, ctxFor(needle.url, {}, ['result']));
    expect((none.result as Message).text).toBe('No relevant documents found for the query.');
  });

  it('is the `run` tool an Agent calls with a query (key from NEEDLE_API_KEY)', async () => {
    const needle = await fake();
    const model = await startFakeOpenAI({
      respond: (body): FakeTurn => {
        const last = (body.messages as { role: string; content: string }[]).at(-1)!;
        if (last.role === 'tool') return { text: `Summary of: ${last.content}` };
        return { toolCalls: [{ name: 'run', arguments: { query: 'Globex invoice', top_k: 50 } }] };
      },
    });
    servers.push(model);
    const tool = (await Needle.run({ ...defaults, collection_id: 'clt_invoices' }, ctxFor(needle.url, { NEEDLE_API_KEY: NEEDLE_TEST_KEY }, ['component_as_tool']))).component_as_tool as Tool;
    expect(tool.name).toBe('run');
    const answer = await Agent.run(
      { ...agentDefaults, input_value: 'What do we owe Globex?', tools: [tool], add_current_date_tool: false },
      testContext({ env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'sk-test' } }),
    );
    expect((answer.response as Message).text).toContain('Document 1:\nInvoice INV-002 from Globex');
    expect(needle.requests[0]?.body).toEqual({ text: 'Globex invoice', max_distance: null, top_k: 50 });
  });

  it('words a missing key, a missing collection id, a refused key, an unknown collection and a rate limit', async () => {
    const needle = await fake();
    const run = (values: Record<string, unknown>, url = needle.url) => Needle.run({ ...defaults, collection_id: 'clt_invoices', query: 'invoice', ...values }, ctxFor(url, {}, ['result']));
    await expect(run({})).rejects.toThrow('Needle needs an API key: set the API Key field, or create a Credential variable named NEEDLE_API_KEY');
    await expect(run({ needle_api_key: NEEDLE_TEST_KEY, collection_id: ' ' })).rejects.toThrow('The Collection ID cannot be empty.');
    await expect(run({ needle_api_key: 'bad' })).rejects.toThrow('Needle refused the API key (the API Key field, or the NEEDLE_API_KEY variable) (HTTP 401): Invalid API key');
    await expect(run({ needle_api_key: NEEDLE_TEST_KEY, collection_id: 'clt_nope' })).rejects.toThrow('Needle answered HTTP 404: Collection clt_nope not found');
    const limited = await fake({ fail: { status: 429, message: 'Too many requests' } });
    await expect(run({ needle_api_key: NEEDLE_TEST_KEY }, limited.url)).rejects.toThrow("Needle's rate limit or quota was reached (HTTP 429); try again later: Too many requests");
  });
});
