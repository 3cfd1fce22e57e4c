/**
 * A lowdb adapter for one JSON file, with the guarantees lowdb's `JSONFile` (steno) lacks.
 *
 * Guarantee, per file (`flows.json` here):
 * - `flows.json` always holds the newest acknowledged state. A write goes to `.flows.json.tmp`,
 *   is flushed to the disk (fsync, when enabled), and replaces `flows.json` by rename; the
 *   directory is then fsynced. A write promise resolves only after that rename, so a kill -9 (or,
 *   with fsync, a power cut) at any moment leaves every acknowledged write readable.
 * - `flows.json.bak` holds the state before the newest write: just before each rename the current
 *   file is hard-linked (copied where links are unsupported) to `.bak`. The main file exists at
 *   every instant.
 * - With `backup: 'mirror'` (meta.json and api-keys.json, which a stale copy must never loosen), `.bak` is
 *   instead a second copy of the newest state: each write replaces `.bak` (temp file, fsync,
 *   rename) before it replaces the main file, so at every instant `.bak` is as new as the main
 *   file or newer (by a write not yet acknowledged), never older. At open, a `.bak` that differs
 *   from a readable main file is rewritten from it.
 * - At open, a main file that is not valid JSON or has the wrong shape (torn by a disk fault, or a
 *   bad hand edit) is renamed to `flows.json.corrupt-<timestamp>` with a warning, and the `.bak`
 *   copy is used (and written back as the main file). Only when the `.bak` is bad too does the
 *   store start without that file's data, saying so.
 * - Writes are serialized. While one is in flight, later writes coalesce: only the newest data is
 *   written next, and every caller waiting on it resolves once it is on disk. The data is
 *   serialized when its write starts, after every waiting caller made its change, so a caller
 *   never resolves before its own change is on disk.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { StartupError } from '../startup-error.js';
import { deferred, errnoCode, removeIfPresent, renameWithRetry, replaceFile, setAside, syncDir, writeNewFile, type Deferred } from './fs-utils.js';

/** Thrown by a codec's `parse` when a file's content has the wrong shape. */
export class CorruptDataError extends Error {}

export interface JsonCodec<T> {
  /** Checks and converts the file's parsed JSON. Throws `CorruptDataError` for a wrong shape. */
  parse(json: unknown): T | Promise<T>;
  serialize(data: T): string;
}

export interface DurableFileOptions {
  fsync: boolean;
  /** Records a problem found at open (already worded for the log). */
  warn(message: string): void;
  /**
   * What `.bak` holds: the state before the newest write (`previous`, the default), or a copy of
   * the newest state, written before the main file (`mirror`).
   */
  backup?: 'previous' | 'mirror';
}

/** What `read()` found when the main file was unreadable or missing (null when it read fine or neither file exists). */
export interface Recovery {
  /** What went wrong, for the log (`meta.json was unreadable (empty); moved it to …`). */
  problem: string;
  /** Whether the data came from `.bak` (true) or the store starts without this file's data (false). */
  fromBackup: boolean;
}

export class DurableJsonFile<T> implements Adapter<T> {
  readonly file: string;
  readonly bakFile: string;
  readonly #tmpFile: string;
  readonly #bakTmpFile: string;
  readonly #codec: JsonCodec<T>;
  readonly #options: DurableFileOptions;
  #mainExists = false;
  #pending: { data: T; done: Deferred } | null = null;
  #draining: Promise<void> | null = null;
  /** Write count, for tests and benchmarks. */
  writes = 0;
  /** Set by `read()` when the main file could not be used. */
  recovery: Recovery | null = null;

  constructor(file: string, codec: JsonCodec<T>, options: DurableFileOptions) {
    this.file = file;
    this.bakFile = `${file}.bak`;
    this.#tmpFile = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
    this.#bakTmpFile = path.join(path.dirname(file), `.${path.basename(file)}.bak.tmp`);
    this.#codec = codec;
    this.#options = options;
  }

