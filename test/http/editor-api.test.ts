/** The editor-only endpoints: the live run stream (NDJSON of engine events) and the starter templates. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { spawnServer } from '../support/spawn-server.js';

let server: Awaited<ReturnType<typeof spawnServer>>;
let fake: FakeOpenAI;

async function editorRun(flow: string, json: unknown): Promise<any[]> {
  const res = await fetch(`${server.url}/api/v1/editor/run/${flow}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  return (await res.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ reply: 'streamed answer here' });
  server = await spawnServer({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-fake' } });
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe('POST /api/v1/editor/run/{flow}', () => {
  it('streams every node state, the messages, and the result', async () => {
    const echo = JSON.parse(readFileSync(new URL('../fixtures/flows/chat-echo.json', import.meta.url), 'utf8'));
    const flow = (await request(server.url, 'POST', '/api/v1/flows/?format=flowdesk', { json: echo })).body;
    const lines = await editorRun(flow.id, { input_value: 'live', session_id: 'editor-1' });
    const types = lines.map((l) => l.type);
    for (const id of ['ChatInput-in001', 'Prompt-echo1', 'ChatOutput-out01']) {
      expect(lines.some((l) => l.type === 'node_started' && l.nodeId === id)).toBe(true);
      expect(lines.some((l) => l.type === 'node_finished' && l.nodeId === id)).toBe(true);
    }
    const prompt = lines.find((l) => l.type === 'node_finished' && l.nodeId === 'Prompt-echo1');
    expect(prompt.outputs.prompt.text).toBe('Echo: live {literal}');
    expect(types.filter((t) => t === 'message')).toHaveLength(2);
    expect(types.at(-1)).toBe('run_finished');
    expect(lines.at(-1).result.outputs[0].outputs[0].results.result).toBe('Echo: live {literal}');
  });

  it('streams model tokens and masks the key in node outputs', async () => {
    const lines = await editorRun('basic-prompting', { input_value: 'hello' });
    const tokens = lines.filter((l) => l.type === 'token').map((l) => l.chunk).join('');
    expect(tokens).toBe('streamed answer here');
    expect(JSON.stringify(lines)).not.toContain('sk-fake');
    expect(lines.at(-1).type).toBe('run_finished');
  });

  it('ends with run_failed naming the failed node', async () => {
    // A copy of Basic Prompting whose model is unreachable (a tweak may not move the key it reads).
    const basic = (await request(server.url, 'GET', '/api/v1/flows/?format=flowdesk')).body.find((f: any) => f.endpoint_name === 'basic-prompting');
    const data = structuredClone(basic.data);
    data.nodes.find((n: any) => n.id === 'OpenAIModel-5UyvQ').data.values.openai_api_base = 'http://127.0.0.1:9/v1';
    const unreachable = (await request(server.url, 'POST', '/api/v1/flows/?format=flowdesk', { json: { name: 'Basic Prompting, unreachable', data } })).body;
    const lines = await editorRun(unreachable.id, { input_value: 'x' });
    expect(lines.some((l) => l.type === 'node_failed' && l.nodeId === 'OpenAIModel-5UyvQ')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: 'run_failed', nodeId: 'OpenAIModel-5UyvQ' });
    expect(lines.at(-1).error).toContain('Error building Component OpenAI');
  });

  it('answers errors before the run with their status codes', async () => {
    const res = await request(server.url, 'POST', '/api/v1/editor/run/nope', { json: {} });
    expect(res.status).toBe(404);
    const refused = await request(server.url, 'POST', '/api/v1/editor/run/basic-prompting', { json: { input_value: 'x', tweaks: { 'OpenAIModel-5UyvQ': { openai_api_base: 'http://127.0.0.1:9/v1' } } } });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatchObject({ code: 'TWEAKS_REFUSED', fields: ['openai_api_base'] });
  });
});

describe('GET /api/v1/starter-projects/', () => {
  it('lists the starter flows as templates', async () => {
    const res = await request(server.url, 'GET', '/api/v1/starter-projects/');
    expect(res.status).toBe(200);
    const names = res.body.map((s: any) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Basic Prompting', 'Text Template']));
    expect(res.body[0].data.nodes.length).toBeGreaterThan(0);
  });
});
