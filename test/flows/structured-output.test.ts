/**
 * Structured Output in a flow run over HTTP on a spawned server: Langflow's own Financial Report
 * Parser starter (Chat Input → Structured Output's DataFrame → Parser → Chat Output), byte for
 * byte, against fakes of OpenAI and Anthropic that answer the forced tool call.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const STARTER = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters', 'Financial Report Parser.json');
const NODE = 'StructuredOutput-il3eU';
const REPORT = 'Q3: EBITDA was $1.2M, net income $0.4M and gross profit $2.9M.';

let structured: unknown;
let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
let server: SpawnedServer;
let flowId: string;

beforeAll(async () => {
  openai = await startFakeOpenAI({ structured: () => structured });
  anthropic = await startFakeAnthropic({ structured: () => structured });
  server = await spawnServer({
    env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-openai-test', ANTHROPIC_BASE_URL: anthropic.baseURL, ANTHROPIC_API_KEY: 'sk-anthropic-test' },
  });
  const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: JSON.parse(readFileSync(STARTER, 'utf8')) as Json });
  expect(uploaded.status, uploaded.text).toBe(201);
  flowId = (Array.isArray(uploaded.body) ? uploaded.body[0] : uploaded.body).id;
});
afterAll(async () => {
  await server?.stop();
  await Promise.all([openai?.close(), anthropic?.close()]);
});

const run = (tweaks: Json = {}) => request(server.url, 'POST', `/api/v1/run/${flowId}`, { json: { input_value: REPORT, tweaks: { [NODE]: tweaks } } });
const answer = async (tweaks: Json = {}) => {
  const res = await run(tweaks);
  expect(res.status, res.text).toBe(200);
  return res.body.outputs[0].outputs[0].results.message.text as string;
};
const row = (EBITDA: unknown, NET_INCOME: unknown, GROSS_PROFIT: unknown) => ({ EBITDA, NET_INCOME, GROSS_PROFIT });

describe('Structured Output in a flow run over HTTP', () => {
  it('asks OpenAI for the forced tool of the starter\'s schema and parses the answer into the DataFrame the Parser reads', async () => {
    structured = { objects: [row('$1.2M', '$0.4M', '$2.9M')] };
    expect(await answer()).toBe('EBITDA: $1.2M  ,  Net Income: $0.4M , GROSS_PROFIT: $2.9M');
    const body = openai.requests.at(-1)!.body;
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'OutputModel' } });
    expect((body.messages as Json[]).at(-1)).toEqual({ role: 'user', content: REPORT });
    const item = (body.tools as Json[])[0]!.function.parameters.properties.objects.items;
    expect(Object.keys(item.properties)).toEqual(['EBITDA', 'NET_INCOME', 'GROSS_PROFIT']);
    expect(item.required).toEqual(['EBITDA', 'NET_INCOME', 'GROSS_PROFIT']);
  });

  it('gives one DataFrame row per object, and follows a tweaked model, schema name and schema', async () => {
    structured = { objects: [row('1', '2', '3'), row('4', '5', '6')] };
    expect(await answer({ model: [{ name: 'claude-haiku-4-5-20251001', provider: 'Anthropic' }], schema_name: 'Figures' })).toBe(
      'EBITDA: 1  ,  Net Income: 2 , GROSS_PROFIT: 3\nEBITDA: 4  ,  Net Income: 5 , GROSS_PROFIT: 6',
    );
    const body = anthropic.requests.at(-1)!.body;
    expect(body.model).toBe('claude-haiku-4-5-20251001');
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'Figures' });

    structured = { objects: [{ EBITDA: 1200000, NET_INCOME: 400000, GROSS_PROFIT: 2900000.5 }] };
    const ints = [
      { name: 'EBITDA', description: 'in dollars', type: 'int', multiple: 'False' },
      { name: 'NET_INCOME', description: 'in dollars', type: 'int', multiple: 'False' },
      { name: 'GROSS_PROFIT', description: 'in dollars', type: 'float', multiple: 'False' },
    ];
    expect(await answer({ output_schema: ints })).toBe('EBITDA: 1200000  ,  Net Income: 400000 , GROSS_PROFIT: 2900000.5');
  });

  it('fails the run naming the component when the answer does not fit the schema', async () => {
    structured = { objects: [row(1.2, '$0.4M', null)] };
    const res = await run();
    expect(res.status).toBe(500);
    expect(res.text).toContain(
      'Error building Component Structured Output: The model\'s answer does not match the output schema: objects.0.EBITDA: Input should be a valid string (got 1.2); objects.0.GROSS_PROFIT: Input should be a valid string (got null)',
    );
  });
});
