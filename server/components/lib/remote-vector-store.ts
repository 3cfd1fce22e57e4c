/**
 * What Langflow's vector stores on a database or service (pgvector, Qdrant, Pinecone) share here,
 * beside the local ones: the rows of Ingest Data go in once per run (whichever asks first: the
 * outputs or the agent's first search), a Search Query answers the Number of Results nearest rows
 * as Data (the metadata and the text under `text`, as Langflow's `docs_to_data`), the same rows as
 * a DataFrame, and in tool mode Langflow's `search_documents` tool for an Agent.
 */
import { dataText, makeData, type Data } from '../../../shared/data.js';
import type { OutputValues, RunContext } from '../../engine/define-component.js';
import { isEmbeddings, type EmbeddingsDescriptor } from '../../engine/embeddings.js';
import { resolveText } from '../../engine/resolve-text.js';
import { embedQuery, embedTexts } from '../models/embeddings-client.js';
import { toRows } from './data-values.js';
import { TOOL_OUTPUT, makeTool, toolText, withToolsMetadata } from './tools.js';

/** A row to store: its text (Langflow's page_content) and the rest of its data (the metadata). */
export interface StoredText {
  text: string;
  metadata: Record<string, unknown>;
}

/** Picks `k` of the candidates one at a time, each the most similar to the query less its closeness to those already picked (langchain's MMR, lambda 0.5). */
export function maxMarginalRelevance<T extends { vector: readonly number[] }>(query: readonly number[], candidates: readonly T[], k: number, lambda = 0.5): T[] {
  const picked: number[] = [];
  while (picked.length < Math.min(k, candidates.length)) {
    let best = -1;
    let bestScore = -Infinity;
    candidates.forEach((candidate, i) => {
      if (picked.includes(i)) return;
      const redundancy = picked.length > 0 ? Math.max(...picked.map((p) => cosine(candidate.vector, candidates[p]!.vector))) : 0;
      const score = lambda * cosine(query, candidate.vector) - (1 - lambda) * redundancy;
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    picked.push(best);
  }
  return picked.map((i) => candidates[i]!);
}

function cosine(a: readonly number[], b: readonly number[]): number {
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

/** One embedded row to store. */
export interface EmbeddedText extends StoredText {
  vector: number[];
}

/** A store for one run: what a component opens on its database or service. */
export interface RemoteStore {
  add(items: EmbeddedText[]): Promise<void>;
  /** The `k` stored rows nearest to `vector`, nearest first. */
  search(vector: number[], k: number): Promise<StoredText[]>;
  /** With no query: the first `k` stored rows (Langflow's Elasticsearch); absent: no rows. */
  list?(k: number): Promise<StoredText[]>;
}

export interface RemoteStoreRun {
  /** The store's name as users know it: "pgvector". */
  kind: string;
  ingest: unknown;
  embedding: unknown;
  query: unknown;
  k: number;
  toolsMetadata?: unknown;
  /** Opens the store (once per run, on first use); the run's end closes what it registers with `ctx.onRunEnd`. */
  open(): Promise<RemoteStore>;
  /** A found row as the component's Data; default: its metadata and its text under `text` (Langflow's `docs_to_data`). */
  toData?(row: StoredText): Data;
}

export function needEmbeddings(kind: string, embedding: unknown): EmbeddingsDescriptor {
  if (!isEmbeddings(embedding)) throw new Error(`${kind} needs an embedding model: connect an Embeddings output (e.g. OpenAI Embeddings) to Embedding`);
  return embedding;
}

export async function runRemoteStore(run: RemoteStoreRun, ctx: RunContext): Promise<OutputValues> {
  const embeddings = needEmbeddings(run.kind, run.embedding);
  let opened: Promise<RemoteStore> | undefined;
  const store = () => (opened ??= run.open());
  let ingesting: Promise<void> | undefined;
  const ingest = () => (ingesting ??= ingestRows(run.ingest, embeddings, store, ctx));
  const search = async (query: string): Promise<Data[]> => {
    // As Langflow builds the store before searching: a store that cannot be opened fails, query or not.
    const opened = await store();
    await ingest();
    const k = Math.max(1, run.k);
    const toData = run.toData ?? ((row: StoredText) => makeData({ ...row.metadata, text: row.text }));
    if (!query) return opened.list ? (await opened.list(k)).map(toData) : [];
    const vector = await embedQuery(embeddings, query, ctx.signal);
    return (await opened.search(vector, k)).map(toData);
  };

  const outputs: OutputValues = {};
  if (ctx.wants(TOOL_OUTPUT)) {
    outputs[TOOL_OUTPUT] = withToolsMetadata(
      makeTool(
        'search_documents',
        `Search documents in ${run.kind}: the rows (text and metadata) most similar to a query.`,
        { type: 'object', properties: { search_query: { type: 'string', description: 'What to search for.' } }, required: ['search_query'] },
        async (args) => toolText((await search(String(args.search_query ?? args.input ?? '').trim())).map((row) => row.data)),
      ),
      run.toolsMetadata,
    );
  }
  if (ctx.wants('search_results') || ctx.wants('dataframe')) {
    const results = await search((await resolveText(run.query)).trim());
    Object.assign(outputs, { search_results: results, dataframe: results });
  } else if (!ctx.wants(TOOL_OUTPUT)) {
    await ingest();
  }
  return outputs;
}

async function ingestRows(ingest: unknown, embeddings: EmbeddingsDescriptor, store: () => Promise<RemoteStore>, ctx: RunContext): Promise<void> {
  const rows = await toRows(ingest);
  if (rows.length === 0) return;
  const items = rows.map((row): StoredText => {
    const { [row.text_key]: _text, ...metadata } = row.data;
    return { text: dataText(row), metadata };
  });
  const vectors = await embedTexts(embeddings, items.map((i) => i.text), ctx.signal);
  if (vectors.some((v) => v.length === 0)) throw new Error('The embedding model answered an empty vector');
  await (await store()).add(items.map((item, i) => ({ ...item, vector: vectors[i] ?? [] })));
}
