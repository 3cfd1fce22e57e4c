/**
 * Langflow's "Astra DB" (`AstraDB`): ingest Data into an Astra DB collection and search it, through
 * the Data API with @datastax/astra-db-ts (its HTTP goes through `ctx.http`: the run's cancellation,
 * the timeout and the outbound rule). Documents are stored as langchain-astradb stores them
 * (`{ _id, <content field>: text, metadata: {...}, $vector }`), so collections Langflow filled read
 * the same here, and the other way round.
 *
 * The database is found from the API Endpoint field, else a Database field holding an endpoint URL,
 * else ASTRA_DB_API_ENDPOINT, else the database of that name in the token's organization (the DevOps
 * API, ASTRA_DEVOPS_BASE_URL to point it elsewhere). A collection that does not exist yet is created
 * for the embedding's dimension (on ingest or search, as langchain-astradb does). Embeddings come
 * from the Embedding Model handle, or, for a collection with Astra's server-side embeddings
 * (vectorize), from Astra: the text goes as `$vectorize`. Hybrid Search uses the Data API's
 * findAndRerank on collections with lexical and rerank enabled (a collection it creates with a
 * Reranker chosen gets both), and falls back to vector search on others (as langchain-astradb does).
 * In tool mode an agent searches with `search_documents` (Langflow's tool name). The Vector Store
 * Connection output and the AstraDBVectorStore Parameters field (langchain keyword arguments) are
 * not here.
 */
