/**
 * Store-wide settings in `meta.json`: whether starter flows were seeded, and the editor's "require
 * an API key" switch.
 *
 * A settings file must never make the server less strict by being lost. So `meta.json.bak` is a
 * mirror, written before the file itself (durable-json-file.ts, `backup: 'mirror'`), and every
 * file written that way says so (`"backup": "mirror"`): a `.bak` with that mark is never older
 * than the file it backs. When `meta.json` cannot be read and there is no such copy (no `.bak`, an
 * unreadable one, or one written by an older Flowdesk as the state before the last change, which
 * may predate turning keys on), the settings start with keys required, that is stored, and a
 * warning says why and how to turn keys off again.
 */
import path from 'node:path';
import { Low } from 'lowdb';
import { StorageError } from '../../shared/errors.js';
import { CorruptDataError, DurableJsonFile, type DurableFileOptions } from './durable-json-file.js';
import { FILE_FORMAT_VERSION, isObject } from './record-file.js';
import type { StoreMeta } from './types.js';

const DEFAULT_META: StoreMeta = { seeded: false };
/** Marks a `meta.json` (and its `.bak`) written with a mirrored backup. */
const MIRROR_MARK = 'mirror';

export class MetaFile {
  readonly #low: Low<StoreMeta>;
  readonly #file: DurableJsonFile<StoreMeta>;
  /** Whether the last copy parsed carried the mirror mark (read right after `#low.read()`). */
  #lastParsedMirrored = false;
  #closed = false;

  private constructor(file: string, options: DurableFileOptions) {
    this.#file = new DurableJsonFile<StoreMeta>(
      file,
      {
        parse: (json) => {
          if (!isObject(json) || !isObject(json.meta)) throw new CorruptDataError('"meta" is not an object');
          if (typeof json.meta.seeded !== 'boolean') throw new CorruptDataError('"seeded" is not a boolean');
          if (json.meta.require_api_key !== undefined && typeof json.meta.require_api_key !== 'boolean') {
            throw new CorruptDataError('"require_api_key" is not a boolean');
          }
          this.#lastParsedMirrored = json.backup === MIRROR_MARK;
          return { ...DEFAULT_META, ...json.meta } as StoreMeta;
        },
        serialize: (meta) => JSON.stringify({ version: FILE_FORMAT_VERSION, backup: MIRROR_MARK, meta }, null, 2) + '\n',
      },
      { ...options, backup: 'mirror' },
    );
    this.#low = new Low<StoreMeta>(this.#file, { ...DEFAULT_META });
  }

  static async open(file: string, options: DurableFileOptions): Promise<MetaFile> {
    const meta = new MetaFile(file, options);
    await meta.#low.read();
    const recovery = meta.#file.recovery;
    if (recovery && !(recovery.fromBackup && meta.#lastParsedMirrored)) {
      // No copy known to be current: the lost file may have required keys, so require them.
      const bak = path.basename(meta.#file.bakFile);
      const why = recovery.fromBackup ? `${bak} was written by an older Flowdesk and may predate the last settings change` : `there is no usable ${bak}`;
      meta.#low.data = { ...meta.#low.data, require_api_key: true };
      await meta.#low.write();
      options.warn(
        `API keys are now required for every request: ${path.basename(file)} could not be read and ${why}, so it may have required them. ` +
          'To serve without keys again, open the editor with the sign-in link the banner prints (or use a key from `flowdesk api-key`) ' +
          'and turn off "Require an API key to use the API" in its settings (PATCH /api/v1/settings {"require_api_key": false}).',
      );
    } else if (!recovery && meta.#file.exists && !meta.#lastParsedMirrored) {
      // Written by an older Flowdesk: write it again so its `.bak` becomes a marked mirror.
      await meta.#low.write();
    }
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
