/**
 * What a run may do with vectors: named collections of embedded texts (knowledge bases, local
 * vector stores). The engine only declares the capability; a service implements it over the data
 * directory, and a run without one gets an implementation that fails saying so.
 */

export interface VectorRecord {
  /** Unique in its collection (a knowledge base uses the SHA-256 of the row's identifier text). */
  readonly id: string;
  readonly text: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly vector: readonly number[];
}

export interface VectorMatch {
  readonly record: VectorRecord;
  /** Cosine similarity: 1 the same direction, 0 unrelated. */
  readonly score: number;
}

export interface VectorCollection {
  /** Adds records; a record whose id is already there replaces it. Every vector must have the collection's dimensions. */
  add(records: readonly VectorRecord[]): Promise<void>;
  /** The `k` records nearest to `vector`, nearest first. */
  search(vector: readonly number[], k: number): Promise<VectorMatch[]>;
  /** The first `limit` records in the order they were added. */
  list(limit: number): Promise<VectorRecord[]>;
  has(id: string): Promise<boolean>;
  count(): Promise<number>;
  /** Removes every record. */
  clear(): Promise<void>;
}

/** How a knowledge base embeds: Langflow's `embedding_metadata.json`, less the key (which stays in a Credential variable). */
export interface EmbeddingMetadata {
  embedding_provider: string;
  embedding_model: string;
  /** The global variable (a Credential) holding the key; null: the provider's usual one (OPENAI_API_KEY). */
  api_key_variable: string | null;
  /** The endpoint; null: the provider's default (or OPENAI_BASE_URL / OLLAMA_BASE_URL). */
  api_base: string | null;
  chunk_size: number;
  created_at: string;
}

export interface KnowledgeBaseHandle {
  readonly name: string;
  readonly metadata: EmbeddingMetadata;
  readonly collection: VectorCollection;
  /** Records the column configuration (Langflow's `schema.json`) unless the knowledge base has one. */
  saveSchema(columns: readonly Record<string, unknown>[]): Promise<void>;
}

/** The data directory's vector stores: knowledge bases and local collections (the knowledge service). */
export interface LocalVectorAccess {
  /** An existing knowledge base; rejects naming it when there is none. */
  knowledgeBase(name: string): Promise<KnowledgeBaseHandle>;
  /** The names of the knowledge bases, sorted. */
  knowledgeBases(): Promise<string[]>;
  /**
   * A local vector store's collection (FAISS, Chroma), made on first use, under the data directory's
   * `vector_stores/<kind>/<directory>/<name>`; `directory` is a relative folder (Langflow's Persist Directory).
   */
  localCollection(kind: string, name: string, directory?: string): Promise<VectorCollection>;
}

/** A connected byte stream (a `node:net` Socket), opaque to the engine. */
export interface VectorSocket {
  destroy(error?: Error): unknown;
}

/** Vector databases a run reaches over its own connections (PostgreSQL with pgvector). */
export interface VectorDatabaseAccess {
  /**
   * A TCP connection to `host:port` made under the server's outbound rule (as `ctx.http`'s are):
   * refused with an OutboundRefusedError naming why, before any byte is sent.
   */
  connect(host: string, port: number, timeoutMs: number): Promise<VectorSocket>;
  /** The server's own PostgreSQL URL (`--database-url`), when it stores there; else undefined. */
  serverDatabaseUrl(): string | undefined;
}

export interface VectorAccess extends LocalVectorAccess, VectorDatabaseAccess {}

const unavailable = (what: string) => Promise.reject(new Error(`Vector stores are not available in this run (asked for ${what})`));

export const UNAVAILABLE_VECTORS: VectorAccess = {
  knowledgeBase: (name) => unavailable(`knowledge base ${name}`),
  knowledgeBases: () => unavailable('the knowledge bases'),
  localCollection: (kind, name) => unavailable(`${kind} ${name}`),
  connect: (host, port) => unavailable(`a connection to ${host}:${port}`),
  serverDatabaseUrl: () => undefined,
};
