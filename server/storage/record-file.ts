/**
 * A list of records with string ids kept in one lowdb file (`{"version": 1, "<field>": [...]}`), with
 * an in-memory map for O(1) reads. Records handed out are frozen; a change replaces a record.
 *
 * Each write rewrites the file (lowdb's model), but only changed records are serialized again:
 * the JSON of every stored record is cached.
 */
import { Low } from 'lowdb';
import { StorageError } from '../../shared/errors.js';
import { isPlainObject as isObject } from '../../shared/json.js';
import { CorruptDataError, DurableJsonFile, type DurableFileOptions } from './durable-json-file.js';
import { deepFreeze } from './fs-utils.js';

export const FILE_FORMAT_VERSION = 1;

export interface RecordCodec<T> {
  /** Name of the array in the file, e.g. `flows`. */
  field: string;
  /** Checks one record as read from the file (throw `CorruptDataError` when wrong) and turns it into the in-memory form. */
  decode(raw: unknown, index: number): T | Promise<T>;
  /** The on-disk form of a record (e.g. with its secret encrypted). Defaults to the record itself. */
  encode?(record: T): unknown;
}

export { isObject };

export function requireFields(raw: unknown, index: number, fields: Record<string, 'string' | 'number' | 'boolean' | 'array' | 'object' | 'string|null'>): Record<string, unknown> {
  if (!isObject(raw)) throw new CorruptDataError(`record ${index} is not an object`);
  for (const [name, kind] of Object.entries(fields)) {
    const value = raw[name];
    const ok =
      kind === 'array' ? Array.isArray(value)
      : kind === 'object' ? isObject(value)
      : kind === 'string|null' ? value === null || typeof value === 'string'
      : typeof value === kind;
    if (!ok) throw new CorruptDataError(`record ${index}: "${name}" is not ${kind === 'array' ? 'an array' : `a ${kind}`}`);
  }
  return raw;
}

export class RecordFile<T extends { id: string }> {
  readonly #low: Low<T[]>;
  readonly #file: DurableJsonFile<T[]>;
  readonly #byId = new Map<string, T>();
  readonly #json = new WeakMap<T, string>();
  readonly #codec: RecordCodec<T>;
  #closed = false;

  private constructor(file: string, codec: RecordCodec<T>, options: DurableFileOptions) {
    this.#codec = codec;
    this.#file = new DurableJsonFile<T[]>(
      file,
      {
        parse: (json) => this.#parse(json),
        serialize: (records) => this.#serialize(records),
      },
      options,
    );
    this.#low = new Low<T[]>(this.#file, []);
  }

  static async open<T extends { id: string }>(file: string, codec: RecordCodec<T>, options: DurableFileOptions): Promise<RecordFile<T>> {
    const store = new RecordFile(file, codec, options);
    await store.#low.read();
    for (const record of store.#low.data) store.#byId.set(record.id, deepFreeze(record));
    return store;
  }

  async #parse(json: unknown): Promise<T[]> {
    const field = this.#codec.field;
    if (!isObject(json)) throw new CorruptDataError('not a JSON object');
    if (typeof json.version === 'number' && json.version > FILE_FORMAT_VERSION) {
      throw new StorageError(`${this.#file.file} was written by a newer Flowdesk (format ${json.version}); upgrade Flowdesk to open it`);
    }
    const raw = json[field];
    if (!Array.isArray(raw)) throw new CorruptDataError(`"${field}" is not a list`);
    const records: T[] = [];
    const seen = new Set<string>();
    for (const [index, item] of raw.entries()) {
      const record = await this.#codec.decode(item, index);
      if (seen.has(record.id)) throw new CorruptDataError(`two records with id ${record.id}`);
      seen.add(record.id);
      records.push(record);
    }
    return records;
  }

  #serialize(records: T[]): string {
    const parts = records.map((record) => {
      let json = this.#json.get(record);
      if (json === undefined) {
        json = JSON.stringify(this.#codec.encode ? this.#codec.encode(record) : record);
        this.#json.set(record, json);
      }
      return json;
    });
    return `{"version":${FILE_FORMAT_VERSION},"${this.#codec.field}":[${parts.length ? '\n' + parts.join(',\n') + '\n' : ''}]}\n`;
  }

  get file(): DurableJsonFile<T[]> {
    return this.#file;
  }

  get size(): number {
    return this.#byId.size;
  }

  values(): T[] {
    return [...this.#byId.values()];
  }

  get(id: string): T | undefined {
    return this.#byId.get(id);
  }

  /**
   * Stores `record` (the store's own JSON-clean copy, which gets frozen), keeping the position of
   * a replaced record. Resolves once durable; on a failed write the change is undone.
   */
  async set(record: T): Promise<T> {
    this.#assertOpen();
    deepFreeze(record);
    const previous = this.#byId.get(record.id);
    this.#byId.set(record.id, record);
    try {
      await this.#write();
    } catch (err) {
      if (this.#byId.get(record.id) === record) {
        if (previous) this.#byId.set(record.id, previous);
        else this.#byId.delete(record.id);
      }
      throw err;
    }
    return record;
  }

  /** Changes a record in memory only; `persist` (or a later write) puts it on disk. */
  setLazily(record: T): T {
    this.#assertOpen();
    deepFreeze(record);
    this.#byId.set(record.id, record);
    return record;
  }

  async remove(id: string): Promise<T | undefined> {
    this.#assertOpen();
    const previous = this.#byId.get(id);
    if (!previous) return undefined;
    this.#byId.delete(id);
    try {
      await this.#write();
    } catch (err) {
      // Put it back (at the end: the creation order of a failed delete is not worth more code).
      if (!this.#byId.has(id)) this.#byId.set(id, previous);
      throw err;
    }
    return previous;
  }

  /** Writes the current records. */
  persist(): Promise<void> {
    return this.#write();
  }

  async #write(): Promise<void> {
    this.#low.data = this.values();
    try {
      await this.#low.write();
    } catch (err) {
      throw err instanceof StorageError ? err : new StorageError(`Could not write ${this.#file.file}: ${(err as Error).message}`, err);
    }
  }

  /** Waits for writes in flight; later writes are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#file.flush();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StorageError('The store is closed');
  }
}
