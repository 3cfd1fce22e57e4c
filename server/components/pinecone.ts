/**
 * Langflow's "Pinecone" (`Pinecone`): ingest Data into a Pinecone index and search it, with
 * @pinecone-database/pinecone, whose HTTP goes through `ctx.http` (its `fetchApi`: the run's
 * cancellation, the timeout, the outbound rule). Records are stored as langchain-pinecone stores
 * them: a UUID, the values, and the metadata with the text under Text Key; a search answers the
 * matches' metadata and text (a match without the text is skipped, as langchain does). The index
 * must exist (Pinecone's console or API creates it); its host comes from the control plane
 * (`PINECONE_BASE_URL` points it elsewhere, for tests or a proxy; never a field). The key: the field,
 * else the PINECONE_API_KEY variable. Distance Strategy only changes langchain's relevance scores,
 * which these outputs do not carry.
 */
import { randomUUID } from 'node:crypto';
import { Pinecone, type RecordMetadata } from '@pinecone-database/pinecone';
import { asInteger, asString } from '../engine/field-values.js';
import { OutboundRefusedError } from '../engine/capabilities.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { CACHE_FIELD, INGEST_DATA_FIELD, SEARCH_QUERY_FIELD, TOOLS_METADATA_FIELD, VECTOR_STORE_OUTPUTS } from './lib/local-vector-store.js';
import { runRemoteStore, type EmbeddedText, type RemoteStore, type StoredText } from './lib/remote-vector-store.js';
import { WebServiceError, serviceBaseUrl, serviceErrorFromStatus, serviceFetch, serviceKey, type WebService } from './lib/web-service.js';

const PINECONE: WebService = { name: 'Pinecone', baseUrl: 'https://api.pinecone.io', baseUrlEnv: 'PINECONE_BASE_URL', keyVariable: 'PINECONE_API_KEY' };
/** langchain-pinecone's upsert batch size. */
const BATCH = 32;

