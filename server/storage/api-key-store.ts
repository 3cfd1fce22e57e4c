/**
 * API keys in `api-keys.json`: only the SHA-256 hash and a display prefix, never the key. `touch`
 * (called on every authenticated request) changes memory at once and writes at most once per
 * `touchFlushMs`; `close` writes what is pending. A kill -9 can lose the last second of usage
 * counters, nothing else. `api-keys.json.bak` is a copy of the newest keys, not the state before
 * the last change, so a damaged `api-keys.json` can never bring a revoked key back.
 */
import { ConflictError } from '../../shared/errors.js';
import type { DurableFileOptions } from './durable-json-file.js';
import { RecordFile, requireFields } from './record-file.js';
import { copyApiKey } from './record-copies.js';
import type { ApiKeyStore, StoredApiKey } from './types.js';

function decodeKey(raw: unknown, index: number): StoredApiKey {
  const key = requireFields(raw, index, { id: 'string', name: 'string', hash: 'string', prefix: 'string', created_at: 'string', last_used_at: 'string|null', total_uses: 'number' });
  return key as unknown as StoredApiKey;
}

export class LowdbApiKeyStore implements ApiKeyStore {
  readonly #records: RecordFile<StoredApiKey>;
  readonly #byHash = new Map<string, string>();
  readonly #touchFlushMs: number;
  #timer: NodeJS.Timeout | undefined;
  #touchWrite: Promise<void> | undefined;
  #closed = false;

  private constructor(records: RecordFile<StoredApiKey>, touchFlushMs: number) {
    this.#records = records;
    this.#touchFlushMs = touchFlushMs;
    for (const key of records.values()) this.#byHash.set(key.hash, key.id);
  }

  static async open(file: string, options: DurableFileOptions & { touchFlushMs: number }): Promise<LowdbApiKeyStore> {
    return new LowdbApiKeyStore(await RecordFile.open<StoredApiKey>(file, { field: 'api_keys', decode: decodeKey }, { ...options, backup: 'mirror' }), options.touchFlushMs);
  }

  list(): StoredApiKey[] {
    return this.#records.values();
  }

  getByHash(hash: string): StoredApiKey | undefined {
    const id = this.#byHash.get(hash);
    return id === undefined ? undefined : this.#records.get(id);
  }

  async create(key: StoredApiKey): Promise<StoredApiKey> {
    if (this.#records.get(key.id)) throw new ConflictError(`An API key with id ${key.id} already exists`);
    if (this.#byHash.has(key.hash)) throw new ConflictError('This API key is already stored');
    const copy = copyApiKey(key);
    this.#byHash.set(copy.hash, copy.id);
    try {
      return await this.#records.set(copy);
    } catch (err) {
      if (!this.#records.get(copy.id)) this.#byHash.delete(copy.hash);
      throw err;
    }
  }

  touch(id: string, at: string): void {
    const key = this.#records.get(id);
    if (!key || this.#closed) return;
    const lastUsed = key.last_used_at !== null && key.last_used_at > at ? key.last_used_at : at;
    this.#records.setLazily({ ...key, last_used_at: lastUsed, total_uses: key.total_uses + 1 });
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#touchWrite = this.#records.persist().catch(() => undefined);
    }, this.#touchFlushMs);
    this.#timer.unref();
  }

  async delete(id: string): Promise<boolean> {
    const key = this.#records.get(id);
    if (!key) return false;
    this.#byHash.delete(key.hash);
    try {
      await this.#records.remove(id);
    } catch (err) {
      this.#byHash.set(key.hash, id);
      throw err;
    }
    return true;
  }

  /** Writes pending usage counters now, and stops the timer. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      await this.#records.persist();
    }
    await this.#touchWrite;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      await this.#records.close();
    }
  }
}
