/** Store-wide settings in `meta.json` (whether starter flows were seeded). */
import { Low } from 'lowdb';
import { StorageError } from '../../shared/errors.js';
import { CorruptDataError, DurableJsonFile, type DurableFileOptions } from './durable-json-file.js';
import { FILE_FORMAT_VERSION, isObject } from './record-file.js';
import type { StoreMeta } from './types.js';

const DEFAULT_META: StoreMeta = { seeded: false };

export class MetaFile {
  readonly #low: Low<StoreMeta>;
  readonly #file: DurableJsonFile<StoreMeta>;
  #closed = false;

  private constructor(file: string, options: DurableFileOptions) {
    this.#file = new DurableJsonFile<StoreMeta>(
      file,
      {
        parse(json) {
          if (!isObject(json) || !isObject(json.meta)) throw new CorruptDataError('"meta" is not an object');
          if (typeof json.meta.seeded !== 'boolean') throw new CorruptDataError('"seeded" is not a boolean');
          return { ...DEFAULT_META, ...json.meta } as StoreMeta;
        },
        serialize: (meta) => JSON.stringify({ version: FILE_FORMAT_VERSION, meta }, null, 2) + '\n',
      },
      options,
    );
    this.#low = new Low<StoreMeta>(this.#file, { ...DEFAULT_META });
  }

  static async open(file: string, options: DurableFileOptions): Promise<MetaFile> {
    const meta = new MetaFile(file, options);
    await meta.#low.read();
    return meta;
  }

  get(): StoreMeta {
    return { ...this.#low.data };
  }

  async set(patch: Partial<StoreMeta>): Promise<void> {
    if (this.#closed) throw new StorageError('The store is closed');
    const previous = this.#low.data;
    const next = { ...previous, ...patch };
    this.#low.data = next;
    try {
      await this.#low.write();
    } catch (err) {
      if (this.#low.data === next) this.#low.data = previous;
      throw new StorageError(`Could not write ${this.#file.file}: ${(err as Error).message}`, err);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#file.flush();
  }
}
