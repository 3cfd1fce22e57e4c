/**
 * Langflow's "Elasticsearch" (`Elasticsearch`): ingest Data into an Elasticsearch index and search it
 * by kNN, with @elastic/elasticsearch, whose HTTP goes through `ctx.http` (a Connection class of its
 * transport: the run's cancellation, the timeout, the outbound rule). Documents are stored as
 * langchain-elasticsearch's dense-vector strategy stores them (`{text, vector, metadata}`, the index
 * created with a `dense_vector` mapping of the embedding's dimension, cosine similarity), so indexes
 * Langflow filled read the same. Search types similarity (with the score threshold) and MMR; with no
 * query, the index's first rows, as Langflow answers. Each row is Langflow's Data: the text and the
 * metadata's `file_path`.
 *
 * The cluster: Elasticsearch URL, or an Elastic Cloud ID; the URL is never a tweak (credentials go
 * there). Credentials: the Elastic API Key, else Username and Password, else none; the key falls back
 * to an ELASTICSEARCH_API_KEY variable. Verify SSL Certificates off is refused: connections here
 * always verify certificates.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  BaseConnection,
  Client,
  errors,
  type ConnectionRequestOptions,
  type ConnectionRequestOptionsAsStream,
  type ConnectionRequestParams,
  type ConnectionRequestResponse,
  type ConnectionRequestResponseAsStream,
  type estypes,
} from '@elastic/elasticsearch';
import { makeData } from '../../shared/data.js';
import { asBoolean, asInteger, asNumber, asString } from '../engine/field-values.js';
import { OutboundRefusedError } from '../engine/capabilities.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { CACHE_FIELD, INGEST_DATA_FIELD, SEARCH_QUERY_FIELD, TOOLS_METADATA_FIELD, VECTOR_STORE_OUTPUTS } from './lib/local-vector-store.js';
import { maxMarginalRelevance, runRemoteStore, type EmbeddedText, type RemoteStore, type StoredText } from './lib/remote-vector-store.js';
import { WebServiceError, serviceErrorFromStatus, serviceFetch, type WebService } from './lib/web-service.js';

const ELASTIC: WebService = { name: 'Elasticsearch', baseUrl: 'http://localhost:9200', baseUrlEnv: '', keyVariable: 'ELASTICSEARCH_API_KEY' };
/** langchain-elasticsearch's kNN candidates, and MMR's fetch_k. */
const NUM_CANDIDATES = 50;
const MMR_FETCH_K = 20;

