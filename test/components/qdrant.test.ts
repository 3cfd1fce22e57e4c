/** Qdrant against a local Qdrant REST API (which @qdrant/js-client-rest reads unchanged): ingest and search as langchain's Qdrant stores points, the server fields, the key and errors. */
import { QdrantClient } from '@qdrant/js-client-rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Qdrant, { qdrantBaseUrl } from '../../server/components/qdrant-vector-store.js';
import OpenAIEmbeddings from '../../server/components/openai-embeddings.js';
import type { ComponentDefinition, HttpAccess } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { createOutboundDispatchers } from '../../server/services/outbound-dispatcher.js';
import { createOutboundPolicy } from '../../server/services/outbound-policy.js';
import { makeData, type Data } from '../../shared/data.js';
import { isProtectedField } from '../../shared/tweak-policy.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { startFakeQdrant, type FakeQdrant } from '../support/fake-qdrant.js';
import { testContext } from '../engine/support.js';

let openai: FakeOpenAI;
let qdrant: FakeQdrant;
let secured: FakeQdrant;
let embedding: unknown;
let failWith: number | undefined;
let delayMs = 0;

const KEY = 'qdrant-secret';
const defaults = (def: ComponentDefinition) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
const context = (options: { env?: Record<string, string>; variables?: Record<string, string>; http?: HttpAccess; wanted?: string[] } = {}) =>
  testContext({ http: options.http ?? createHttpAccess(), env: options.env ?? {}, variables: { get: async (name) => options.variables?.[name] }, ...(options.wanted ? { wanted: options.wanted } : {}) });
const base = () => ({ ...defaults(Qdrant), url: qdrant.url, embedding });
const rows = (...texts: string[]): Data[] => texts.map((text, i) => makeData({ text, source: `doc-${i}` }));
const texts = (out: Record<string, unknown>) => (out.search_results as Data[]).map((d) => d.data.text);

beforeAll(async () => {
  openai = await startFakeOpenAI();
  qdrant = await startFakeQdrant({ failWith: () => failWith, delayMs: () => delayMs });
  secured = await startFakeQdrant({ apiKey: KEY });
  embedding = (await OpenAIEmbeddings.run({ ...defaults(OpenAIEmbeddings), openai_api_key: 'sk-test', openai_api_base: openai.baseURL }, testContext())).embeddings;
});
afterEach(() => {
  failWith = undefined;
  delayMs = 0;
});
afterAll(async () => {
  await openai?.close();
  await qdrant?.close();
  await secured?.close();
});

