/** Pinecone against a local Pinecone (control and data plane; @pinecone-database/pinecone unchanged, its HTTP through ctx.http): ingest and search as langchain-pinecone stores records, namespaces, the key and errors. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Pinecone from '../../server/components/pinecone.js';
import OpenAIEmbeddings from '../../server/components/openai-embeddings.js';
import type { ComponentDefinition, HttpAccess } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { createOutboundDispatchers } from '../../server/services/outbound-dispatcher.js';
import { createOutboundPolicy } from '../../server/services/outbound-policy.js';
import { makeData, type Data } from '../../shared/data.js';
import { isProtectedField } from '../../shared/tweak-policy.js';
import { FAKE_EMBEDDING_DIMENSIONS } from '../support/fake-provider.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { startFakePinecone, type FakePinecone } from '../support/fake-pinecone.js';
import { testContext } from '../engine/support.js';

let openai: FakeOpenAI;
let pinecone: FakePinecone;
let embedding: unknown;
let dimension = FAKE_EMBEDDING_DIMENSIONS;
let failWith: number | undefined;
let delayMs = 0;

const KEY = 'pcsk_test';
const defaults = (def: ComponentDefinition) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
const context = (options: { env?: Record<string, string>; variables?: Record<string, string>; http?: HttpAccess; wanted?: string[] } = {}) =>
  testContext({
    http: options.http ?? createHttpAccess(),
    env: { PINECONE_BASE_URL: pinecone.url, ...options.env },
    variables: { get: async (name) => options.variables?.[name] },
    ...(options.wanted ? { wanted: options.wanted } : {}),
  });
const base = () => ({ ...defaults(Pinecone), pinecone_api_key: KEY, embedding });
const rows = (...texts: string[]): Data[] => texts.map((text, i) => makeData({ text, source: `doc-${i}` }));
const texts = (out: Record<string, unknown>) => (out.search_results as Data[]).map((d) => d.data.text);

beforeAll(async () => {
  openai = await startFakeOpenAI();
  pinecone = await startFakePinecone({ apiKey: KEY, failWith: () => failWith, delayMs: () => delayMs });
  embedding = (await OpenAIEmbeddings.run({ ...defaults(OpenAIEmbeddings), openai_api_key: 'sk-test', openai_api_base: openai.baseURL }, testContext())).embeddings;
  const probe = (embedding as { dimensions?: number }).dimensions;
  if (typeof probe === 'number' && probe > 0) dimension = probe;
});
afterEach(() => {
  failWith = undefined;
  delayMs = 0;
});
afterAll(async () => {
  await openai?.close();
  await pinecone?.close();
});

describe('Pinecone', () => {
  it('stores records as langchain-pinecone does (the text under Text Key in the metadata) and finds the nearest, by namespace', async () => {
    pinecone.createIndex('pirates', dimension);
    const docs = rows('the treasure is buried under the palm', 'the ship sails at dawn', 'parrots speak on the island');
    const out = await Pinecone.run({ ...base(), index_name: 'pirates', ingest_data: docs, search_query: 'where is the treasure buried', number_of_results: 2 }, context());
    expect(texts(out)).toHaveLength(2);
    expect((out.search_results as Data[])[0]!.data).toEqual({ source: 'doc-0', text: 'the treasure is buried under the palm' });
    expect(out.dataframe).toEqual(out.search_results);
    const stored = pinecone.indexes.get('pirates')!.namespaces.get('')!;
    expect(stored).toHaveLength(3);
    expect(stored[0]).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), metadata: { source: 'doc-0', text: 'the treasure is buried under the palm' } });
    const describe = pinecone.requests.find((r) => r.path === '/indexes/pirates')!;
    expect(describe.apiKey).toBe(KEY);
    expect(pinecone.requests.findLast((r) => r.path.endsWith('/query'))!.body).toMatchObject({ topK: 2, includeMetadata: true, vector: expect.any(Array) });

    // A later run searches what is there; another namespace is apart; a match without the text is skipped.
    expect(texts(await Pinecone.run({ ...base(), index_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }, context()))).toEqual(['the ship sails at dawn']);
    await Pinecone.run({ ...base(), index_name: 'pirates', namespace: 'logbook', text_key: 'page_content', ingest_data: rows('the ship sails at dawn, says the log') }, context());
    expect(pinecone.indexes.get('pirates')!.namespaces.get('logbook')![0]!.metadata).toEqual({ source: 'doc-0', page_content: 'the ship sails at dawn, says the log' });
    const logbook = await Pinecone.run({ ...base(), index_name: 'pirates', namespace: 'logbook', text_key: 'page_content', search_query: 'ship', number_of_results: 5 }, context());
    expect(texts(logbook)).toEqual(['the ship sails at dawn, says the log']);
    expect(texts(await Pinecone.run({ ...base(), index_name: 'pirates', text_key: 'page_content', search_query: 'ship' }, context()))).toEqual([]);
  });

  it('is a tool an Agent searches with (search_documents)', async () => {
    pinecone.createIndex('agent-docs', dimension);
    const out = await Pinecone.run({ ...base(), index_name: 'agent-docs', ingest_data: rows('the lighthouse keeper hides the key'), number_of_results: 1 }, context({ wanted: ['component_as_tool'] }));
    const tool = out.component_as_tool as Tool;
    expect(tool.name).toBe('search_documents');
    expect(await tool.invoke({ search_query: 'who hides the key' }, new AbortController().signal)).toContain('the lighthouse keeper hides the key');
    await tool.invoke({ search_query: 'key' }, new AbortController().signal);
    expect(pinecone.indexes.get('agent-docs')!.namespaces.get('')).toHaveLength(1);
  });

  it('takes the key from PINECONE_API_KEY, and says what to do: no key, a refused key, no index, another dimension, metadata Pinecone refuses', async () => {
    const out = await Pinecone.run({ ...base(), pinecone_api_key: '', index_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }, context({ variables: { PINECONE_API_KEY: KEY } }));
    expect(texts(out)).toEqual(['the ship sails at dawn']);
    await expect(Pinecone.run({ ...base(), pinecone_api_key: '', index_name: 'pirates', search_query: 'x' }, context())).rejects.toThrow(
      'Pinecone needs an API key: set the API Key field, or create a Credential variable named PINECONE_API_KEY',
    );
    await expect(Pinecone.run({ ...base(), pinecone_api_key: 'wrong', index_name: 'pirates', search_query: 'x' }, context())).rejects.toThrow(
      'Pinecone refused the API key (the API Key field, or the PINECONE_API_KEY variable) (HTTP 401): Invalid API Key',
    );
    await expect(Pinecone.run({ ...base(), index_name: 'nowhere', search_query: 'x' }, context())).rejects.toThrow(
      'Pinecone has no index named "nowhere" in this project: create it (with the embedding model\'s dimension) in Pinecone',
    );
    pinecone.createIndex('small', 3);
    await expect(Pinecone.run({ ...base(), index_name: 'small', search_query: 'x' }, context())).rejects.toThrow(`Pinecone's index "small" has 3 dimensions, the embedding model gives ${dimension}`);
    await expect(Pinecone.run({ ...base(), index_name: 'pirates', ingest_data: [makeData({ text: 'x', nested: { a: 1 } })] }, context())).rejects.toThrow(
      "Pinecone answered HTTP 400: Metadata value must be a string, number, boolean or list of strings, got 'Struct' for field 'nested'",
    );
    await expect(Pinecone.run({ ...base(), index_name: '' }, context())).rejects.toThrow('Pinecone needs an Index Name');
    await expect(Pinecone.run({ ...base(), embedding: undefined, index_name: 'pirates' }, context())).rejects.toThrow('Pinecone needs an embedding model');
    expect(isProtectedField(Pinecone.fields.find((f) => f.name === 'pinecone_api_key')!, { values: {}, globals: {}, apiEditable: [] })).toBe(true);
    // The service's address is configuration (PINECONE_BASE_URL), never a field a tweak could set.
    expect(Pinecone.fields.map((f) => f.name)).not.toContain('host');
  });

  it('says so on a rate limit, a failure, a timeout, and obeys the outbound rule', async () => {
    failWith = 429;
    await expect(Pinecone.run({ ...base(), index_name: 'pirates', search_query: 'x' }, context())).rejects.toThrow("Pinecone's rate limit or quota was reached (HTTP 429); try again later");
    failWith = 503;
    await expect(Pinecone.run({ ...base(), index_name: 'pirates', search_query: 'x' }, context())).rejects.toThrow('Pinecone failed on its side (HTTP 503)');
    failWith = undefined;
    delayMs = 2_000;
    await expect(Pinecone.run({ ...base(), index_name: 'pirates', search_query: 'x' }, context({ http: createHttpAccess({ timeoutMs: 1_000 }) }))).rejects.toThrow('Pinecone did not answer within 1 s');
    delayMs = 0;
    const exposed = createHttpAccess({ outbound: createOutboundDispatchers(createOutboundPolicy({ restricted: () => true })) });
    const port = new URL(pinecone.url).port;
    await expect(Pinecone.run({ ...base(), index_name: 'pirates', search_query: 'x' }, context({ http: exposed }))).rejects.toThrow(
      `127.0.0.1:${port} is a loopback address; allow it with --allow-outbound 127.0.0.1:${port}`,
    );
  });
});
