/** Elasticsearch against a local Elasticsearch (@elastic/elasticsearch unchanged, its HTTP through ctx.http): langchain's dense-vector documents, kNN, MMR, the threshold, no query, credentials and errors. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Elasticsearch from '../../server/components/elasticsearch.js';
import OpenAIEmbeddings from '../../server/components/openai-embeddings.js';
import type { ComponentDefinition, HttpAccess } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { createOutboundDispatchers } from '../../server/services/outbound-dispatcher.js';
import { createOutboundPolicy } from '../../server/services/outbound-policy.js';
import { makeData, type Data } from '../../shared/data.js';
import { isProtectedField } from '../../shared/tweak-policy.js';
import { startFakeElasticsearch, type FakeElasticsearch } from '../support/fake-elasticsearch.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { testContext } from '../engine/support.js';

let openai: FakeOpenAI;
let es: FakeElasticsearch;
let secured: FakeElasticsearch;
let embedding: unknown;
let failWith: number | undefined;
let delayMs = 0;

const defaults = (def: ComponentDefinition) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
const context = (options: { variables?: Record<string, string>; http?: HttpAccess; wanted?: string[] } = {}) =>
  testContext({ http: options.http ?? createHttpAccess(), variables: { get: async (name) => options.variables?.[name] }, ...(options.wanted ? { wanted: options.wanted } : {}) });
const base = () => ({ ...defaults(Elasticsearch), elasticsearch_url: es.url, embedding });
const rows = (...texts: string[]): Data[] => texts.map((text, i) => makeData({ text, file_path: `doc-${i}.txt`, page: i }));
const texts = (out: Record<string, unknown>) => (out.search_results as Data[]).map((d) => d.data.text);

beforeAll(async () => {
  openai = await startFakeOpenAI();
  es = await startFakeElasticsearch({ failWith: () => failWith, delayMs: () => delayMs });
  secured = await startFakeElasticsearch({ apiKey: 'es-key', basic: undefined });
  embedding = (await OpenAIEmbeddings.run({ ...defaults(OpenAIEmbeddings), openai_api_key: 'sk-test', openai_api_base: openai.baseURL }, testContext())).embeddings;
});
afterEach(() => {
  failWith = undefined;
  delayMs = 0;
});
afterAll(async () => {
  await openai?.close();
  await es?.close();
  await secured?.close();
});

describe('Elasticsearch', () => {
  it("creates the index with langchain's dense_vector mapping, stores {text, vector, metadata}, and answers Langflow's Data (text, file_path)", async () => {
    const docs = rows('the treasure is buried under the palm', 'the ship sails at dawn', 'parrots speak on the island');
    const out = await Elasticsearch.run({ ...base(), index_name: 'pirates', ingest_data: docs, search_query: 'where is the treasure buried', number_of_results: 2 }, context());
    expect(texts(out)).toHaveLength(2);
    expect((out.search_results as Data[])[0]!.data).toEqual({ text: 'the treasure is buried under the palm', file_path: 'doc-0.txt' });
    expect(out.dataframe).toEqual(out.search_results);
    const index = es.indexes.get('pirates')!;
    expect(index.mappings).toEqual({ properties: { vector: { type: 'dense_vector', dims: expect.any(Number), index: true, similarity: 'cosine' } } });
    expect(index.docs[0]!._source).toEqual({ text: 'the treasure is buried under the palm', vector: expect.any(Array), metadata: { file_path: 'doc-0.txt', page: 0 } });
    const search = es.requests.findLast((r) => r.path === '/pirates/_search')!.body as Record<string, any>;
    expect(search).toMatchObject({ knn: { field: 'vector', k: 2, num_candidates: 50 }, size: 2, _source: ['text', 'metadata'] });
    expect(es.requests.find((r) => r.path === '/_bulk')).toBeDefined();

    // A later run: the nearest of what is there; with no query, the first rows (as Langflow answers).
    expect(texts(await Elasticsearch.run({ ...base(), index_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }, context()))).toEqual(['the ship sails at dawn']);
    expect(texts(await Elasticsearch.run({ ...base(), index_name: 'pirates', number_of_results: 2 }, context()))).toEqual(['the treasure is buried under the palm', 'the ship sails at dawn']);
    expect(texts(await Elasticsearch.run({ ...base(), index_name: 'nowhere', search_query: 'ship' }, context()))).toEqual([]);
  });

  it('applies the score threshold and MMR, and refuses a model of another dimension', async () => {
    const ctx = context();
    await Elasticsearch.run(
      { ...base(), index_name: 'clues', ingest_data: rows('the treasure is buried under the palm', 'the treasure is buried under the palm tree', 'parrots squawk loudly') },
      ctx,
    );
    const search = (extra: Record<string, unknown>) => Elasticsearch.run({ ...base(), index_name: 'clues', search_query: 'treasure buried palm', ...extra }, ctx);
    expect(texts(await search({ search_score_threshold: 0.999 }))).toEqual([]);
    expect(texts(await search({ search_score_threshold: 0.75 }))).toHaveLength(2);
    const mmr = texts(await search({ search_type: 'mmr', number_of_results: 2 }));
    expect(mmr[1]).toBe('parrots squawk loudly');
    expect(es.requests.findLast((r) => r.path === '/clues/_search')!.body).toMatchObject({ size: 20, _source: ['text', 'metadata', 'vector'] });

    await Elasticsearch.run({ ...base(), index_name: 'tiny', ingest_data: rows('x') }, ctx);
    es.indexes.get('tiny')!.mappings.properties.vector.dims = 3;
    await expect(Elasticsearch.run({ ...base(), index_name: 'tiny', ingest_data: rows('y') }, ctx)).rejects.toThrow(/^Elasticsearch refused a document: \[1:2\] failed to parse: .* different number of dimensions/);
  });

  it('is a tool an Agent searches with (search_documents)', async () => {
    const out = await Elasticsearch.run({ ...base(), index_name: 'agent_docs', ingest_data: rows('the lighthouse keeper hides the key'), number_of_results: 1 }, context({ wanted: ['component_as_tool'] }));
    const tool = out.component_as_tool as Tool;
    expect(tool.name).toBe('search_documents');
    expect(await tool.invoke({ search_query: 'who hides the key' }, new AbortController().signal)).toContain('the lighthouse keeper hides the key');
    await tool.invoke({ search_query: 'key' }, new AbortController().signal);
    expect(es.indexes.get('agent_docs')!.docs).toHaveLength(1);
  });

  it('sends the API key (field or ELASTICSEARCH_API_KEY) or basic credentials, and says what to do when they are missing or refused', async () => {
    const onSecured = { ...base(), elasticsearch_url: secured.url, index_name: 'vault' };
    await Elasticsearch.run({ ...onSecured, api_key: 'es-key', ingest_data: rows('the vault holds gold') }, context());
    expect(secured.requests.at(-1)!.authorization).toBe('ApiKey es-key');
    expect(texts(await Elasticsearch.run({ ...onSecured, search_query: 'gold' }, context({ variables: { ELASTICSEARCH_API_KEY: 'es-key' } })))).toEqual(['the vault holds gold']);
    await expect(Elasticsearch.run({ ...onSecured, search_query: 'gold' }, context())).rejects.toThrow(
      'Elasticsearch needs credentials (HTTP 401): set the Elastic API Key (or a Credential variable named ELASTICSEARCH_API_KEY), or Username and Password',
    );
    await expect(Elasticsearch.run({ ...onSecured, username: 'elastic', password: 'wrong', search_query: 'gold' }, context())).rejects.toThrow(
      // The first call is HEAD /<index> (langchain's too), whose answer has no body to quote.
      'Elasticsearch refused the credentials (the Elastic API Key, or Username and Password) (HTTP 401)',
    );
    expect(secured.requests.at(-1)!.authorization).toBe(`Basic ${Buffer.from('elastic:wrong').toString('base64')}`);
    const field = (name: string) => Elasticsearch.fields.find((f) => f.name === name)!;
    const node = { values: { api_key: 'typed' }, globals: {}, apiEditable: [] };
    expect(isProtectedField(field('elasticsearch_url'), node)).toBe(true);
    expect(isProtectedField(field('cloud_id'), node)).toBe(true);
    expect(isProtectedField(field('index_name'), node)).toBe(false);
  });

  it('says what to do: rate limit, failure, timeout, outbound rule, both URL and Cloud ID, certificates not verified, no index or embedding', async () => {
    failWith = 429;
    await expect(Elasticsearch.run({ ...base(), index_name: 'pirates', search_query: 'x' }, context())).rejects.toThrow("Elasticsearch's rate limit or quota was reached (HTTP 429); try again later");
    failWith = 503;
    await expect(Elasticsearch.run({ ...base(), index_name: 'pirates', search_query: 'x' }, context())).rejects.toThrow('Elasticsearch failed on its side (HTTP 503)');
    failWith = undefined;
    delayMs = 2_000;
    await expect(Elasticsearch.run({ ...base(), index_name: 'pirates', search_query: 'x' }, context({ http: createHttpAccess({ timeoutMs: 1_000 }) }))).rejects.toThrow('Elasticsearch did not answer within 1 s');
    delayMs = 0;
    const exposed = createHttpAccess({ outbound: createOutboundDispatchers(createOutboundPolicy({ restricted: () => true })) });
    await expect(Elasticsearch.run({ ...base(), index_name: 'pirates', search_query: 'x' }, context({ http: exposed }))).rejects.toThrow(
      `127.0.0.1:${es.port} is a loopback address; allow it with --allow-outbound 127.0.0.1:${es.port}`,
    );
    await expect(Elasticsearch.run({ ...base(), cloud_id: 'deployment:ZXhhbXBsZS5pbyRhYmMkZGVm', index_name: 'pirates' }, context())).rejects.toThrow("Both 'cloud_id' and 'elasticsearch_url' provided");
    await expect(Elasticsearch.run({ ...base(), verify_certs: false, index_name: 'pirates' }, context())).rejects.toThrow('Verify SSL Certificates off is not available here');
    await expect(Elasticsearch.run({ ...base(), index_name: '' }, context())).rejects.toThrow('Elasticsearch needs an Index Name');
    await expect(Elasticsearch.run({ ...base(), embedding: undefined, index_name: 'pirates' }, context())).rejects.toThrow('Elasticsearch needs an embedding model');
  });
});
