/**
 * A record file whose records also carry a unique `name`, indexed for lookups by name (variables,
 * projects). Checking a name is the caller's (`holder`); the index follows every write, and is put
 * back as it was when a write fails.
 */
import type { RecordFile } from './record-file.js';

export class NamedRecords<T extends { id: string; name: string }> {
  readonly #records: RecordFile<T>;
  readonly #byName = new Map<string, string>();

  constructor(records: RecordFile<T>) {
    this.#records = records;
    for (const record of records.values()) if (!this.#byName.has(record.name)) this.#byName.set(record.name, record.id);
  }

  values(): T[] {
    return this.#records.values();
  }

  get(id: string): T | undefined {
    return this.#records.get(id);
  }

  getByName(name: string): T | undefined {
    const id = this.#byName.get(name);
    return id === undefined ? undefined : this.#records.get(id);
  }

  /** The id of the record named `name`, if any. */
  holder(name: string): string | undefined {
    return this.#byName.get(name);
  }

  /** Stores `copy` (the store's own JSON-clean copy) under its name; resolves once durable. */
  async set(copy: T): Promise<T> {
    const previous = this.#records.get(copy.id);
    if (previous && this.#byName.get(previous.name) === previous.id) this.#byName.delete(previous.name);
    this.#byName.set(copy.name, copy.id);
    try {
      return await this.#records.set(copy);
    } catch (err) {
      if (this.#byName.get(copy.name) === copy.id) this.#byName.delete(copy.name);
      const now = this.#records.get(copy.id);
      if (now) this.#byName.set(now.name, now.id);
      throw err;
    }
  }

  async remove(id: string): Promise<boolean> {
    const record = this.#records.get(id);
    if (!record) return false;
    if (this.#byName.get(record.name) === id) this.#byName.delete(record.name);
    try {
      await this.#records.remove(id);
    } catch (err) {
      this.#byName.set(record.name, id);
      throw err;
    }
    return true;
  }

  /** Waits for writes in flight; later writes are refused. */
  close(): Promise<void> {
    return this.#records.close();
  }
}