  /** Loads the file, recovering from a corrupt one as described above. Null when there is none yet. */
  async read(): Promise<T | null> {
    const name = path.basename(this.file);
    // A temp file left by a crash never held an acknowledged write.
    await removeIfPresent(this.#tmpFile).catch(() => undefined);
    await removeIfPresent(this.#bakTmpFile).catch(() => undefined);
    const main = await this.#load(this.file);
    if (main.state === 'ok') {
      this.#mainExists = true;
      if (this.#mirror) await this.#mirrorBackup(main.text);
      return main.data;
    }
    let problem: string;
    if (main.state === 'corrupt') {
      const aside = await setAside(this.file);
      problem = `${name} was unreadable (${main.reason}); moved it to ${aside}`;
    } else {
      problem = `${name} was missing`;
    }
    const bak = await this.#load(this.bakFile);
    if (bak.state === 'ok') {
      this.#options.warn(`${problem}; using the last good copy from ${path.basename(this.bakFile)}`);
      this.recovery = { problem, fromBackup: true };
      await this.#writeNow(bak.text);
      return bak.data;
    }
    if (main.state === 'missing' && bak.state === 'missing') return null; // a new data directory
    this.recovery = { problem, fromBackup: false };
    if (bak.state === 'corrupt') {
      const aside = await setAside(this.bakFile);
      this.#options.warn(`${problem}; its backup was unreadable too (moved to ${aside}): starting with no ${name} data`);
    } else {
      this.#options.warn(`${problem} and there is no backup: starting with no ${name} data`);
    }
    return null;
  }

  async #load(file: string): Promise<{ state: 'ok'; data: T; text: string } | { state: 'missing' } | { state: 'corrupt'; reason: string }> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return { state: 'missing' };
      const reason = err instanceof Error ? err.message : String(err);
      throw new StartupError('data_dir_unusable', `Cannot read ${file}: ${reason}`, { cause: err });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { state: 'corrupt', reason: text.trim() === '' ? 'empty' : `invalid JSON: ${(err as Error).message}` };
    }
    try {
      return { state: 'ok', data: await this.#codec.parse(json), text };
    } catch (err) {
      if (err instanceof CorruptDataError) return { state: 'corrupt', reason: `wrong shape: ${err.message}` };
      throw err;
    }
  }

  /** Writes `data` (or newer data given meanwhile); resolves once it is on disk. */
  write(data: T): Promise<void> {
    if (this.#pending) {
      this.#pending.data = data;
      return this.#pending.done.promise;
    }
    const batch = { data, done: deferred() };
    this.#pending = batch;
    this.#draining ??= this.#drain();
    return batch.done.promise;
  }

  /** Resolves when no write is pending or in flight. */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending) {
        const batch = this.#pending;
        this.#pending = null;
        try {
          await this.#writeNow(this.#codec.serialize(batch.data));
          batch.done.resolve();
        } catch (err) {
          batch.done.reject(err);
        }
      }
    } finally {
      this.#draining = null;
    }
  }

  /** Whether the main file exists (known after `read()`). */
  get exists(): boolean {
    return this.#mainExists;
  }

  get #mirror(): boolean {
    return this.#options.backup === 'mirror';
  }

  /** Makes `.bak` a copy of `text` (the main file's content) unless it already is one. */
  async #mirrorBackup(text: string): Promise<void> {
    const current = await fs.readFile(this.bakFile, 'utf8').catch(() => undefined);
    if (current === text) return;
    await replaceFile(this.bakFile, this.#bakTmpFile, text, this.#options.fsync);
  }

  async #writeNow(text: string): Promise<void> {
    const sync = this.#options.fsync;
    if (this.#mirror) {
      // The copy first: a crash between the two renames leaves `.bak` newer than the main file, never older.
      await replaceFile(this.bakFile, this.#bakTmpFile, text, sync);
      await replaceFile(this.file, this.#tmpFile, text, sync);
      this.#mainExists = true;
      this.writes++;
      return;
    }
    await writeNewFile(this.#tmpFile, text, sync);
    if (this.#mainExists) {
      // Keep the state being replaced as the last good copy. The main file stays in place throughout.
      await removeIfPresent(this.bakFile);
      try {
        await fs.link(this.file, this.bakFile);
      } catch {
        await fs.copyFile(this.file, this.bakFile);
      }
    }
    await renameWithRetry(this.#tmpFile, this.file);
    if (sync) await syncDir(path.dirname(this.file));
    this.#mainExists = true;
    this.writes++;
  }
}
