/** Astra DB against a local Data API (astra-db-ts unchanged, its HTTP through ctx.http): ingest, the search types, hybrid search, the database lookup and errors. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import AstraDB from '../../server/components/astra-db.js';
import OpenAIEmbeddings from '../../server/components/openai-embeddings.js';
import type { ComponentDefinition, HttpAccess } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import type { Message } from '../../shared/message.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { makeData, type Data } from '../../shared/data.js';
import { isProtectedField } from '../../shared/tweak-policy.js';
import { startFakeAstra, type FakeAstra } from '../support/fake-astra.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { testContext } from '../engine/support.js';

let openai: FakeOpenAI;
let astra: FakeAstra;
let embedding: unknown;
let failWith: number | undefined;
let delayMs = 0;

const defaults = (def: ComponentDefinition) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
const TOKEN = 'AstraCS:test';
const context = (options: { env?: Record<string, string>; variables?: Record<string, string>; http?: HttpAccess } = {}) =>
  testContext({ http: options.http ?? createHttpAccess(), env: options.env ?? {}, variables: { get: async (name) => options.variables?.[name] } });
const base = () => ({ ...defaults(AstraDB), token: TOKEN, api_endpoint: astra.url, embedding_model: embedding });
const rows = (...texts: string[]): Data[] => texts.map((text, i) => makeData({ text, source: `doc-${i}` }));
const texts = (out: Record<string, unknown>) => (out.search_results as Data[]).map((d) => d.data.text);
const commands = () => astra.requests.map((r) => r.command).filter(Boolean);

beforeAll(async () => {
  openai = await startFakeOpenAI();
  astra = await startFakeAstra({ token: TOKEN, databases: [{ name: 'langflow_db', id: '01234567-89ab-cdef-0123-456789abcdef', region: 'us-east-2' }], failWith: () => failWith, delayMs: () => delayMs });
  embedding = (await OpenAIEmbeddings.run({ ...defaults(OpenAIEmbeddings), openai_api_key: 'sk-test', openai_api_base: openai.baseURL }, testContext())).embeddings;
});
afterEach(() => {
  failWith = undefined;
  delayMs = 0;
});
afterAll(async () => {
  await openai?.close();
  await astra?.close();
});

describe('Astra DB', () => {
  it('creates the collection for the embedding, stores documents as langchain-astradb does, and finds the nearest', async () => {
    const docs = rows('the treasure is buried under the palm', 'the ship sails at dawn', 'parrots speak on the island');
    const out = await AstraDB.run({ ...base(), collection_name: 'pirates', ingest_data: docs, search_query: 'where is the treasure buried', number_of_results: 2 }, context());
    expect(texts(out)).toHaveLength(2);
    expect(texts(out)[0]).toBe('the treasure is buried under the palm');
    expect((out.search_results as Data[])[0]!.data).toEqual({ source: 'doc-0', text: 'the treasure is buried under the palm' });
    expect(out.dataframe).toEqual(out.search_results);

    const created = astra.collection('pirates')!;
    expect(created.options).toEqual({ vector: { dimension: expect.any(Number), metric: 'cosine' }, indexing: { allow: ['metadata'] } });
    expect(created.docs).toHaveLength(3);
    expect(created.docs[0]).toMatchObject({ content: 'the treasure is buried under the palm', metadata: { source: 'doc-0' }, $vector: expect.any(Array) });
    const find = astra.requests.findLast((r) => r.command === 'find')!;
    expect(find.path).toBe('/api/json/v1/default_keyspace/pirates');
    expect(find.token).toBe(TOKEN);
    expect(find.body!.find).toMatchObject({ sort: { $vector: { $binary: expect.any(String) } }, options: { limit: 2, includeSimilarity: true } });

    // A later run searches what is there, with no ingest data.
    const later = await AstraDB.run({ ...base(), collection_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }, context());
    expect(texts(later)).toEqual(['the ship sails at dawn']);
  });

  it("reads collections Langflow filled: text under page_content (Langflow's empty collection) and flat documents", async () => {
    const ctx = context();
    const vector = (text: string) => AstraDB.run({ ...base(), collection_name: 'probe', ingest_data: rows(text) }, ctx).then(() => astra.collection('probe')!.docs.at(-1)!.$vector);
    const dim = ((await vector('x')) as number[]).length;
    astra.keyspaces.get('default_keyspace')!.set('from_langflow', { options: { vector: { dimension: dim, metric: 'cosine' } }, docs: [] });
    // An empty collection gets Langflow's page_content field.
    await AstraDB.run({ ...base(), collection_name: 'from_langflow', ingest_data: rows('gold coins in the chest') }, ctx);
    expect(astra.collection('from_langflow')!.docs[0]).toMatchObject({ page_content: 'gold coins in the chest', metadata: { source: 'doc-0' } });

    // Flat documents (metadata at the top level, text under "body") are detected and read.
    astra.keyspaces.get('default_keyspace')!.set('flat', {
      options: { vector: { dimension: dim, metric: 'cosine' } },
      docs: [
        { _id: 'a', body: 'the map shows an island', author: 'flint', $vector: await vector('the map shows an island') },
        { _id: 'b', body: 'rum barrels below deck', author: 'silver', $vector: await vector('rum barrels below deck') },
      ],
    });
    const out = await AstraDB.run({ ...base(), collection_name: 'flat', search_query: 'island map', number_of_results: 1 }, ctx);
    expect((out.search_results as Data[])[0]!.data).toEqual({ author: 'flint', text: 'the map shows an island' });
    // A document without that text field: an error, or skipped with Ignore Invalid Documents.
    astra.collection('flat')!.docs.push({ _id: 'c', author: 'none', $vector: await vector('island map') });
    await expect(AstraDB.run({ ...base(), collection_name: 'flat', content_field: 'body', search_query: 'island map', number_of_results: 1 }, ctx)).rejects.toThrow(
      'Astra DB: document c has no text in "body" (set Content Field, or turn on Ignore Invalid Documents)',
    );
    // Rows go in flat too; a metadata key that would stand for the text is refused.
    await AstraDB.run({ ...base(), collection_name: 'flat', content_field: 'body', ingest_data: [makeData({ text: 'a parrot named flint', author: 'long john' })] }, ctx);
    expect(astra.collection('flat')!.docs.at(-1)).toMatchObject({ body: 'a parrot named flint', author: 'long john' });
    expect(astra.collection('flat')!.docs.at(-1)).not.toHaveProperty('metadata');
    await expect(AstraDB.run({ ...base(), collection_name: 'flat', content_field: 'body', ingest_data: [makeData({ text: 'x', body: 'clash' })] }, ctx)).rejects.toThrow(
      'Astra DB cannot store the metadata field "body" at the top level',
    );
    const skipped = await AstraDB.run({ ...base(), collection_name: 'flat', content_field: 'body', ignore_invalid_documents: true, search_query: 'island map', number_of_results: 2 }, ctx);
    expect(texts(skipped)).toEqual(['the map shows an island']);
  });

  it('applies the score threshold, MMR, a metadata filter and a filter-only search, and deletes by field before loading', async () => {
    const ctx = context();
    const docs = [
      makeData({ text: 'the treasure is buried under the palm', kind: 'clue' }),
      makeData({ text: 'the treasure is buried under the palm tree', kind: 'clue' }),
      makeData({ text: 'parrots squawk loudly', kind: 'fauna' }),
    ];
    await AstraDB.run({ ...base(), collection_name: 'clues', ingest_data: docs }, ctx);
    const search = (extra: Record<string, unknown>) => AstraDB.run({ ...base(), collection_name: 'clues', search_query: 'treasure buried palm', ...extra }, ctx);

    expect(texts(await search({ search_type: 'Similarity with score threshold', search_score_threshold: 0.99 }))).toEqual([]);
    expect(texts(await search({ search_type: 'Similarity with score threshold', search_score_threshold: 0.6 }))).toHaveLength(2);
    // MMR: the near-duplicate clue loses to the different row for the second place.
    const mmr = texts(await search({ search_type: 'MMR (Max Marginal Relevance)', number_of_results: 2 }));
    expect(mmr[1]).toBe('parrots squawk loudly');
    expect(astra.requests.findLast((r) => r.command === 'find')!.body!.find).toMatchObject({ options: { limit: 20 }, projection: { '*': 1 } });

    expect(texts(await search({ advanced_search_filter: { kind: 'fauna' } }))).toEqual(['parrots squawk loudly']);
    expect(astra.requests.findLast((r) => r.command === 'find')!.body!.find).toMatchObject({ filter: { 'metadata.kind': 'fauna' } });
    const filterOnly = await AstraDB.run({ ...base(), collection_name: 'clues', advanced_search_filter: { $or: [{ kind: 'fauna' }] } }, ctx);
    expect(texts(filterOnly)).toEqual(['parrots squawk loudly']);

    await AstraDB.run({ ...base(), collection_name: 'clues', deletion_field: 'kind', ingest_data: [makeData({ text: 'a new clue', kind: 'clue' })] }, ctx);
    expect(astra.collection('clues')!.docs.map((d) => d.content).sort()).toEqual(['a new clue', 'parrots squawk loudly']);
    expect(astra.requests.findLast((r) => r.command === 'deleteMany')!.body).toEqual({ deleteMany: { filter: { 'metadata.kind': { $in: ['clue'] } } } });
  });

  it('answers no rows with no query and no filter, and creates a collection searched before anything was ingested', async () => {
    const out = await AstraDB.run({ ...base(), collection_name: 'pirates' }, context());
    expect(out).toMatchObject({ search_results: [], dataframe: [] });
    const empty = await AstraDB.run({ ...base(), collection_name: 'not_yet', search_query: 'anything' }, context());
    expect(empty).toMatchObject({ search_results: [], dataframe: [] });
    expect(astra.collection('not_yet')).toMatchObject({ options: { vector: { metric: 'cosine' } }, docs: [] });
  });

  it('runs Hybrid Search as findAndRerank on a collection with lexical and rerank, and vector search on others', async () => {
    const ctx = context();
    await AstraDB.run({ ...base(), collection_name: 'probe2', ingest_data: rows('x') }, ctx);
    const dim = (astra.collection('probe2')!.docs[0]!.$vector as number[]).length;
    astra.keyspaces.get('default_keyspace')!.set('hybrid', {
      options: { vector: { dimension: dim, metric: 'cosine' }, lexical: { enabled: true, analyzer: 'STANDARD' }, rerank: { enabled: true, service: { provider: 'nvidia', modelName: 'nvidia/llama-3.2-nv-rerankqa-1b-v2' } } },
      docs: [],
    });
    const hybrid = { ...base(), collection_name: 'hybrid', search_method: 'Hybrid Search', reranker: 'nvidia/llama-3.2-nv-rerankqa-1b-v2' };
    await AstraDB.run({ ...hybrid, ingest_data: rows('the cook hides the key in the galley', 'the key opens the captain chest', 'storms come from the west') }, ctx);
    expect(astra.collection('hybrid')!.docs[0]).toMatchObject({ page_content: 'the cook hides the key in the galley', $lexical: 'the cook hides the key in the galley' });

    const out = await AstraDB.run({ ...hybrid, search_query: 'which key opens the captain chest', lexical_terms: 'captain chest', number_of_results: 2 }, ctx);
    expect(texts(out)[0]).toBe('the key opens the captain chest');
    expect(texts(out)).toHaveLength(2);
    const call = astra.requests.findLast((r) => r.command === 'findAndRerank')!.body!.findAndRerank as Record<string, any>;
    expect(call.sort.$hybrid).toEqual({ $vector: { $binary: expect.any(String) }, $lexical: 'captain chest' });
    expect(call.options).toMatchObject({ limit: 2, rerankOn: 'page_content', rerankQuery: 'which key opens the captain chest' });

    // A new collection for Hybrid Search with a Reranker is made with lexical and rerank, and searched with findAndRerank.
    const fresh = await AstraDB.run({ ...hybrid, collection_name: 'hybrid_new', ingest_data: rows('the bosun sings at night'), search_query: 'who sings' }, ctx);
    expect(texts(fresh)).toEqual(['the bosun sings at night']);
    expect(astra.collection('hybrid_new')!.options).toMatchObject({
      lexical: { enabled: true, analyzer: 'STANDARD' },
      rerank: { enabled: true, service: { provider: 'nvidia', modelName: 'nvidia/llama-3.2-nv-rerankqa-1b-v2' } },
    });
    expect(astra.collection('hybrid_new')!.docs[0]).toMatchObject({ content: 'the bosun sings at night', $lexical: 'the bosun sings at night' });
    expect(astra.requests.at(-1)!.command).toBe('findAndRerank');

    // The same choice on a plain vector collection: vector search (langchain-astradb's fallback).
    const before = commands().filter((c) => c === 'findAndRerank').length;
    const plain = await AstraDB.run({ ...base(), collection_name: 'pirates', search_method: 'Hybrid Search', search_query: 'ship at dawn', number_of_results: 1 }, ctx);
    expect(texts(plain)).toEqual(['the ship sails at dawn']);
    expect(commands().filter((c) => c === 'findAndRerank').length).toBe(before);
  });

  it("leaves the embedding to Astra on a vectorize collection: the text goes as $vectorize, the query too", async () => {
    const ctx = context();
    astra.keyspaces.get('default_keyspace')!.set('vectorized', { options: { vector: { dimension: 64, metric: 'cosine', service: { provider: 'nvidia', modelName: 'NV-Embed-QA' } } }, docs: [] });
    const vectorized = { ...base(), embedding_model: undefined, collection_name: 'vectorized' };
    const docs = rows('the treasure is buried under the palm', 'the treasure is buried under the palm tree', 'parrots squawk loudly');
    const before = openai.requests.length;
    await AstraDB.run({ ...vectorized, ingest_data: docs }, ctx);
    expect(astra.collection('vectorized')!.docs[0]).toMatchObject({ $vectorize: 'the treasure is buried under the palm', metadata: { source: 'doc-0' }, $vector: expect.any(Array) });
    expect(astra.collection('vectorized')!.docs[0]).not.toHaveProperty('content');

    const out = await AstraDB.run({ ...vectorized, search_query: 'treasure buried palm', number_of_results: 1 }, ctx);
    expect((out.search_results as Data[])[0]!.data).toEqual({ source: 'doc-0', text: 'the treasure is buried under the palm' });
    expect(astra.requests.findLast((r) => r.command === 'find')!.body!.find).toMatchObject({ sort: { $vectorize: 'treasure buried palm' } });
    // MMR takes the query's vector from Astra (includeSortVector).
    const mmr = await AstraDB.run({ ...vectorized, search_query: 'treasure buried palm', search_type: 'MMR (Max Marginal Relevance)', number_of_results: 2 }, ctx);
    expect(texts(mmr)[1]).toBe('parrots squawk loudly');
    expect(astra.requests.findLast((r) => r.command === 'find')!.body!.find).toMatchObject({ options: { includeSortVector: true } });
    expect(openai.requests.length).toBe(before);
  });

  it('is a tool an Agent searches with (search_documents), ingesting the rows once', async () => {
    const docs = rows('the lighthouse keeper hides the second key', 'the galley smells of salt pork');
    const out = await AstraDB.run({ ...base(), collection_name: 'agent_docs', ingest_data: docs, number_of_results: 1 }, testContext({ wanted: ['component_as_tool'], http: createHttpAccess() }));
    expect(out.search_results).toBeUndefined();
    expect(astra.collection('agent_docs')).toBeUndefined();
    const tool = out.component_as_tool as Tool;
    expect(tool.name).toBe('search_documents');
    expect(tool.parameters).toMatchObject({ required: ['search_query'] });

    const model = await startFakeOpenAI({
      respond: (body) => {
        const last = (body.messages as { role: string; content: unknown }[]).at(-1)!;
        if (last.role === 'tool') return { text: `Found: ${String(last.content)}` };
        return { toolCalls: [{ name: 'search_documents', arguments: { search_query: 'who hides the key' } }] };
      },
    });
    try {
      const agentDefaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
      const agentCtx = testContext({ env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'sk-agent' } });
      const answer = (await Agent.run({ ...agentDefaults, input_value: 'Who hides the key?', tools: [tool], add_current_date_tool: false }, agentCtx)).response as Message;
      expect(answer.text).toContain('the lighthouse keeper hides the second key');
      expect(answer.text).toContain('"source": "doc-0"');
      // A second search does not ingest the rows again.
      await tool.invoke({ search_query: 'salt pork' }, new AbortController().signal);
      expect(astra.collection('agent_docs')!.docs).toHaveLength(2);
    } finally {
      await model.close();
    }
  });

  it("finds the database's endpoint by name with the DevOps API, or from ASTRA_DB_API_ENDPOINT", async () => {
    // Astra's host name for the database, answered by the fake (as DNS would answer the real one).
    const real = createHttpAccess();
    const seen: string[] = [];
    const http: HttpAccess = (url, init) => {
      seen.push(String(url));
      return real(String(url).replace('https://01234567-89ab-cdef-0123-456789abcdef-us-east-2.apps.astra.datastax.com', astra.url), init);
    };
    const env = { ASTRA_DEVOPS_BASE_URL: `${astra.url}/v2` };
    const out = await AstraDB.run({ ...base(), api_endpoint: '', database_name: 'langflow_db', collection_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }, context({ env, http }));
    expect(texts(out)).toEqual(['the ship sails at dawn']);
    expect(seen[0]).toMatch(new RegExp(`^${astra.url}/v2/databases\\?`));
    expect(seen.at(-1)).toBe('https://01234567-89ab-cdef-0123-456789abcdef-us-east-2.apps.astra.datastax.com/api/json/v1/default_keyspace/pirates');
    expect(astra.requests.find((r) => r.path === '/v2/databases')!.authorization).toBe(`Bearer ${TOKEN}`);

    await expect(AstraDB.run({ ...base(), api_endpoint: '', database_name: 'nope', collection_name: 'pirates' }, context({ env, http }))).rejects.toThrow(
      'Astra DB has no database named "nope" for this token (databases: langflow_db)',
    );
    await expect(AstraDB.run({ ...base(), api_endpoint: '', collection_name: 'pirates' }, context())).rejects.toThrow(/Astra DB needs a database: set the Database field/);
    await expect(AstraDB.run({ ...base(), token: 'AstraCS:wrong', api_endpoint: '', database_name: 'langflow_db', collection_name: 'pirates' }, context({ env, http }))).rejects.toThrow(
      'Astra DB refused the application token (the Astra DB Application Token field, or the ASTRA_DB_APPLICATION_TOKEN variable) (HTTP 401): Bad token',
    );
    const fromEnv = await AstraDB.run({ ...base(), api_endpoint: '', collection_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }, context({ env: { ASTRA_DB_API_ENDPOINT: astra.url } }));
    expect(texts(fromEnv)).toEqual(['the ship sails at dawn']);
  });

  it('takes the token from ASTRA_DB_APPLICATION_TOKEN, and protects the endpoint fields from tweaks while the token is stored', async () => {
    const out = await AstraDB.run({ ...base(), token: '', collection_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }, context({ variables: { ASTRA_DB_APPLICATION_TOKEN: TOKEN } }));
    expect(texts(out)).toEqual(['the ship sails at dawn']);
    const field = (name: string) => AstraDB.fields.find((f) => f.name === name)!;
    const bound = { values: { token: '' }, globals: { token: 'ASTRA_DB_APPLICATION_TOKEN' }, apiEditable: [] };
    expect(isProtectedField(field('api_endpoint'), bound)).toBe(true);
    expect(isProtectedField(field('database_name'), bound)).toBe(true);
    expect(isProtectedField(field('collection_name'), bound)).toBe(false);
  });

  it('says what to do: a missing token, a refused token, a quota, a failure, a timeout, no collection or embedding, an unknown keyspace', async () => {
    await expect(AstraDB.run({ ...base(), token: '', collection_name: 'pirates' }, context())).rejects.toThrow(
      'Astra DB needs an application token: set the Astra DB Application Token field, or create a Credential variable named ASTRA_DB_APPLICATION_TOKEN',
    );
    await expect(AstraDB.run({ ...base(), token: 'AstraCS:wrong', collection_name: 'pirates' }, context())).rejects.toThrow(
      'Astra DB refused the application token (the Astra DB Application Token field, or the ASTRA_DB_APPLICATION_TOKEN variable) (HTTP 401): UNAUTHENTICATED: Invalid token',
    );
    failWith = 429;
    await expect(AstraDB.run({ ...base(), collection_name: 'pirates' }, context())).rejects.toThrow("Astra DB's rate limit or quota was reached (HTTP 429)");
    failWith = 503;
    await expect(AstraDB.run({ ...base(), collection_name: 'pirates' }, context())).rejects.toThrow('Astra DB failed on its side (HTTP 503)');
    failWith = undefined;

    delayMs = 2_000;
    await expect(AstraDB.run({ ...base(), collection_name: 'pirates' }, context({ http: createHttpAccess({ timeoutMs: 1_000 }) }))).rejects.toThrow('Astra DB did not answer within 1 s');
    delayMs = 0;

    await expect(AstraDB.run({ ...base(), collection_name: '', search_query: 'x' }, context())).rejects.toThrow('Astra DB needs a Collection');
    await expect(AstraDB.run({ ...base(), embedding_model: undefined, collection_name: 'pirates', search_query: 'x' }, context())).rejects.toThrow(
      'Astra DB needs an embedding model: connect an Embeddings output (e.g. OpenAI Embeddings) to Embedding Model',
    );
    await expect(AstraDB.run({ ...base(), keyspace: 'other', collection_name: 'pirates' }, context())).rejects.toThrow(/Astra DB refused the request: Unknown keyspace 'other'.*\(KEYSPACE_DOES_NOT_EXIST\)/);
  });
});
