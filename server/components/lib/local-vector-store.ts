/**
 * What Langflow's local vector stores (FAISS, Chroma) share here: Ingest Data, Search Query,
 * Embedding and their outputs (Search Results as Data, the same rows as a DataFrame, and in tool mode
 * Langflow's `search_documents` tool for an Agent), over a collection of the data directory
 * (`ctx.vectors.localCollection`). The ingest data goes in once per run, whichever asks first.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FieldSpec, OutputSpec } from '../../../shared/component-spec.js';
import { dataText, makeData, type Data } from '../../../shared/data.js';
import type { OutputValues, RunContext } from '../../engine/define-component.js';
import { isEmbeddings } from '../../engine/embeddings.js';
import { resolveText } from '../../engine/resolve-text.js';
import type { VectorRecord } from '../../engine/vectors.js';
import { embedQuery, embedTexts } from '../models/embeddings-client.js';
import { toRows } from './data-values.js';
import { TOOL_OUTPUT, TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolText, withToolsMetadata } from './tools.js';

export { TOOLS_METADATA_FIELD };

export const INGEST_DATA_FIELD: FieldSpec = { name: 'ingest_data', display_name: 'Ingest Data', kind: 'str', input_types: ['Data', 'DataFrame'], list: true, info: 'Rows to add to the store.' };
export const SEARCH_QUERY_FIELD: FieldSpec = { name: 'search_query', display_name: 'Search Query', kind: 'multiline', default: '', input_types: ['Message'], info: 'Enter a query to run a similarity search.' };
export const CACHE_FIELD: FieldSpec = {
  name: 'should_cache_vector_store',
  display_name: 'Cache Vector Store',
  kind: 'bool',
  default: true,
  advanced: true,
  info: 'If True, the vector store will be cached for the current build of the component.',
};
export const EMBEDDING_FIELD: FieldSpec = { name: 'embedding', display_name: 'Embedding', kind: 'str', input_types: ['Embeddings'], required: true, info: 'The embedding model (an Embeddings output).' };

export const VECTOR_STORE_OUTPUTS: OutputSpec[] = [
  { name: 'search_results', display_name: 'Search Results', types: ['Data'] },
  { name: 'dataframe', display_name: 'Table', types: ['DataFrame'] },
  TOOL_OUTPUT_SPEC,
];

export interface LocalStoreRun {
  kind: 'FAISS' | 'Chroma';
  name: string;
  directory: string;
  ingest: unknown;
  embedding: unknown;
  query: unknown;
  k: number;
  /** FAISS: the ingested rows replace the index (Langflow rebuilds it); Chroma: they are added. */
  replace: boolean;
  allowDuplicates: boolean;
  /** The Actions table (tool mode). */
  toolsMetadata?: unknown;
}

export async function runLocalStore(run: LocalStoreRun, ctx: RunContext): Promise<OutputValues> {
  const embeddings = run.embedding;
  if (!isEmbeddings(embeddings)) throw new Error(`${run.kind} needs an embedding model: connect an Embeddings output (e.g. OpenAI Embeddings) to Embedding`);
  const collection = await ctx.vectors.localCollection(run.kind, run.name, run.directory);

  let ingesting: Promise<void> | undefined;
  const ingest = () => (ingesting ??= ingestRows(run, embeddings, collection, ctx));
  const search = async (query: string): Promise<Data[]> => {
    await ingest();
    if (!query) return [];
    const matches = await collection.search(await embedQuery(embeddings, query, ctx.signal), Math.max(1, run.k));
    return matches.map(({ record }) => makeData({ ...record.metadata, text: record.text }));
  };

  const outputs: OutputValues = {};
  if (ctx.wants(TOOL_OUTPUT)) {
    outputs[TOOL_OUTPUT] = withToolsMetadata(
      makeTool(
        'search_documents',
        `Search documents in the ${run.kind} vector store: the rows (text and metadata) most similar to a query.`,
        { type: 'object', properties: { search_query: { type: 'string', description: 'What to search for.' } }, required: ['search_query'] },
        async (args) => toolText((await search(String(args.search_query ?? args.input ?? '').trim())).map((row) => row.data)),
      ),
      run.toolsMetadata,
    );
  }
  if (ctx.wants('search_results') || ctx.wants('dataframe')) {
    const results = await search((await resolveText(run.query)).trim());
    Object.assign(outputs, { search_results: results, dataframe: results });
  } else {
    await ingest();
  }
  return outputs;
}

async function ingestRows(run: LocalStoreRun, embeddings: Parameters<typeof embedTexts>[0], collection: Awaited<ReturnType<RunContext['vectors']['localCollection']>>, ctx: RunContext): Promise<void> {
  const rows = await toRows(run.ingest);
  if (rows.length === 0) return;
  if (run.replace) await collection.clear();
  const fresh: { id: string; text: string; metadata: Record<string, unknown> }[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const text = dataText(row);
    const { [row.text_key]: _text, ...metadata } = row.data;
    const hash = createHash('sha256').update(JSON.stringify([text, metadata])).digest('hex');
    if (!run.allowDuplicates && (seen.has(hash) || (await collection.has(hash)))) continue;
    seen.add(hash);
    fresh.push({ id: run.allowDuplicates ? randomUUID() : hash, text, metadata });
  }
  const vectors = await embedTexts(embeddings, fresh.map((f) => f.text), ctx.signal);
  const records: VectorRecord[] = fresh.map((f, i) => ({ ...f, vector: vectors[i] ?? [] }));
  await collection.add(records);
}