export default defineComponent({
  type: 'Pinecone',
  display_name: 'Pinecone',
  description: 'Pinecone Vector Store with search capabilities',
  category: 'Vector Stores',
  icon: 'Pinecone',
  fields: [
    { name: 'index_name', display_name: 'Index Name', kind: 'str', required: true, default: '' },
    { name: 'namespace', display_name: 'Namespace', kind: 'str', default: '', info: 'Namespace for the index.' },
    { name: 'distance_strategy', display_name: 'Distance Strategy', kind: 'dropdown', options: ['Cosine', 'Euclidean', 'Dot Product'], default: 'Cosine', advanced: true },
    { name: 'pinecone_api_key', display_name: 'Pinecone API Key', kind: 'secret', load_from_db: true, required: true, default: '', info: 'Empty: the PINECONE_API_KEY variable.' },
    { name: 'text_key', display_name: 'Text Key', kind: 'str', default: 'text', advanced: true, info: 'Key in the record to use as text.' },
    INGEST_DATA_FIELD,
    SEARCH_QUERY_FIELD,
    CACHE_FIELD,
    { name: 'embedding', display_name: 'Embedding', kind: 'str', input_types: ['Embeddings'], info: 'The embedding model (an Embeddings output).' },
    { name: 'number_of_results', display_name: 'Number of Results', kind: 'int', default: 4, advanced: true, info: 'Number of results to return.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: VECTOR_STORE_OUTPUTS,

  async run(inputs, ctx) {
    const index = asString(inputs.index_name).trim();
    if (!index) throw new Error('Pinecone needs an Index Name: set the Index Name field to an index of your Pinecone project');
    return runRemoteStore(
      {
        kind: 'Pinecone',
        ingest: inputs.ingest_data,
        embedding: inputs.embedding,
        query: inputs.search_query,
        k: asInteger(inputs.number_of_results, 4) ?? 4,
        toolsMetadata: inputs.tools_metadata,
        open: () => openPinecone(inputs, index, ctx),
      },
      ctx,
    );
  },
});

async function openPinecone(inputs: FieldValues, indexName: string, ctx: RunContext): Promise<RemoteStore> {
  const apiKey = await serviceKey(PINECONE, inputs.pinecone_api_key, ctx);
  const http = pineconeFetch(ctx, indexName);
  // The client retries a failure on Pinecone's side (5xx) three times, backing off; then it says only that retries ran out.
  const client = new Pinecone({ apiKey, controllerHostUrl: serviceBaseUrl(PINECONE, ctx), fetchApi: http.fetch as never, sourceTag: 'flowdesk' });
  const guard = <T>(call: () => Promise<T>) => guarded(call, http.lastFailure);
  const textKey = asString(inputs.text_key).trim() || 'text';
  const namespace = asString(inputs.namespace).trim();
  const index = await guard(async () => {
    const description = await client.describeIndex(indexName);
    return { handle: client.index({ name: indexName, host: description.host, ...(namespace ? { namespace } : {}) }), dimension: description.dimension };
  });
  const checkDimension = (size: number) => {
    if (index.dimension && index.dimension !== size) {
      throw new Error(`Pinecone's index "${indexName}" has ${index.dimension} dimensions, the embedding model gives ${size}: use the model it was made for, or another index`);
    }
  };

  return {
    async add(items: EmbeddedText[]) {
      checkDimension(items[0]?.vector.length ?? 0);
      const records = items.map((item) => ({ id: randomUUID(), values: item.vector, metadata: { ...item.metadata, [textKey]: item.text } as RecordMetadata }));
      for (let i = 0; i < records.length; i += BATCH) {
        const batch = records.slice(i, i + BATCH);
        await guard(() => index.handle.upsert({ records: batch }));
      }
    },
    async search(vector: number[], k: number): Promise<StoredText[]> {
      checkDimension(vector.length);
      const answer = await guard(() => index.handle.query({ vector, topK: k, includeMetadata: true }));
      const found: StoredText[] = [];
      for (const match of answer.matches ?? []) {
        const { [textKey]: text, ...metadata } = (match.metadata ?? {}) as Record<string, unknown>;
        if (typeof text !== 'string') continue;
        found.push({ text, metadata });
      }
      return found;
    },
  };
}

/** The client's HTTP through `ctx.http`; a refused key, a missing index, a quota or a failure worded for the user (and kept, for when the client's retries run out). */
function pineconeFetch(ctx: RunContext, indexName: string): { fetch: typeof fetch; lastFailure: () => Error | undefined } {
  const send = serviceFetch(PINECONE, ctx);
  let last: Error | undefined;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    try {
      return await checked(input, init);
    } catch (error) {
      if (error instanceof Error) last = error;
      throw error;
    }
  };
  const checked: typeof globalThis.fetch = async (input, init) => {
    const res = await send(input, init);
    if (res.ok) return res;
    const detail = errorDetail(await res.clone().text().catch(() => ''));
    const path = new URL(res.url || String(input)).pathname;
    if (res.status === 404 && path.endsWith(`/indexes/${encodeURIComponent(indexName)}`)) {
      throw new WebServiceError(PINECONE.name, `Pinecone has no index named "${indexName}" in this project: create it (with the embedding model's dimension) in Pinecone, or set Index Name to one of the project's indexes`, 404);
    }
    if (res.status === 400 || res.status === 401 || res.status === 403 || res.status === 402 || res.status === 429 || res.status >= 500) throw serviceErrorFromStatus(PINECONE, res.status, detail);
    return res;
  };
  return { fetch, lastFailure: () => last };
}

function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } };
    const message = body.error?.message ?? body.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Runs a client call; our own errors (and the outbound rule's) come out from under the client's wrapping. */
async function guarded<T>(call: () => Promise<T>, lastFailure: () => Error | undefined): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && error.name === 'PineconeMaxRetriesExceededError') throw lastFailure() ?? error;
    for (let current: unknown = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
      if (current instanceof WebServiceError || current instanceof OutboundRefusedError) throw current;
      if (current.name === 'AbortError') throw current;
    }
    throw error;
  }
}