describe('Qdrant', () => {
  it("creates the collection for the embedding, stores points as langchain's Qdrant does, and finds the nearest", async () => {
    const docs = rows('the treasure is buried under the palm', 'the ship sails at dawn', 'parrots speak on the island');
    const out = await Qdrant.run({ ...base(), collection_name: 'pirates', ingest_data: docs, search_query: 'where is the treasure buried', number_of_results: 2 }, context());
    expect(texts(out)).toHaveLength(2);
    expect((out.search_results as Data[])[0]!.data).toEqual({ source: 'doc-0', text: 'the treasure is buried under the palm' });
    expect(out.dataframe).toEqual(out.search_results);
    expect(qdrant.collections.get('pirates')!.vectors).toEqual({ size: expect.any(Number), distance: 'Cosine' });

    // The official client reads what the component wrote.
    const client = new QdrantClient({ url: qdrant.url, checkCompatibility: false });
    const info = await client.getCollection('pirates');
    expect(info.points_count).toBe(3);
    const { points } = await client.scroll('pirates', { limit: 10, with_payload: true });
    expect(points.map((p) => p.payload).sort((a, b) => String(a!.page_content).localeCompare(String(b!.page_content)))).toEqual([
      { page_content: 'parrots speak on the island', metadata: { source: 'doc-2' } },
      { page_content: 'the ship sails at dawn', metadata: { source: 'doc-1' } },
      { page_content: 'the treasure is buried under the palm', metadata: { source: 'doc-0' } },
    ]);
    expect(String(points[0]!.id)).toMatch(/^[0-9a-f-]{36}$/);

    // A later run searches what is there, with no ingest data; a collection not there has nothing.
    expect(texts(await Qdrant.run({ ...base(), collection_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }, context()))).toEqual(['the ship sails at dawn']);
    expect(texts(await Qdrant.run({ ...base(), collection_name: 'nowhere', search_query: 'ship' }, context()))).toEqual([]);
    expect(qdrant.collections.has('nowhere')).toBe(false);
  });

  it('uses the payload keys and distance chosen, Host, Port and Prefix, and refuses a model of another dimension', async () => {
    const out = await Qdrant.run(
      { ...base(), collection_name: 'custom', distance_func: 'Euclidean', content_payload_key: 'body', metadata_payload_key: 'meta', ingest_data: rows('rum barrels below deck', 'a map of the island'), search_query: 'island map', number_of_results: 1 },
      context(),
    );
    expect(texts(out)).toEqual(['a map of the island']);
    expect(qdrant.collections.get('custom')!.vectors.distance).toBe('Euclid');
    expect(qdrant.collections.get('custom')!.points[0]!.payload).toEqual({ body: 'rum barrels below deck', meta: { source: 'doc-0' } });

    expect(qdrantBaseUrl({ url: '', host: 'qdrant.internal', port: 7333, prefix: '/api/' })).toBe('http://qdrant.internal:7333/api');
    expect(qdrantBaseUrl({ url: 'https://xyz.cloud.qdrant.io:6333/', prefix: '' })).toBe('https://xyz.cloud.qdrant.io:6333');
    const byHost = await Qdrant.run({ ...base(), url: '', host: '127.0.0.1', port: qdrant.port, collection_name: 'custom', content_payload_key: 'body', metadata_payload_key: 'meta', search_query: 'rum', number_of_results: 1 }, context());
    expect(texts(byHost)).toEqual(['rum barrels below deck']);

    qdrant.collections.set('small', { vectors: { size: 3, distance: 'Cosine' }, points: [] });
    await expect(Qdrant.run({ ...base(), collection_name: 'small', ingest_data: rows('x') }, context())).rejects.toThrow(
      `Qdrant's collection "small" holds vectors of 3 dimensions, the embedding model gives`,
    );
  });

  it('is a tool an Agent searches with (search_documents)', async () => {
    const out = await Qdrant.run({ ...base(), collection_name: 'agent_docs', ingest_data: rows('the lighthouse keeper hides the key'), number_of_results: 1 }, context({ wanted: ['component_as_tool'] }));
    expect(qdrant.collections.has('agent_docs')).toBe(false);
    const tool = out.component_as_tool as Tool;
    expect(tool.name).toBe('search_documents');
    expect(await tool.invoke({ search_query: 'who hides the key' }, new AbortController().signal)).toContain('the lighthouse keeper hides the key');
    await tool.invoke({ search_query: 'key' }, new AbortController().signal);
    expect(qdrant.collections.get('agent_docs')!.points).toHaveLength(1);
  });

  it('sends the key from the field or QDRANT_API_KEY, and protects the server fields from tweaks while the key is stored', async () => {
    const onSecured = { ...base(), url: secured.url, collection_name: 'vault' };
    await Qdrant.run({ ...onSecured, api_key: KEY, ingest_data: rows('the vault holds gold') }, context());
    expect(secured.requests.at(-1)!.apiKey).toBe(KEY);
    const out = await Qdrant.run({ ...onSecured, search_query: 'gold', number_of_results: 1 }, context({ variables: { QDRANT_API_KEY: KEY } }));
    expect(texts(out)).toEqual(['the vault holds gold']);

    await expect(Qdrant.run({ ...onSecured, search_query: 'gold' }, context())).rejects.toThrow(
      'Qdrant needs an API key (HTTP 401): set the Qdrant API Key field, or create a Credential variable named QDRANT_API_KEY',
    );
    await expect(Qdrant.run({ ...onSecured, api_key: 'wrong', search_query: 'gold' }, context())).rejects.toThrow(
      'Qdrant refused the API key (the API Key field, or the QDRANT_API_KEY variable) (HTTP 401): Invalid api-key',
    );

    const field = (name: string) => Qdrant.fields.find((f) => f.name === name)!;
    const bound = { values: { api_key: '' }, globals: { api_key: 'QDRANT_API_KEY' }, apiEditable: [] };
    for (const name of ['url', 'host', 'port', 'prefix']) expect(isProtectedField(field(name), bound), name).toBe(true);
    expect(isProtectedField(field('collection_name'), bound)).toBe(false);
    // No key at all (a local Qdrant): the address may be tweaked.
    expect(isProtectedField(field('url'), { values: { api_key: 'typed-in' }, globals: {}, apiEditable: [] })).toBe(false);
  });

  it('says what to do: rate limit, failure, timeout, unreachable, refused by the outbound rule, local mode, no collection or embedding', async () => {
    failWith = 429;
    await expect(Qdrant.run({ ...base(), collection_name: 'pirates', search_query: 'x' }, context())).rejects.toThrow("Qdrant's rate limit or quota was reached (HTTP 429); try again later: Too many requests");
    failWith = 503;
    await expect(Qdrant.run({ ...base(), collection_name: 'pirates', search_query: 'x' }, context())).rejects.toThrow('Qdrant failed on its side (HTTP 503)');
    failWith = undefined;
    delayMs = 2_000;
    await expect(Qdrant.run({ ...base(), collection_name: 'pirates', timeout: 1, search_query: 'x' }, context())).rejects.toThrow('Qdrant did not answer within 1 s');
    delayMs = 0;
    await expect(Qdrant.run({ ...base(), url: 'http://127.0.0.1:9', collection_name: 'pirates', search_query: 'x' }, context())).rejects.toThrow(/^Qdrant could not be reached: http:\/\/127\.0\.0\.1:9\//);

    const exposed = createHttpAccess({ outbound: createOutboundDispatchers(createOutboundPolicy({ restricted: () => true })) });
    await expect(Qdrant.run({ ...base(), collection_name: 'pirates', search_query: 'x' }, context({ http: exposed }))).rejects.toThrow(
      `127.0.0.1:${qdrant.port} is a loopback address; allow it with --allow-outbound 127.0.0.1:${qdrant.port}`,
    );

    await expect(Qdrant.run({ ...base(), url: '', path: '/tmp/qdrant', collection_name: 'pirates' }, context())).rejects.toThrow("Qdrant's local mode (the Path field) is not available here");
    await expect(Qdrant.run({ ...base(), collection_name: '' }, context())).rejects.toThrow('Qdrant needs a Collection Name');
    await expect(Qdrant.run({ ...base(), embedding: undefined, collection_name: 'pirates' }, context())).rejects.toThrow('Qdrant needs an embedding model');
  });
});