export default defineComponent({
  type: 'Elasticsearch',
  display_name: 'Elasticsearch',
  description: 'Elasticsearch Vector Store with with advanced, customizable search capabilities.',
  category: 'Vector Stores',
  icon: 'ElasticsearchStore',
  fields: [
    {
      name: 'elasticsearch_url',
      display_name: 'Elasticsearch URL',
      kind: 'str',
      default: 'http://localhost:9200',
      tweakable: false,
      info: 'URL for self-managed Elasticsearch deployments (e.g., http://localhost:9200). Do not use with Elastic Cloud deployments, use Elastic Cloud ID instead.',
    },
    { name: 'cloud_id', display_name: 'Elastic Cloud ID', kind: 'secret', load_from_db: true, default: '', info: "Use this for Elastic Cloud deployments. Do not use together with 'Elasticsearch URL'." },
    { name: 'index_name', display_name: 'Index Name', kind: 'str', default: 'langflow', info: 'The index name where the vectors will be stored in Elasticsearch cluster.' },
    INGEST_DATA_FIELD,
    SEARCH_QUERY_FIELD,
    CACHE_FIELD,
    { name: 'username', display_name: 'Username', kind: 'str', default: '', info: "Elasticsearch username (e.g., 'elastic'). Required for both local and Elastic Cloud setups unless API keys are used." },
    { name: 'password', display_name: 'Elasticsearch Password', kind: 'secret', load_from_db: true, default: '', info: 'Elasticsearch password for the specified user. Required for both local and Elastic Cloud setups unless API keys are used.' },
    { name: 'embedding', display_name: 'Embedding', kind: 'str', input_types: ['Embeddings'], info: 'The embedding model (an Embeddings output).' },
    { name: 'search_type', display_name: 'Search Type', kind: 'dropdown', options: ['similarity', 'mmr'], default: 'similarity', advanced: true },
    { name: 'number_of_results', display_name: 'Number of Results', kind: 'int', default: 4, advanced: true, info: 'Number of results to return.' },
    { name: 'search_score_threshold', display_name: 'Search Score Threshold', kind: 'float', default: 0, advanced: true, info: 'Minimum similarity score threshold for search results.' },
    { name: 'api_key', display_name: 'Elastic API Key', kind: 'secret', load_from_db: true, default: '', advanced: true, info: "API Key for Elastic Cloud authentication. If used, 'username' and 'password' are not required." },
    { name: 'verify_certs', display_name: 'Verify SSL Certificates', kind: 'bool', default: true, advanced: true, info: 'Whether to verify SSL certificates when connecting to Elasticsearch.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: VECTOR_STORE_OUTPUTS,

  async run(inputs, ctx) {
    const index = asString(inputs.index_name).trim();
    if (!index) throw new Error('Elasticsearch needs an Index Name: set the Index Name field');
    return runRemoteStore(
      {
        kind: 'Elasticsearch',
        ingest: inputs.ingest_data,
        embedding: inputs.embedding,
        query: inputs.search_query,
        k: asInteger(inputs.number_of_results, 4) ?? 4,
        toolsMetadata: inputs.tools_metadata,
        open: () => openElasticsearch(inputs, index, ctx),
        // Langflow's Elasticsearch answers the text and the file path only.
        toData: (row) => makeData({ text: row.text, file_path: typeof row.metadata.file_path === 'string' ? row.metadata.file_path : '' }),
      },
      ctx,
    );
  },
});

interface Source {
  text?: unknown;
  metadata?: unknown;
  vector?: unknown;
}

async function openElasticsearch(inputs: FieldValues, index: string, ctx: RunContext): Promise<RemoteStore> {
  const url = asString(inputs.elasticsearch_url).trim();
  const cloudId = asString(inputs.cloud_id).trim();
  if (cloudId && url && url !== 'http://localhost:9200') {
    throw new Error("Both 'cloud_id' and 'elasticsearch_url' provided. Please use only one based on your deployment (Cloud or Local).");
  }
  if (!cloudId && !url) throw new Error('Elasticsearch needs a cluster: set the Elasticsearch URL (e.g. http://localhost:9200) or the Elastic Cloud ID');
  if (!asBoolean(inputs.verify_certs, true)) throw new Error("Elasticsearch: Verify SSL Certificates off is not available here (connections always verify certificates); give the cluster a certificate this machine trusts");
  const apiKey = asString(inputs.api_key).trim() || (await ctx.variables.get(ELASTIC.keyVariable as string)) || '';
  const username = asString(inputs.username).trim();
  const password = asString(inputs.password);
  const auth = apiKey ? { apiKey } : username ? { username, password } : undefined;

  const http = elasticConnection(ctx);
  const client = new Client({ ...(cloudId ? { cloud: { id: cloudId } } : { node: url }), ...(auth ? { auth } : {}), Connection: http.Connection, maxRetries: 0, compression: false });
  ctx.onRunEnd(() => client.close());
  const call = async <T>(what: () => Promise<T>): Promise<T> => {
    try {
      return await what();
    } catch (error) {
      throw elasticError(error, http.lastFailure(), Boolean(auth));
    }
  };

  let exists = await call(() => client.indices.exists({ index }));
  const ensure = async (dims: number) => {
    if (exists) return;
    await call(() => client.indices.create({ index, mappings: { properties: { vector: { type: 'dense_vector', dims, index: true, similarity: 'cosine' } } } }));
    exists = true;
  };
  const rows = (hits: estypes.SearchHit<Source>[]) =>
    hits.map((hit) => {
      const source = hit._source ?? {};
      const metadata = typeof source.metadata === 'object' && source.metadata !== null && !Array.isArray(source.metadata) ? (source.metadata as Record<string, unknown>) : {};
      return { text: typeof source.text === 'string' ? source.text : '', metadata, vector: Array.isArray(source.vector) ? (source.vector as number[]) : [], score: hit._score ?? 0 };
    });
  const mmr = asString(inputs.search_type).toLowerCase() === 'mmr';
  const threshold = asNumber(inputs.search_score_threshold, 0) ?? 0;

  return {
    async add(items: EmbeddedText[]) {
      await ensure(items[0]?.vector.length ?? 0);
      const operations = items.flatMap((item) => [{ index: { _index: index, _id: randomUUID() } }, { text: item.text, vector: item.vector, metadata: item.metadata }]);
      const answer = await call(() => client.bulk({ operations, refresh: true }));
      const failed = answer.errors ? answer.items.find((item) => item.index?.error)?.index?.error : undefined;
      if (failed) throw new WebServiceError(ELASTIC.name, `Elasticsearch refused a document: ${failed.reason ?? failed.type}`);
    },
    async search(vector: number[], k: number): Promise<StoredText[]> {
      if (!exists) return [];
      const size = mmr ? Math.max(MMR_FETCH_K, k) : k;
      const answer = await call(() =>
        client.search<Source>({ index, knn: { field: 'vector', query_vector: vector, k: size, num_candidates: Math.max(NUM_CANDIDATES, size) }, size, _source: mmr ? ['text', 'metadata', 'vector'] : ['text', 'metadata'] }),
      );
      const found = rows(answer.hits.hits);
      if (mmr) return maxMarginalRelevance(vector, found, k);
      return threshold > 0 ? found.filter((row) => row.score >= threshold) : found;
    },
    async list(k: number): Promise<StoredText[]> {
      if (!exists) return [];
      const answer = await call(() => client.search<Source>({ index, query: { match_all: {} }, size: k }));
      return rows(answer.hits.hits);
    },
  };
}

/** A transport Connection whose requests go through `ctx.http`; the last failure is kept, worded for the user. */
function elasticConnection(ctx: RunContext): { Connection: typeof BaseConnection; lastFailure: () => Error | undefined } {
  const send = serviceFetch(ELASTIC, ctx);
  let last: Error | undefined;
  class RunConnection extends BaseConnection {
    override request(params: ConnectionRequestParams, options: ConnectionRequestOptions): Promise<ConnectionRequestResponse>;
    override request(params: ConnectionRequestParams, options: ConnectionRequestOptionsAsStream): Promise<ConnectionRequestResponseAsStream>;
    override async request(params: ConnectionRequestParams, options: ConnectionRequestOptions | ConnectionRequestOptionsAsStream): Promise<ConnectionRequestResponse & ConnectionRequestResponseAsStream> {
      if ('asStream' in options && options.asStream) throw new Error('Elasticsearch: streamed answers are not used here');
      const target = new URL(this.url.toString());
      target.pathname = `${target.pathname.replace(/\/+$/, '')}${params.path}`;
      if (params.querystring) target.search = params.querystring;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries({ ...this.headers, ...params.headers })) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
      try {
        const res = await send(target, { method: params.method, headers, ...(typeof params.body === 'string' || Buffer.isBuffer(params.body) ? { body: params.body } : {}), ...(options.signal ? { signal: options.signal } : {}) });
        const out: IncomingHttpHeaders = {};
        res.headers.forEach((value, name) => {
          out[name] = value;
        });
        const answer: ConnectionRequestResponse = { body: params.method === 'HEAD' ? '' : await res.text(), headers: out, statusCode: res.status };
        return answer as ConnectionRequestResponse & ConnectionRequestResponseAsStream;
      } catch (error) {
        if (error instanceof Error) last = error;
        throw error;
      }
    }
  }
  return { Connection: RunConnection, lastFailure: () => last };
}

/** The client's errors in words a user can act on. */
function elasticError(error: unknown, transportFailure: Error | undefined, withCredentials: boolean): unknown {
  if (error instanceof errors.ResponseError) {
    const status = error.meta.statusCode ?? 0;
    const body = error.meta.body as { error?: { type?: string; reason?: string; root_cause?: { reason?: string }[] } | string } | undefined;
    const detail = typeof body?.error === 'string' ? body.error : (body?.error?.root_cause?.[0]?.reason ?? body?.error?.reason ?? '');
    if ((status === 401 || status === 403) && !withCredentials) {
      return new WebServiceError(ELASTIC.name, `Elasticsearch needs credentials (HTTP ${status}): set the Elastic API Key (or a Credential variable named ELASTICSEARCH_API_KEY), or Username and Password`, status);
    }
    if (status === 401 || status === 403) return new WebServiceError(ELASTIC.name, `Elasticsearch refused the credentials (the Elastic API Key, or Username and Password) (HTTP ${status})${detail ? `: ${detail}` : ''}`, status);
    return serviceErrorFromStatus(ELASTIC, status, detail);
  }
  if (transportFailure instanceof WebServiceError || transportFailure instanceof OutboundRefusedError) return transportFailure;
  if (error instanceof errors.ProductNotSupportedError) return new WebServiceError(ELASTIC.name, `The server at the Elasticsearch URL is not Elasticsearch: ${error.message}`);
  return error;
}
