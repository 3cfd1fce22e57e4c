/**
 * Where vectors are kept: named collections behind one small interface, so that another backend
 * (PostgreSQL with pgvector) can be a second implementation. Today's one is the flat-file store
 * (`flat-vector-store.ts`) under the data directory.
 */
import type { VectorCollection } from '../engine/vectors.js';

export interface CollectionStats {
  count: number;
  /** Bytes on disk (or in the database). */
  size: number;
}

export interface VectorStore {
  /** The collection, made on first write. Names are checked by the caller (`collectionName`). */
  collection(name: string): VectorCollection;
  /** Every record of the collection, in the order added (for statistics). */
  stats(name: string): Promise<CollectionStats & { texts: string[] }>;
  drop(name: string): Promise<void>;
}

/**
 * Langflow's rule for collection and knowledge base names: 3–63 characters, letters, digits, `_` and
 * `-`, starting and ending with a letter or digit. It also keeps every name one plain folder name.
 */
export function isValidCollectionName(name: string): boolean {
  return name.length >= 3 && name.length <= 63 && /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/.test(name);
}
