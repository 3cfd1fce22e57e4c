/**
 * The Prompt's template modes through a real server: Langflow's Basic Prompting starter, its Prompt
 * set to `Say {{word}} and {literal}` in each mode, imported and run against the fake OpenAI; and
 * Basic Prompt Chaining, whose prompts are fed through `tool_placeholder`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const STARTERS_DIR = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters');
const starter = (file: string) => JSON.parse(readFileSync(path.join(STARTERS_DIR, file), 'utf8')) as Json;
const PROMPT = 'Prompt-xvuxC';

let openai: FakeOpenAI;
let server: SpawnedServer;

beforeAll(async () => {
  openai = await startFakeOpenAI({ respond: () => ({ text: 'ok' }) });
  server = await spawnServer({ env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-openai-test' } });
});
afterAll(async () => {
  await server?.stop();
  await openai?.close();
});

/** Basic Prompting with its Prompt's template (and the Langflow fields given) replaced. */
async function importBasicPrompting(template: string, fields: Json): Promise<string> {
  const flow = starter('Basic Prompting.json');
  const node = (flow.data.nodes as Json[]).find((n) => n.id === PROMPT)!;
  node.data.node.template.template.value = template;
  for (const [name, value] of Object.entries(fields)) node.data.node.template[name].value = value;
  const res = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: flow });
  expect(res.status, res.text).toBe(201);
  return (Array.isArray(res.body) ? res.body[0] : res.body).id as string;
}

const systemPrompt = () => String((openai.requests.at(-1)!.body.messages as { role: string; content: string }[]).find((m) => m.role === 'system')?.content);

describe('Prompt template modes over HTTP', () => {
  it('double brackets: {{word}} is the variable, {literal} stays as written', async () => {
    const id = await importBasicPrompting('Say {{word}} and {literal}', { use_double_brackets: true });
    const stored = (await request(server.url, 'GET', `/api/v1/flows/${id}?format=flowdesk`)).body;
    expect(stored.data.nodes.find((n: Json) => n.id === PROMPT).data.values).toMatchObject({ use_double_brackets: true, mode: 'f-string' });
    const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'hi', tweaks: { [PROMPT]: { word: 'ahoy' } } } });
    expect(res.status, res.text).toBe(200);
    expect(systemPrompt()).toBe('Say ahoy and {literal}');
  });

  it('single brackets (as the starter has it): {literal} is the variable, {{word}} the text {word}', async () => {
    const id = await importBasicPrompting('Say {{word}} and {literal}', {});
    const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'hi', tweaks: { [PROMPT]: { literal: 'this' } } } });
    expect(res.status, res.text).toBe(200);
    expect(systemPrompt()).toBe('Say {word} and this');
  });

  it('the older mode tab set to {{variable}} selects double brackets too', async () => {
    const id = await importBasicPrompting('Say {{word}} and {literal}', { mode: '{{variable}}' });
    const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'hi', tweaks: { [PROMPT]: { word: 'hello' } } } });
    expect(res.status, res.text).toBe(200);
    expect(systemPrompt()).toBe('Say hello and {literal}');
  });

  it('a template Langflow refuses fails the run with its reason', async () => {
    const id = await importBasicPrompting('Say {{ word }}', { use_double_brackets: true });
    const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'hi' } });
    expect(res.status).toBe(500);
    expect(res.body.detail).toContain('Invalid mustache variable: {{ word }}');
  });

  it('Basic Prompt Chaining runs: each prompt feeds the next through tool_placeholder, the last one answers', async () => {
    const flow = starter('Basic Prompt Chaining.json');
    const last = (flow.data.nodes as Json[]).find((n) => n.id === 'Prompt-7PuDH')!.data.node.template.template.value as string;
    const res = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: flow });
    expect(res.status, res.text).toBe(201);
    const id = (Array.isArray(res.body) ? res.body[0] : res.body).id as string;
    const run = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'A smart mug', output_type: 'debug' } });
    expect(run.status, run.text).toBe(200);
    const outputs = run.body.outputs[0].outputs as Json[];
    expect(outputs.find((o) => o.component_id === 'ChatOutput-mc2Rz')!.results.message.text).toBe(last);
    expect(last).toContain('Launch Strategy:');
  });
});
