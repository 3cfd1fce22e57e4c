/**
 * Langflow's "Research Translation Loop" starter as it is, its arXiv search pointed at the local
 * arXiv (ARXIV_BASE_URL): the papers the chat input finds are the Loop's rows, each translated by
 * the (fake) model, and all of them reach the Chat Output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeArxiv, type FakeArxiv } from '../support/fake-arxiv.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const STARTER = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters', 'Research Translation Loop.json');

let openai: FakeOpenAI;
let arxiv: FakeArxiv;
let server: SpawnedServer;

beforeAll(async () => {
  openai = await startFakeOpenAI({ respond: () => ({ text: 'TRANSLATED' }) });
  arxiv = await startFakeArxiv();
  server = await spawnServer({ env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-openai-test', ARXIV_BASE_URL: arxiv.baseURL } });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all([openai?.close(), arxiv?.close()]);
});

describe('Research Translation Loop against a local arXiv', () => {
  it('searches arXiv for the chat input and translates each paper found, once per Loop row', async () => {
    const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: JSON.parse(readFileSync(STARTER, 'utf8')) });
    expect(uploaded.status, uploaded.text).toBe(201);
    const id = (Array.isArray(uploaded.body) ? uploaded.body[0] : uploaded.body).id as string;
    const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'translation' } });
    expect(res.status, res.text).toBe(200);
    // The starter's arXiv node: all fields, at most 3 results.
    expect(arxiv.requests).toEqual([{ path: '/api/query', query: { search_query: 'translation', max_results: '3' } }]);
    // Two papers mention translation: the Loop gives each to the Parser and the model in its own turn. (The
    // starter's Parser pattern is "Text: {text}" and arXiv rows, in Langflow too, have no `text` key, so the
    // model sees "Text: " each time: the starter's own wiring.)
    expect(openai.requests).toHaveLength(2);
    expect((res.body.outputs[0].outputs[0].results.message.text as string).match(/TRANSLATED/g)).toHaveLength(2);

    // One paper about surface codes: one turn.
    const again = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'surface codes' } });
    expect(again.status, again.text).toBe(200);
    expect(arxiv.requests.at(-1)!.query.search_query).toBe('surface codes');
    expect(openai.requests).toHaveLength(3);
  });
});