import { randomUUID } from 'node:crypto';
import { DataAPIClient, DataAPIHttpError, DataAPIResponseError, DataAPIVector, type Collection, type Db, type Fetcher, type SomeDoc } from '@datastax/astra-db-ts';
import { dataText, makeData, type Data } from '../../shared/data.js';
import { asBoolean, asInteger, asNumber, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { isEmbeddings, type EmbeddingsDescriptor } from '../engine/embeddings.js';
import { resolveText } from '../engine/resolve-text.js';
import { embedQuery, embedTexts } from './models/embeddings-client.js';
import { toRows } from './lib/data-values.js';
import { CACHE_FIELD, INGEST_DATA_FIELD } from './lib/local-vector-store.js';
import { TOOL_OUTPUT, TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolText, withToolsMetadata } from './lib/tools.js';
import { WebServiceError, serviceErrorFromStatus, serviceFetch, serviceKey, type WebService } from './lib/web-service.js';

const ASTRA: WebService = { name: 'Astra DB', baseUrl: 'https://api.astra.datastax.com/v2', baseUrlEnv: 'ASTRA_DEVOPS_BASE_URL', keyVariable: 'ASTRA_DB_APPLICATION_TOKEN' };
const DEVOPS_URLS: Record<string, string> = { prod: 'https://api.astra.datastax.com/v2', test: 'https://api.test.cloud.datastax.com/v2', dev: 'https://api.dev.cloud.datastax.com/v2' };
const SEARCH_TYPES = ['Similarity', 'Similarity with score threshold', 'MMR (Max Marginal Relevance)'];
/** langchain's MMR defaults: candidates fetched, and the weight of relevance against diversity. */
const MMR_FETCH_K = 20;
const MMR_LAMBDA = 0.5;

export default defineComponent({
  type: 'AstraDB',
  display_name: 'Astra DB',
  description: 'Ingest and search documents in Astra DB',
  category: 'Vector Stores',
  icon: 'AstraDB',
  fields: [
    {
      name: 'token',
      display_name: 'Astra DB Application Token',
      kind: 'secret',
      load_from_db: true,
      required: true,
      default: '',
      info: 'Authentication token for accessing Astra DB. Empty: the ASTRA_DB_APPLICATION_TOKEN variable.',
    },
    { name: 'environment', display_name: 'Environment', kind: 'dropdown', options: ['prod', 'test', 'dev'], combobox: true, default: 'prod', advanced: true, info: 'The environment for the Astra DB API Endpoint.' },
    {
      name: 'database_name',
      display_name: 'Database',
      kind: 'dropdown',
      options: [],
      combobox: true,
      required: true,
      default: '',
      sends_secret: 'token',
      info: 'The Database name for the Astra DB instance (looked up with the token), or its API endpoint.',
    },
    {
      name: 'api_endpoint',
      display_name: 'Astra DB API Endpoint',
      kind: 'dropdown',
      options: [],
      combobox: true,
      default: '',
      advanced: true,
      sends_secret: 'token',
      info: 'The API Endpoint for the Astra DB instance. Supercedes database selection. Empty: the Database field, else ASTRA_DB_API_ENDPOINT.',
    },
    { name: 'keyspace', display_name: 'Keyspace', kind: 'dropdown', options: [], combobox: true, default: '', advanced: true, info: 'Optional keyspace within Astra DB to use for the collection.' },
    { name: 'collection_name', display_name: 'Collection', kind: 'dropdown', options: [], combobox: true, required: true, default: '', info: 'The name of the collection within Astra DB where the vectors will be stored.' },
    { name: 'autodetect_collection', display_name: 'Autodetect Collection', kind: 'bool', default: true, advanced: true, info: 'Boolean flag to determine whether to autodetect the collection.' },
    { name: 'content_field', display_name: 'Content Field', kind: 'str', default: '', advanced: true, info: 'Field to use as the text content field for the vector store.' },
    {
      name: 'deletion_field',
      display_name: 'Deletion Based On Field',
      kind: 'str',
      default: '',
      advanced: true,
      info: 'When this parameter is provided, documents in the target collection with metadata field values matching the input metadata field value will be deleted before new data is loaded.',
    },
    { name: 'ignore_invalid_documents', display_name: 'Ignore Invalid Documents', kind: 'bool', default: false, advanced: true, info: 'Boolean flag to determine whether to ignore invalid documents at runtime.' },
    { ...INGEST_DATA_FIELD, info: '' },
    { name: 'search_query', display_name: 'Search Query', kind: 'multiline', default: '', input_types: ['Message'], info: 'Enter a query to run a similarity search.' },
    CACHE_FIELD,
    { name: 'embedding_model', display_name: 'Embedding Model', kind: 'str', input_types: ['Embeddings'], info: 'Specify the Embedding Model. Not required for Astra Vectorize collections.' },
    {
      name: 'search_method',
      display_name: 'Search Method',
      kind: 'dropdown',
      options: ['Hybrid Search', 'Vector Search'],
      default: 'Vector Search',
      advanced: true,
      info: 'Determine how your content is matched: Vector finds semantic similarity, and Hybrid Search (suggested) combines both approaches with a reranker.',
    },
    { name: 'reranker', display_name: 'Reranker', kind: 'dropdown', options: [], combobox: true, default: '', info: 'Post-retrieval model that re-scores results for optimal relevance ranking.' },
    { name: 'lexical_terms', display_name: 'Lexical Terms', kind: 'multiline', default: '', input_types: ['Message'], info: 'Add additional terms/keywords to augment search precision.' },
    { name: 'number_of_results', display_name: 'Number of Search Results', kind: 'int', default: 4, advanced: true, info: 'Number of search results to return.' },
    { name: 'search_type', display_name: 'Search Type', kind: 'dropdown', options: SEARCH_TYPES, default: 'Similarity', advanced: true, info: 'Search type to use' },
    {
      name: 'search_score_threshold',
      display_name: 'Search Score Threshold',
      kind: 'float',
      default: 0,
      advanced: true,
      info: "Minimum similarity score threshold for search results. (when using 'Similarity with score threshold')",
    },
    { name: 'advanced_search_filter', display_name: 'Search Metadata Filter', kind: 'dict', default: {}, advanced: true, info: 'Optional dictionary of filters to apply to the search query.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [
    { name: 'search_results', display_name: 'Search Results', types: ['Data'] },
    { name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] },
    TOOL_OUTPUT_SPEC,
  ],

  async run(inputs, ctx) {
    const outputs: Record<string, unknown> = {};
    // The ingest data goes in once per run, whether the outputs or the agent's first search asks for it.
    let ingested = false;
    const search = async (query: string) => {
      const results = await searchAstra(inputs, ctx, query, !ingested);
      ingested = true;
      return results;
    };
    if (ctx.wants(TOOL_OUTPUT)) {
      outputs[TOOL_OUTPUT] = withToolsMetadata(
        makeTool(
          'search_documents',
          'Search documents in Astra DB: the rows (text and metadata) most similar to a query.',
          { type: 'object', properties: { search_query: { type: 'string', description: 'What to search for.' } }, required: ['search_query'] },
          async (args) => toolText((await search(asString(args.search_query ?? args.input).trim())).map((row) => row.data)),
        ),
        inputs.tools_metadata,
      );
    }
    if (ctx.wants('search_results') || ctx.wants('dataframe')) {
      const results = await search((await resolveText(inputs.search_query)).trim());
      Object.assign(outputs, { search_results: results, dataframe: results });
    }
    return outputs;
  },
});

/** One session with the database: ingest the rows (if asked), then search for the query, else by the filter alone, else nothing. */
async function searchAstra(inputs: FieldValues, ctx: RunContext, query: string, withIngest: boolean): Promise<Data[]> {
  const token = await serviceKey(ASTRA, inputs.token, ctx).catch((error: unknown) => {
    if (!(error instanceof WebServiceError)) throw error;
    throw new WebServiceError(ASTRA.name, 'Astra DB needs an application token: set the Astra DB Application Token field, or create a Credential variable named ASTRA_DB_APPLICATION_TOKEN');
  });
  const environment = ['prod', 'test', 'dev'].includes(asString(inputs.environment)) ? asString(inputs.environment) : 'prod';
  const collectionName = asString(inputs.collection_name).trim();
  if (!collectionName) throw new Error('Astra DB needs a Collection: set the Collection field to the name of the collection to use');
  const embedding = inputs.embedding_model;
  const client = new DataAPIClient({ environment: 'astra', httpOptions: { client: 'custom', fetcher: astraFetcher(ctx) } });
  try {
    const endpoint = await apiEndpoint({ field: asString(inputs.api_endpoint), database: asString(inputs.database_name), environment, token }, client, ctx);
    const db = client.db(endpoint, { token, keyspace: asString(inputs.keyspace).trim() || 'default_keyspace' });
    const store = await openCollection(db, collectionName, {
      contentField: asString(inputs.content_field).trim(),
      autodetect: asBoolean(inputs.autodetect_collection, true),
      ignoreInvalid: asBoolean(inputs.ignore_invalid_documents, false),
    });

    // Hybrid Search with a Reranker chosen: a new collection gets lexical and rerank, as Langflow's "Create new collection" makes it.
    const reranker = asString(inputs.search_method) === 'Hybrid Search' ? asString(inputs.reranker).trim() : '';
    const create = (dimension: number) => createCollection(store, db, collectionName, dimension, reranker);
    const rows = withIngest ? await toRows(inputs.ingest_data) : [];
    if (rows.length > 0) await ingest(store, rows, store.vectorize ? undefined : needEmbeddings(embedding), asString(inputs.deletion_field).trim(), create, ctx);

    const filter = isRecord(inputs.advanced_search_filter) ? inputs.advanced_search_filter : {};
    const k = Math.max(1, asInteger(inputs.number_of_results, 4) ?? 4);
    if (query) {
      let sort: VectorSort;
      if (store.vectorize) {
        sort = { $vectorize: query };
      } else {
        const vector = await embedQuery(needEmbeddings(embedding), query, ctx.signal);
        // As langchain-astradb does, a collection that is not there yet is created (and then has nothing to find).
        if (!store.collection) await create(vector.length);
        sort = { $vector: vector };
      }
      const hybrid = asString(inputs.search_method) === 'Hybrid Search' && store.hybrid;
      return hybrid
        ? await hybridSearch(store, sort, query, (await resolveText(inputs.lexical_terms)).trim() || query, filter, k)
        : await vectorSearch(store, sort, filter, k, asString(inputs.search_type), asNumber(inputs.search_score_threshold, 0) ?? 0);
    }
    if (Object.keys(filter).length > 0 && store.collection) return decodeAll(store, await store.collection.find(encodeFilter(store, filter), { limit: k }).toArray());
    return [];
  } catch (error) {
    throw astraError(error);
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** What a search sorts by: the query's embedding, or (a vectorize collection) its text, embedded on Astra's side. */
type VectorSort = { $vector: number[] } | { $vectorize: string };

/** How documents of a collection hold their text and metadata (langchain-astradb's codecs). */
interface OpenStore {
  /** Undefined: the collection does not exist yet (it is created on the first ingest). */
  collection: Collection | undefined;
  contentField: string;
  /** Metadata under `metadata` (langchain's default), else at the top level of the document. */
  nested: boolean;
  /** Whether the collection takes `$lexical` and answers findAndRerank. */
  hybrid: boolean;
  lexical: boolean;
  vectorize: boolean;
  ignoreInvalid: boolean;
}

const RESERVED = new Set(['_id', '$vector', '$vectorize', '$lexical', '$similarity']);

async function openCollection(db: Db, name: string, options: { contentField: string; autodetect: boolean; ignoreInvalid: boolean }): Promise<OpenStore> {
  const described = (await db.listCollections()).find((c) => c.name === name);
  const definition = (described?.definition ?? {}) as { vector?: { service?: unknown }; lexical?: { enabled?: boolean }; rerank?: { enabled?: boolean } };
  const lexical = Boolean(definition.lexical?.enabled);
  const store: OpenStore = {
    collection: described ? db.collection(name) : undefined,
    contentField: options.contentField || 'content',
    nested: true,
    hybrid: lexical && Boolean(definition.rerank?.enabled),
    lexical,
    vectorize: Boolean(definition.vector?.service),
    ignoreInvalid: options.ignoreInvalid,
  };
  // A vectorize collection keeps the text in `$vectorize` (langchain-astradb's vectorize codecs).
  if (store.vectorize) store.contentField = '$vectorize';
  if (store.collection && options.autodetect) {
    const sample = await store.collection.find({}, { limit: 10 }).toArray();
    if (sample.length === 0) {
      // Langflow's choice for an empty collection: its text under `page_content`.
      if (!options.contentField && !store.vectorize) store.contentField = 'page_content';
    } else {
      store.nested = sample.some((doc) => isRecord(doc.metadata));
      if (!options.contentField && !store.vectorize) store.contentField = detectContentField(sample) ?? store.contentField;
    }
  }
  return store;
}

/** The text field of existing documents: `content` or `page_content` if they have one, else their longest text field. */
function detectContentField(docs: SomeDoc[]): string | undefined {
  for (const name of ['content', 'page_content', 'text']) if (docs.some((d) => typeof d[name] === 'string')) return name;
  const lengths = new Map<string, number>();
  for (const doc of docs) for (const [key, value] of Object.entries(doc)) if (!RESERVED.has(key) && typeof value === 'string') lengths.set(key, Math.max(lengths.get(key) ?? 0, value.length));
  return [...lengths].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function needEmbeddings(embedding: unknown): EmbeddingsDescriptor {
  if (!isEmbeddings(embedding)) throw new Error('Astra DB needs an embedding model: connect an Embeddings output (e.g. OpenAI Embeddings) to Embedding Model');
  return embedding;
}

async function ingest(
  store: OpenStore,
  rows: Data[],
  /** Undefined for a vectorize collection: Astra embeds the `$vectorize` text. */
  embeddings: EmbeddingsDescriptor | undefined,
  deletionField: string,
  create: (dimension: number) => Promise<Collection>,
  ctx: RunContext,
): Promise<void> {
  const items = rows.map((row) => {
    const { [row.text_key]: _text, ...metadata } = row.data;
    return { text: dataText(row), metadata };
  });
  const vectors = embeddings ? await embedTexts(embeddings, items.map((i) => i.text), ctx.signal) : [];
  if (!store.collection) {
    store.collection = await create(vectors[0]?.length ?? 0);
  } else if (deletionField) {
    const values = [...new Set(items.map((i) => i.metadata[deletionField]).filter((v) => v !== undefined))];
    if (values.length > 0) await store.collection.deleteMany({ [store.nested ? `metadata.${deletionField}` : deletionField]: { $in: values } });
  }
  const docs = items.map((item, i) => {
    const doc: SomeDoc = { _id: randomUUID().replace(/-/g, ''), [store.contentField]: item.text };
    if (store.nested) doc.metadata = item.metadata;
    else {
      // Flat documents (metadata at the top level): a metadata key may not stand for the text or a reserved field.
      const clash = Object.keys(item.metadata).find((key) => key === store.contentField || RESERVED.has(key));
      if (clash) throw new Error(`Astra DB cannot store the metadata field "${clash}" at the top level of this collection's documents: it is the content field or a reserved name`);
      Object.assign(doc, item.metadata);
    }
    if (!store.vectorize) doc.$vector = vectors[i] ?? [];
    if (store.lexical) doc.$lexical = item.text;
    return doc;
  });
  await store.collection.insertMany(docs, { ordered: false });
}

/**
 * A vector collection as langchain-astradb creates one (cosine, metadata indexed); with a reranker
 * (`provider/model`), lexical (standard analyzer) and rerank enabled too, as Langflow creates one for Hybrid Search.
 */
async function createCollection(store: OpenStore, db: Db, name: string, dimension: number, reranker: string): Promise<Collection> {
  if (dimension === 0) throw new Error('The embedding model answered no vector');
  const hybrid = reranker
    ? { lexical: { enabled: true, analyzer: 'STANDARD' }, rerank: { enabled: true, service: { provider: reranker.split('/')[0] ?? reranker, modelName: reranker } } }
    : {};
  store.collection = await db.createCollection(name, { vector: { dimension, metric: 'cosine' }, indexing: { allow: ['metadata'] }, ...hybrid });
  store.lexical = store.hybrid = Boolean(reranker);
  return store.collection;
}

async function vectorSearch(store: OpenStore, sort: VectorSort, filter: Record<string, unknown>, k: number, searchType: string, threshold: number): Promise<Data[]> {
  const collection = store.collection as Collection;
  const mmr = searchType === 'MMR (Max Marginal Relevance)';
  // MMR needs the documents' vectors (and, for vectorize, the query's, which Astra computed); vectorize documents their text.
  const cursor = collection.find(encodeFilter(store, filter), {
    sort,
    limit: mmr ? Math.max(MMR_FETCH_K, k) : k,
    includeSimilarity: true,
    ...(mmr || store.vectorize ? { projection: { '*': 1 } } : {}),
    ...(mmr && '$vectorize' in sort ? { includeSortVector: true } : {}),
  });
  const found = await cursor.toArray();
  if (searchType === 'Similarity with score threshold') return decodeAll(store, found.filter((doc) => Number(doc.$similarity) >= threshold));
  if (mmr) {
    const query = '$vector' in sort ? sort.$vector : vectorOf((await cursor.getSortVector()) ?? undefined);
    return decodeAll(store, maxMarginalRelevance(query, found, k));
  }
  return decodeAll(store, found);
}

function vectorOf(value: unknown): number[] {
  if (value instanceof DataAPIVector) return Array.from(value.asArray());
  return Array.isArray(value) ? (value as number[]) : [];
}

async function hybridSearch(store: OpenStore, sort: VectorSort, query: string, lexical: string, filter: Record<string, unknown>, k: number): Promise<Data[]> {
  const collection = store.collection as Collection;
  const cursor = collection.findAndRerank(encodeFilter(store, filter), {
    sort: { $hybrid: { ...sort, $lexical: lexical } },
    ...(store.vectorize ? { projection: { '*': 1 } } : {}),
    limit: k,
    rerankOn: store.contentField,
    rerankQuery: query,
  });
  return decodeAll(store, (await cursor.toArray()).map((result) => result.document));
}

/** Picks k documents one at a time, each the most relevant to the query less its closeness to those already picked. */
function maxMarginalRelevance(query: number[], docs: SomeDoc[], k: number): SomeDoc[] {
  const vectors = docs.map((d) => vectorOf(d.$vector));
  const picked: number[] = [];
  while (picked.length < Math.min(k, docs.length)) {
    let best = -1;
    let bestScore = -Infinity;
    vectors.forEach((v, i) => {
      if (picked.includes(i)) return;
      const redundancy = Math.max(-Infinity, ...picked.map((p) => cosine(v, vectors[p] ?? [])));
      const score = MMR_LAMBDA * cosine(query, v) - (1 - MMR_LAMBDA) * (picked.length > 0 ? redundancy : 0);
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    picked.push(best);
  }
  return picked.map((i) => docs[i] as SomeDoc);
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** A search filter on metadata keys, as langchain-astradb sends it: keys under `metadata.` for nested documents, operators (`$and`, ...) kept. */
function encodeFilter(store: OpenStore, filter: Record<string, unknown>): Record<string, unknown> {
  if (!store.nested) return filter;
  return Object.fromEntries(
    Object.entries(filter).map(([key, value]) => {
      if (!key.startsWith('$')) return [`metadata.${key}`, value];
      return [key, Array.isArray(value) ? value.map((v) => (isRecord(v) ? encodeFilter(store, v) : v)) : isRecord(value) ? encodeFilter(store, value) : value];
    }),
  );
}

/** Documents as Langflow's Data: the metadata and the text under `text`. */
function decodeAll(store: OpenStore, docs: SomeDoc[]): Data[] {
  const out: Data[] = [];
  for (const doc of docs) {
    const text = doc[store.contentField];
    if (typeof text !== 'string') {
      if (store.ignoreInvalid) continue;
      throw new Error(`Astra DB: document ${String(doc._id)} has no text in "${store.contentField}" (set Content Field, or turn on Ignore Invalid Documents)`);
    }
    const metadata = store.nested
      ? isRecord(doc.metadata)
        ? doc.metadata
        : {}
      : Object.fromEntries(Object.entries(doc).filter(([key]) => !RESERVED.has(key) && key !== store.contentField));
    out.push(makeData({ ...metadata, text }));
  }
  return out;
}

interface EndpointChoice {
  field: string;
  database: string;
  environment: string;
  token: string;
}

/** The Data API endpoint: the field, a Database holding a URL, ASTRA_DB_API_ENDPOINT, else the database of that name (DevOps API). */
async function apiEndpoint(choice: EndpointChoice, client: DataAPIClient, ctx: RunContext): Promise<string> {
  const given = choice.field.trim() || (/^https?:\/\//.test(choice.database.trim()) ? choice.database.trim() : '') || ctx.env.ASTRA_DB_API_ENDPOINT?.trim() || '';
  if (given) return given.replace(/\/+$/, '');
  const name = choice.database.trim();
  if (!name) throw new Error('Astra DB needs a database: set the Database field (or the Astra DB API Endpoint field, or ASTRA_DB_API_ENDPOINT in the environment)');
  const devops = ctx.env[ASTRA.baseUrlEnv]?.trim() || DEVOPS_URLS[choice.environment] || ASTRA.baseUrl;
  const admin = client.admin({ adminToken: choice.token, astraEnv: choice.environment as 'prod' | 'dev' | 'test', endpointUrl: devops.replace(/\/+$/, '') });
  const databases = await admin.listDatabases({ include: 'nonterminated' });
  const found = databases.find((db) => db.name === name);
  const endpoint = found?.regions[0]?.apiEndpoint;
  if (!endpoint) {
    const known = databases.map((db) => db.name).join(', ') || 'none';
    throw new Error(`Astra DB has no database named "${name}" for this token (databases: ${known}); set the Database field to one of them, or set the Astra DB API Endpoint`);
  }
  return endpoint;
}

/** astra-db-ts's HTTP through `ctx.http`; a refused token, a quota or a server failure worded for the user. */
function astraFetcher(ctx: RunContext): Fetcher {
  const send = serviceFetch(ASTRA, ctx);
  return {
    async fetch(info) {
      const res = await send(info.url, { method: info.method, headers: info.headers, ...(info.body !== undefined ? { body: info.body } : {}) });
      const body = await res.text();
      if (res.status === 401 || res.status === 403) {
        const detail = errorDetail(body);
        throw new WebServiceError(
          ASTRA.name,
          `Astra DB refused the application token (the Astra DB Application Token field, or the ASTRA_DB_APPLICATION_TOKEN variable) (HTTP ${res.status})${detail ? `: ${detail}` : ''}`,
          res.status,
        );
      }
      if (res.status === 429 || res.status >= 500) throw serviceErrorFromStatus(ASTRA, res.status, errorDetail(body));
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        headers[key] = value;
      });
      return { url: res.url || info.url, status: res.status, statusText: res.statusText, httpVersion: 1, headers, body };
    },
  };
}

function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { message?: string; description?: string }[] };
    const first = parsed.errors?.[0];
    if (first) return first.message ?? first.description ?? '';
  } catch {
    // not JSON
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The Data API's own errors with its message; others as they are. */
function astraError(error: unknown): unknown {
  if (error instanceof DataAPIResponseError) {
    const first = error.errorDescriptors[0];
    return new WebServiceError(ASTRA.name, `Astra DB refused the request: ${first?.message ?? error.message}${first?.errorCode ? ` (${first.errorCode})` : ''}`, undefined, { cause: error });
  }
  if (error instanceof DataAPIHttpError) return serviceErrorFromStatus(ASTRA, error.status, errorDetail(error.body ?? ''));
  return error;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
