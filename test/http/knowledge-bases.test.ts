/**
 * Knowledge bases over HTTP on a real server: Langflow's `/api/v1/knowledge_bases` router (list,
 * read, delete, bulk delete) plus creation, and the Knowledge Ingestion and Retrieval components
 * filling and searching one through the fake OpenAI embeddings API, the key from a Credential variable.
 * As in Langflow, creating one first embeds a test text: an embedder that cannot (no key, a refused
 * key, an unreachable server) answers 400 with Langflow's message and creates nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadUrl } from '../support/fake-web.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

let server: SpawnedServer;
let openai: FakeOpenAI;
const api = (method: string, url: string, json?: unknown) => request(server.url, method, url, json === undefined ? {} : { json });

const DOC = [
  'The treasure is buried under the old palm tree.',
  'The ship leaves the harbour at dawn on Monday.',
  'Parrots on the island speak three languages.',
].join('\n');

function component(id: string, values: Record<string, unknown> = {}) {
  return { id, type: 'component', position: { x: 0, y: 0 }, data: { type: id.slice(0, id.lastIndexOf('-')), values } };
}
const wire = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({ id: `${source}-${target}`, source, sourceHandle, target, targetHandle });

async function createFlow(name: string, nodes: unknown[], edges: unknown[]): Promise<string> {
  const created = await api('POST', '/api/v1/flows/', { name, data: { nodes, edges, viewport: { x: 0, y: 0, zoom: 1 } } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const ingestFlow = (kb: string) =>
  createFlow(
    `Ingest ${kb}`,
    [
      component('ChatInput-in001'),
      component('SplitText-split', { chunk_size: 60, chunk_overlap: 0, separator: '\n' }),
      component('KnowledgeIngestion-kb001', { knowledge_base: kb }),
      component('ChatOutput-out01'),
    ],
    [
      wire('ChatInput-in001', 'message', 'SplitText-split', 'data_inputs'),
      wire('SplitText-split', 'dataframe', 'KnowledgeIngestion-kb001', 'input_df'),
      wire('KnowledgeIngestion-kb001', 'dataframe_output', 'ChatOutput-out01', 'input_value'),
    ],
  );

const retrieveFlow = (kb: string) =>
  createFlow(
    `Retrieve ${kb}`,
    [component('ChatInput-in001'), component('KnowledgeRetrieval-kb002', { knowledge_base: kb, top_k: 1 }), component('ChatOutput-out01')],
    [wire('ChatInput-in001', 'message', 'KnowledgeRetrieval-kb002', 'search_query'), wire('KnowledgeRetrieval-kb002', 'retrieve_data', 'ChatOutput-out01', 'input_value')],
  );

async function run(flowId: string, input: string) {
  const res = await api('POST', `/api/v1/run/${flowId}`, { input_value: input });
  return { status: res.status, text: res.body?.outputs?.[0]?.outputs?.[0]?.results?.message?.text as string | undefined, detail: JSON.stringify(res.body) };
}

beforeAll(async () => {
  openai = await startFakeOpenAI({ keys: ['sk-knowledge'] });
  server = await spawnServer({ env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-knowledge' } });
});
afterAll(async () => {
  await server?.stop();
  await openai?.close();
});

describe('/api/v1/knowledge_bases', () => {
  it('creates, lists, reads and deletes knowledge bases with the shapes Langflow answers', async () => {
    const before = openai.requests.length;
    const created = await api('POST', '/api/v1/knowledge_bases', { name: 'team_notes-1', embedding_provider: 'openai', embedding_model: 'text-embedding-3-small' });
    expect(created.status).toBe(201);
    // The embedder was tried first, as Langflow does: one embedding of "test".
    expect(openai.requests.slice(before).map((r) => [r.path, r.body])).toEqual([['/v1/embeddings', expect.objectContaining({ model: 'text-embedding-3-small', input: ['test'] })]]);
    expect(created.body).toEqual({
      id: 'team_notes-1',
      name: 'Team Notes 1',
      embedding_provider: 'OpenAI',
      embedding_model: 'text-embedding-3-small',
      size: expect.any(Number),
      words: 0,
      characters: 0,
      chunks: 0,
      avg_chunk_size: 0,
    });
    const metadata = JSON.parse(await readFile(path.join(server.dataDir, 'knowledge_bases', 'team_notes-1', 'embedding_metadata.json'), 'utf8'));
    expect(metadata).toMatchObject({ embedding_provider: 'OpenAI', embedding_model: 'text-embedding-3-small', api_key_variable: null, chunk_size: 1000 });

    expect((await api('POST', '/api/v1/knowledge_bases/', { name: 'team_notes-1', embedding_provider: 'OpenAI', embedding_model: 'x' })).status).toBe(409);
    expect((await api('GET', '/api/v1/knowledge_bases/')).body.map((kb: { id: string }) => kb.id)).toContain('team_notes-1');
    expect((await api('GET', '/api/v1/knowledge_bases/team_notes-1')).body.name).toBe('Team Notes 1');

    const missing = await api('GET', '/api/v1/knowledge_bases/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe("Knowledge base 'nothing-here' not found");

    expect((await api('DELETE', '/api/v1/knowledge_bases/team_notes-1')).body).toEqual({ message: "Knowledge base 'team_notes-1' deleted successfully" });
    expect((await api('GET', '/api/v1/knowledge_bases/team_notes-1')).status).toBe(404);
    expect(await readdir(path.join(server.dataDir, 'knowledge_bases'))).not.toContain('team_notes-1');
  });

  it('deletes several at once, naming the ones not found', async () => {
    for (const name of ['bulk-a', 'bulk-b']) expect((await api('POST', '/api/v1/knowledge_bases', { name, embedding_provider: 'OpenAI', embedding_model: 'text-embedding-3-small' })).status).toBe(201);
    const res = await api('DELETE', '/api/v1/knowledge_bases', { kb_names: ['bulk-a', 'bulk-b', 'bulk-zzz'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Successfully deleted 2 knowledge base(s)', deleted_count: 2, not_found: 'bulk-zzz' });
    expect((await api('DELETE', '/api/v1/knowledge_bases', { kb_names: ['bulk-zzz'] })).status).toBe(404);
    expect((await api('DELETE', '/api/v1/knowledge_bases', { kb_names: 'bulk-a' })).status).toBe(400);
  });

  it('refuses bad names, providers and variables with a clear 400', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: '../escape', embedding_provider: 'OpenAI', embedding_model: 'm' }, /Invalid knowledge base name/],
      [{ name: 'ab', embedding_provider: 'OpenAI', embedding_model: 'm' }, /Invalid knowledge base name/],
      [{ name: 'good-name', embedding_provider: 'Cohere', embedding_model: 'm' }, /embedding_provider must be one of OpenAI, Ollama/],
      [{ name: 'good-name', embedding_provider: 'OpenAI' }, /embedding_model is required/],
      [{ name: 'good-name', embedding_provider: 'OpenAI', embedding_model: 'm', api_key_variable: 'not a name' }, /api_key_variable must name a global variable/],
    ];
    for (const [body, message] of cases) {
      const res = await api('POST', '/api/v1/knowledge_bases', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.detail).toMatch(message);
    }
  });
});

describe('creating a knowledge base checks its embedder first, as Langflow does', () => {
  const createKb = (name: string, extra: Record<string, unknown>) => api('POST', '/api/v1/knowledge_bases', { name, embedding_provider: 'OpenAI', embedding_model: 'text-embedding-3-small', ...extra });
  async function expectNothingCreated(name: string) {
    expect((await api('GET', `/api/v1/knowledge_bases/${name}`)).status).toBe(404);
    expect(await readdir(path.join(server.dataDir, 'knowledge_bases')).catch(() => [])).not.toContain(name);
  }

  it('refuses a key variable that is not set, naming it, without calling the provider', async () => {
    const before = openai.requests.length;
    const res = await createKb('no-key-kb', { api_key_variable: 'KB_UNSET_KEY' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/The knowledge base's key variable KB_UNSET_KEY is not set/);
    expect(openai.requests.length).toBe(before);
    await expectNothingCreated('no-key-kb');
  });

  it('refuses a key the provider refuses, with its answer', async () => {
    expect((await api('POST', '/api/v1/variables/', { name: 'KB_WRONG_KEY', value: 'sk-wrong', type: 'Credential' })).status).toBe(201);
    const res = await createKb('refused-kb', { api_key_variable: 'KB_WRONG_KEY' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^Embedding validation failed: OpenAI API error 401 Incorrect API key provided/);
    expect(res.body.detail).not.toContain('sk-wrong');
    expect(openai.requests.at(-1)).toMatchObject({ path: '/v1/embeddings', headers: { authorization: 'Bearer sk-wrong' } });
    await expectNothingCreated('refused-kb');
  });

  it('refuses an endpoint that cannot be reached', async () => {
    const dead = (await deadUrl()).replace(/\/$/, '');
    const res = await createKb('unreachable-kb', { api_base: `${dead}/v1` });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^Embedding validation failed: /);
    await expectNothingCreated('unreachable-kb');
  });
});

describe('Knowledge Ingestion and Knowledge Retrieval', () => {
  it('fill a knowledge base and find the nearest chunk, with the key from the Credential variable it names', async () => {
    const variable = await api('POST', '/api/v1/variables/', { name: 'KB_OPENAI_KEY', value: 'sk-knowledge', type: 'Credential' });
    expect(variable.status).toBe(201);
    expect((await api('POST', '/api/v1/knowledge_bases', { name: 'pirate-notes', embedding_provider: 'OpenAI', embedding_model: 'text-embedding-3-large', api_key_variable: 'KB_OPENAI_KEY' })).status).toBe(201);
    const ingest = await ingestFlow('pirate-notes');
    const retrieve = await retrieveFlow('pirate-notes');

    // The variable is gone: the run fails naming it.
    expect((await api('DELETE', `/api/v1/variables/${variable.body.id as string}`)).status).toBeLessThan(300);
    const early = await run(ingest, DOC);
    expect(early.status).toBe(500);
    expect(early.detail).toMatch(/Error during KB ingestion: The knowledge base's key variable KB_OPENAI_KEY is not set/);

    expect((await api('POST', '/api/v1/variables/', { name: 'KB_OPENAI_KEY', value: 'sk-knowledge', type: 'Credential' })).status).toBe(201);
    const first = await run(ingest, DOC);
    expect(first.status, first.detail).toBe(200);
    expect(first.text).toContain('pirate-notes');
    const embedCalls = openai.requests.filter((r) => r.path === '/v1/embeddings');
    expect(embedCalls.at(-1)?.body).toMatchObject({ model: 'text-embedding-3-large', input: DOC.split('\n') });
    expect(embedCalls.at(-1)?.headers.authorization).toBe('Bearer sk-knowledge');

    // The same rows again are duplicates: nothing is embedded or added.
    const before = openai.requests.length;
    expect((await run(ingest, DOC)).status).toBe(200);
    expect(openai.requests.slice(before).filter((r) => r.path === '/v1/embeddings').flatMap((r) => r.body.input as string[])).toEqual([]);
    const info = (await api('GET', '/api/v1/knowledge_bases/pirate-notes')).body;
    expect(info).toMatchObject({ chunks: 3, words: DOC.split(/\s+/).length, characters: DOC.replace(/\n/g, '').length });

    const found = await run(retrieve, 'where is the treasure buried?');
    expect(found.status, found.detail).toBe(200);
    expect(found.text).toContain('The treasure is buried under the old palm tree.');
    expect(found.text).not.toContain('harbour');

    // On disk: the metadata names the variable, never the key; schema.json keeps the column configuration.
    const folder = path.join(server.dataDir, 'knowledge_bases', 'pirate-notes');
    const files = await Promise.all((await readdir(folder)).map((f) => readFile(path.join(folder, f), 'utf8')));
    expect(files.join('\n')).not.toContain('sk-knowledge');
    expect(JSON.parse(await readFile(path.join(folder, 'schema.json'), 'utf8'))).toEqual([{ column_name: 'text', vectorize: true, identifier: true }]);
  });

  it('fail clearly for a knowledge base that does not exist', async () => {
    const retrieve = await retrieveFlow('no-such-kb');
    const res = await run(retrieve, 'anything');
    expect(res.status).toBe(500);
    expect(res.detail).toMatch(/Knowledge base 'no-such-kb' not found/);
  });
});
