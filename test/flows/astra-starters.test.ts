/**
 * Langflow's "Vector Store RAG" starter against a local Astra DB: its ingest branch (File → Split
 * Text → Astra DB) fills the collection, its search branch (Chat Input → Astra DB → Parser → Prompt)
 * answers with the rows found. The endpoint fields cannot be redirected by a tweak while the token is
 * a stored variable, and "Hybrid Search RAG", whose node names a real Astra endpoint, keeps it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAstra, type FakeAstra } from '../support/fake-astra.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const STARTERS = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters');
const TOKEN = 'AstraCS:starter';

let openai: FakeOpenAI;
let astra: FakeAstra;
let server: SpawnedServer;
let uploadedPath: string;

const starter = (file: string) => JSON.parse(readFileSync(path.join(STARTERS, file), 'utf8')) as Json;
const nodesOf = (flow: Json, type: string) => (flow.data.nodes as Json[]).filter((n) => n.data?.type === type);
async function upload(flow: Json): Promise<string> {
  const res = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: flow });
  expect(res.status, res.text).toBe(201);
  return (Array.isArray(res.body) ? res.body[0] : res.body).id as string;
}

beforeAll(async () => {
  openai = await startFakeOpenAI({ respond: (body) => ({ text: `ANSWER ${JSON.stringify(body.messages)}` }) });
  astra = await startFakeAstra({ token: TOKEN });
  server = await spawnServer({
    env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-openai-test', ASTRA_DB_APPLICATION_TOKEN: TOKEN, ASTRA_DB_API_ENDPOINT: astra.url },
  });
  const chosen = await request(server.url, 'POST', '/api/v1/models/default_model', { json: { provider: 'OpenAI', model_name: 'gpt-4o-mini', model_type: 'language' } });
  expect(chosen.status).toBe(200);
  const form = new FormData();
  form.append('file', new Blob(['The treasure is buried under the old palm.'], { type: 'text/plain' }), 'treasure.txt');
  const file = await fetch(`${server.url}/api/v2/files`, { method: 'POST', body: form });
  uploadedPath = ((await file.json()) as { path: string }).path;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all([openai?.close(), astra?.close()]);
});

describe('Astra DB starters', () => {
  it('Vector Store RAG: ingests the file into the collection and answers from what the search finds', async () => {
    const flow = starter('Vector Store RAG.json');
    const id = await upload(flow);
    const tweaks: Json = {};
    for (const node of nodesOf(flow, 'AstraDB')) tweaks[node.id] = { collection_name: 'rag_docs' };
    for (const node of nodesOf(flow, 'File')) tweaks[node.id] = { path: [uploadedPath] };
    const run = () => request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'Where is the treasure?', tweaks } });

    const first = await run();
    expect(first.status, first.text).toBe(200);
    const docs = astra.collection('rag_docs')!.docs;
    expect(docs).toHaveLength(1);
    // The search branch may create the collection first; an empty collection gets Langflow's page_content field.
    expect(docs[0]).toMatchObject({ metadata: { sender_name: 'File' } });
    expect(docs[0]!.page_content ?? docs[0]!.content).toBe('The treasure is buried under the old palm.');
    // The collection already has the row; this run's search (whatever the order of the two branches) finds it.
    const second = await run();
    expect(second.status, second.text).toBe(200);
    expect(second.body.outputs[0].outputs[0].results.message.text).toContain('The treasure is buried under the old palm.');
    expect(astra.requests.every((r) => r.path.startsWith('/api/json/v1/default_keyspace') && r.token === TOKEN)).toBe(true);
  });

  it('refuses a tweak that would send the stored token to another endpoint', async () => {
    const flow = starter('Vector Store RAG.json');
    const id = await upload(flow);
    const [search] = nodesOf(flow, 'AstraDB');
    for (const field of ['api_endpoint', 'database_name']) {
      const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'x', tweaks: { [search!.id]: { [field]: 'https://collector.example' } } } });
      expect(res.status, field).toBe(422);
      expect(res.text).toContain('The field is protected and keeps the value set by the flow author.');
    }
  });

  it("Hybrid Search RAG: runs up to its Astra DB node, which keeps the starter's own endpoint", async () => {
    const flow = starter('Hybrid Search RAG.json');
    const id = await upload(flow);
    const [node] = nodesOf(flow, 'AstraDB');
    const before = astra.requests.length;
    const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'Where is the treasure?', tweaks: { [node!.id]: { collection_name: 'rag_docs' } } } });
    // Offline, Astra's real host cannot be reached; online, it refuses the test token. Either way the fake sees nothing.
    expect(res.status).not.toBe(200);
    expect(res.text).toMatch(/Error building Component Astra DB: Astra DB (could not be reached: https:\/\/f3166ac4-3e2f-4b32-880c-231d1f9e3f3e-us-east-2\.apps\.astra\.datastax\.com|refused the application token)/);
    expect(astra.requests.length).toBe(before);
  });
});
