/**
 * One settings document in a file of its own (`model-providers.json`, `mcp-servers.json`): 0600,
 * written atomically (temp file, rename) with a `.bak` mirror of the newest state; a damaged file is
 * set aside and the mirror used, else the settings start from `empty`, with a warning (all of that is
 * DurableJsonFile's). Reads give copies the caller owns; a write resolves once it is on disk, and a
 * failed one leaves the previous state.
 */
import { Low } from 'lowdb';
import { StorageError } from '../../shared/errors.js';
import { DurableJsonFile, type DurableFileOptions } from './durable-json-file.js';
import { FILE_FORMAT_VERSION } from './record-file.js';

export interface SettingsFormat<T> {
  /** The key the document is stored under, beside `version` and `backup`. */
  key: string;
  /** The document from the file's JSON; throws CorruptDataError when it is not one. */
  decode(json: unknown): T;
  /** What a new data directory starts with. */
  empty(): T;
}

export class SettingsFile<T> {
  readonly #low: Low<T>;
  readonly #file: DurableJsonFile<T>;
  #closed = false;

  private constructor(file: string, format: SettingsFormat<T>, options: DurableFileOptions) {
    this.#file = new DurableJsonFile<T>(
      file,
      { parse: format.decode, serialize: (value) => JSON.stringify({ version: FILE_FORMAT_VERSION, backup: 'mirror', [format.key]: value }, null, 2) + '\n' },
      { ...options, backup: 'mirror' },
    );
    this.#low = new Low<T>(this.#file, format.empty());
  }

  static async open<T>(file: string, format: SettingsFormat<T>, options: DurableFileOptions): Promise<SettingsFile<T>> {
    const settings = new SettingsFile(file, format, options);
    await settings.#low.read();
    return settings;
  }

  /** The document as it stands, not to be changed (for reading a part of it without copying all). */
  peek(): Readonly<T> {
    return this.#low.data;
  }

  /** A copy the caller owns. */
  get(): T {
    return structuredClone(this.#low.data);
  }

  /** Replaces the document; resolves once it is on disk. */
  async set(next: T): Promise<void> {
    if (this.#closed) throw new StorageError('The store is closed');
    const previous = this.#low.data;
    const copy = structuredClone(next);
    this.#low.data = copy;
    try {
      await this.#low.write();
    } catch (err) {
      if (this.#low.data === copy) this.#low.data = previous;
      throw new StorageError(`Could not write ${this.#file.file}: ${(err as Error).message}`, err);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#file.flush();
  }
}
