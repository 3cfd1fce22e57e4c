/**
 * The flat-file vector store: each collection is a folder holding `vectors.jsonl`, one record a line
 * (`{id, text, metadata, vector}`), appended on write and read whole into memory on first use;
 * search compares the query with every vector (exact cosine similarity). Plain JavaScript, no
 * native module, so the desktop app packages it as it is; fast enough for the tens of thousands of
 * chunks a desktop knowledge base holds. A record added again under its id replaces the earlier one
 * (the last line wins), and a line cut short by a crash is skipped when read.
 */
import { appendFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { VectorCollection, VectorMatch, VectorRecord } from '../engine/vectors.js';
import type { CollectionStats, VectorStore } from './vector-store.js';

const FILE = 'vectors.jsonl';
const PRIVATE_DIR = { recursive: true, mode: 0o700 } as const;

interface Entry {
  record: VectorRecord;
  norm: number;
}

export function createFlatVectorStore(root: string): VectorStore {
  const open = new Map<string, FlatCollection>();
  const collection = (name: string) => {
    let found = open.get(name);
    if (!found) {
      found = new FlatCollection(path.join(root, name), name);
      open.set(name, found);
    }
    return found;
  };
  return {
    collection,
    async stats(name): Promise<CollectionStats & { texts: string[] }> {
      const entries = await collection(name).entries();
      const size = await stat(path.join(root, name, FILE)).then((s) => s.size, () => 0);
      return { count: entries.length, size, texts: entries.map((e) => e.record.text) };
    },
    async drop(name) {
      const found = open.get(name);
      open.delete(name);
      await found?.idle();
      await rm(path.join(root, name), { recursive: true, force: true });
    },
  };
}

class FlatCollection implements VectorCollection {
  readonly #dir: string;
  readonly #name: string;
  #loaded: Promise<Map<string, Entry>> | undefined;
  /** Writes, one after another. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string, name: string) {
    this.#dir = dir;
    this.#name = name;
  }

  async add(records: readonly VectorRecord[]): Promise<void> {
    if (records.length === 0) return;
    const task = this.#queue.then(async () => {
      const entries = await this.#load();
      const dims = entries.values().next().value?.record.vector.length ?? records[0]!.vector.length;
      for (const record of records) {
        if (record.vector.length !== dims || dims === 0) {
          throw new Error(`A vector of ${record.vector.length} dimensions does not fit "${this.#name}", whose vectors have ${dims}: was it filled with another embedding model?`);
        }
      }
      await mkdir(this.#dir, PRIVATE_DIR);
      const lines = records.map((r) => `${JSON.stringify({ id: r.id, text: r.text, metadata: r.metadata, vector: r.vector })}\n`).join('');
      await appendFile(path.join(this.#dir, FILE), lines, { mode: 0o600 });
      for (const record of records) {
        entries.delete(record.id);
        entries.set(record.id, { record, norm: norm(record.vector) });
      }
    });
    this.#queue = task.catch(() => undefined);
    return task;
  }

  async search(vector: readonly number[], k: number): Promise<VectorMatch[]> {
    const entries = await this.entries();
    const queryNorm = norm(vector);
    if (entries.length > 0 && entries[0]!.record.vector.length !== vector.length) {
      throw new Error(`The query's vector has ${vector.length} dimensions, "${this.#name}"'s have ${entries[0]!.record.vector.length}: search with the embedding model that filled it`);
    }
    const scored = entries.map(({ record, norm: recordNorm }) => ({ record, score: queryNorm === 0 || recordNorm === 0 ? 0 : dot(vector, record.vector) / (queryNorm * recordNorm) }));
    scored.sort((a, b) => b.score - a.score);
    return scored.slice(0, Math.max(0, k));
  }

  async clear(): Promise<void> {
    const task = this.#queue.then(async () => {
      const entries = await this.#load();
      await rm(path.join(this.#dir, FILE), { force: true });
      entries.clear();
    });
    this.#queue = task.catch(() => undefined);
    return task;
  }

  async list(limit: number): Promise<VectorRecord[]> {
    return (await this.entries()).slice(0, Math.max(0, limit)).map((e) => e.record);
  }

  async has(id: string): Promise<boolean> {
    return (await this.#load()).has(id);
  }

  async count(): Promise<number> {
    return (await this.#load()).size;
  }

  async entries(): Promise<Entry[]> {
    return [...(await this.#load()).values()];
  }

  /** Resolves once the writes under way are done. */
  async idle(): Promise<void> {
    await this.#queue;
  }

  #load(): Promise<Map<string, Entry>> {
    this.#loaded ??= readFile(path.join(this.#dir, FILE), 'utf8').then(parse, (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return new Map<string, Entry>();
      this.#loaded = undefined;
      throw error;
    });
    return this.#loaded;
  }
}

function parse(text: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let record: VectorRecord;
    try {
      record = JSON.parse(line) as VectorRecord;
    } catch {
      continue; // a line cut short by a crash
    }
    if (typeof record.id !== 'string' || !Array.isArray(record.vector)) continue;
    entries.delete(record.id); // a replaced record moves to where it was last added
    entries.set(record.id, { record, norm: norm(record.vector) });
  }
  return entries;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * (b[i] ?? 0);
  return sum;
}

function norm(vector: readonly number[]): number {
  return Math.sqrt(dot(vector, vector));
}
