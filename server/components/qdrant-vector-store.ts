/**
 * Langflow's "Qdrant" (`QdrantVectorStoreComponent`): ingest Data into a Qdrant collection and
 * search it, over Qdrant's documented REST API through `ctx.http` (the run's cancellation, the
 * timeout, the outbound rule). @qdrant/js-client-rest has no hook for its HTTP (it calls the global
 * fetch with its own connection pool), so it could obey neither the outbound rule nor the run's
 * cancellation; the tests check that the official client reads what this component writes.
 *
 * Points are stored as langchain's Qdrant stores them: a UUID, the unnamed vector, and the payload
 * `{<Content Payload Key>: text, <Metadata Payload Key>: {...}}`; a missing collection is created
 * for the embedding's dimension with the chosen distance. The server: URL, else Host and Port (with
 * Prefix); those fields are protected from tweaks while the API key comes from a variable. The key:
 * the field, else a QDRANT_API_KEY variable; none is sent when there is none (a local Qdrant).
 * Qdrant's on-disk local mode (Path) and gRPC are not available here.
 */
import { randomUUID } from 'node:crypto';
import { asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { CACHE_FIELD, INGEST_DATA_FIELD, SEARCH_QUERY_FIELD, TOOLS_METADATA_FIELD, VECTOR_STORE_OUTPUTS } from './lib/local-vector-store.js';
import { runRemoteStore, type EmbeddedText, type RemoteStore, type StoredText } from './lib/remote-vector-store.js';
import { WebServiceError, serviceErrorFromStatus, serviceFetch, type WebService } from './lib/web-service.js';

const KEY_VARIABLE = 'QDRANT_API_KEY';
/** Langflow's Distance Function choices, as Qdrant names them. */
const DISTANCES: Record<string, string> = { Cosine: 'Cosine', Euclidean: 'Euclid', 'Dot Product': 'Dot' };

export default defineComponent({
  type: 'QdrantVectorStoreComponent',
  display_name: 'Qdrant',
  description: 'Qdrant Vector Store with search capabilities',
  category: 'Vector Stores',
  icon: 'Qdrant',
  fields: [
    { name: 'collection_name', display_name: 'Collection Name', kind: 'str', required: true, default: '' },
    { name: 'host', display_name: 'Host', kind: 'str', default: 'localhost', advanced: true, sends_secret: 'api_key' },
    { name: 'port', display_name: 'Port', kind: 'int', default: 6333, advanced: true, sends_secret: 'api_key' },
    { name: 'grpc_port', display_name: 'gRPC Port', kind: 'int', default: 6334, advanced: true, info: 'Not used here: Flowdesk speaks REST.' },
    { name: 'api_key', display_name: 'Qdrant API Key', kind: 'secret', load_from_db: true, default: '', advanced: true, info: `Empty: the ${KEY_VARIABLE} variable, else none.` },
    { name: 'prefix', display_name: 'Prefix', kind: 'str', default: '', advanced: true, sends_secret: 'api_key' },
    { name: 'timeout', display_name: 'Timeout', kind: 'int', default: 0, advanced: true, info: 'Seconds a request may take (0: 30).' },
    { name: 'path', display_name: 'Path', kind: 'str', default: '', advanced: true, info: "Qdrant's on-disk local mode: not available here (use a Qdrant server)." },
    { name: 'url', display_name: 'URL', kind: 'str', default: '', advanced: true, sends_secret: 'api_key', info: 'e.g. http://localhost:6333; empty: Host and Port.' },
    { name: 'distance_func', display_name: 'Distance Function', kind: 'dropdown', options: Object.keys(DISTANCES), default: 'Cosine', advanced: true },
    { name: 'content_payload_key', display_name: 'Content Payload Key', kind: 'str', default: 'page_content', advanced: true },
    { name: 'metadata_payload_key', display_name: 'Metadata Payload Key', kind: 'str', default: 'metadata', advanced: true },
    INGEST_DATA_FIELD,
    SEARCH_QUERY_FIELD,
    CACHE_FIELD,
    { name: 'embedding', display_name: 'Embedding', kind: 'str', input_types: ['Embeddings'], info: 'The embedding model (an Embeddings output).' },
    { name: 'number_of_results', display_name: 'Number of Results', kind: 'int', default: 4, advanced: true, info: 'Number of results to return.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: VECTOR_STORE_OUTPUTS,

  async run(inputs, ctx) {
    const collection = asString(inputs.collection_name).trim();
    if (!collection) throw new Error('Qdrant needs a Collection Name: set the Collection Name field');
    if (asString(inputs.path).trim() && !asString(inputs.url).trim()) {
      throw new Error("Qdrant's local mode (the Path field) is not available here: run a Qdrant server and set URL (or Host and Port)");
    }
    return runRemoteStore(
      {
        kind: 'Qdrant',
        ingest: inputs.ingest_data,
        embedding: inputs.embedding,
        query: inputs.search_query,
        k: asInteger(inputs.number_of_results, 4) ?? 4,
        toolsMetadata: inputs.tools_metadata,
        open: () => openQdrant(inputs, collection, ctx),
      },
      ctx,
    );
  },
});

/** The REST root: URL, else http://Host:Port, with Prefix. */
export function qdrantBaseUrl(inputs: FieldValues): string {
  const url = asString(inputs.url).trim();
  const prefix = asString(inputs.prefix).trim().replace(/^\/+|\/+$/g, '');
  let base: string;
  if (url) {
    base = /^https?:\/\//i.test(url) ? url : `http://${url}`;
  } else {
    const host = asString(inputs.host).trim() || 'localhost';
    base = `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${asInteger(inputs.port, 6333) ?? 6333}`;
  }
  base = base.replace(/\/+$/, '');
  return prefix ? `${base}/${prefix}` : base;
}

async function openQdrant(inputs: FieldValues, collection: string, ctx: RunContext): Promise<RemoteStore> {
  const timeoutS = asInteger(inputs.timeout, 0) ?? 0;
  const service: WebService = { name: 'Qdrant', baseUrl: qdrantBaseUrl(inputs), baseUrlEnv: '', keyVariable: KEY_VARIABLE, ...(timeoutS > 0 ? { timeoutMs: timeoutS * 1000 } : {}) };
  const given = asString(inputs.api_key).trim();
  const key = given || (await ctx.variables.get(KEY_VARIABLE)) || ctx.env[KEY_VARIABLE] || '';
  const send = serviceFetch(service, ctx);
  const path = `/collections/${encodeURIComponent(collection)}`;

  const call = async <T>(method: string, sub: string, body?: unknown): Promise<{ status: number; result: T | undefined }> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (key) headers['api-key'] = key;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await send(`${service.baseUrl}${sub}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    let parsed: { result?: T; status?: { error?: string } | string } | undefined;
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (res.ok) return { status: res.status, result: parsed?.result };
    if (res.status === 404 && method === 'GET') return { status: 404, result: undefined };
    const detail = (typeof parsed?.status === 'object' ? parsed.status.error : undefined) ?? text.replace(/\s+/g, ' ').trim().slice(0, 300);
    if ((res.status === 401 || res.status === 403) && !key) {
      throw new WebServiceError(service.name, `Qdrant needs an API key (HTTP ${res.status}): set the Qdrant API Key field, or create a Credential variable named ${KEY_VARIABLE}`, res.status);
    }
    throw serviceErrorFromStatus(service, res.status, detail);
  };

  const described = await call<{ config?: { params?: { vectors?: { size?: number; distance?: string } } } }>('GET', path);
  let dimension = described.status === 404 ? undefined : described.result?.config?.params?.vectors?.size;
  const exists = described.status !== 404;
  let created = exists;
  const contentKey = asString(inputs.content_payload_key).trim() || 'page_content';
  const metadataKey = asString(inputs.metadata_payload_key).trim() || 'metadata';
  const ensure = async (size: number) => {
    if (created) {
      if (dimension !== undefined && dimension !== size) {
        throw new Error(`Qdrant's collection "${collection}" holds vectors of ${dimension} dimensions, the embedding model gives ${size}: use the model it was filled with, or another collection`);
      }
      return;
    }
    await call('PUT', path, { vectors: { size, distance: DISTANCES[asString(inputs.distance_func)] ?? 'Cosine' } });
    created = true;
    dimension = size;
  };

  return {
    async add(items: EmbeddedText[]) {
      await ensure(items[0]?.vector.length ?? 0);
      const points = items.map((item) => ({ id: randomUUID(), vector: item.vector, payload: { [contentKey]: item.text, [metadataKey]: item.metadata } }));
      await call('PUT', `${path}/points?wait=true`, { points });
    },
    async search(vector: number[], k: number): Promise<StoredText[]> {
      // As langchain: a collection that is not there has nothing to find.
      if (!created) return [];
      await ensure(vector.length);
      const found = await call<{ payload?: Record<string, unknown> | null }[]>('POST', `${path}/points/search`, { vector, limit: k, with_payload: true, with_vector: false });
      return (found.result ?? []).map((point) => {
        const payload = point.payload ?? {};
        const metadata = payload[metadataKey];
        return { text: String(payload[contentKey] ?? ''), metadata: typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {} };
      });
    },
  };
}
