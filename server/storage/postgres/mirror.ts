/**
 * The in-memory copy of one table, behind the synchronous reads of the store interfaces. Rows come
 * from the load at open, from this server's own writes (after their COMMIT) and from reloads when
 * another server announces a change. Each row carries its `rev`; an older one never replaces a
 * newer one, and a deleted id remembers the `rev` of its deletion, so a reload that raced with
 * the delete cannot bring the row back. Records are frozen; `list` follows `seq` (creation order).
 */
import { deepFreeze } from '../fs-utils.js';

export interface MirrorRow<T> {
  id: string;
  seq: number;
  rev: number;
  record: T;
}

/** Keeps a secondary index (a unique name → id) in step with the rows. */
export class UniqueIndex<T> {
  readonly #ids = new Map<string, string>();
  readonly #key: (record: T) => string | null;

  constructor(key: (record: T) => string | null) {
    this.#key = key;
  }

  get(key: string): string | undefined {
    return this.#ids.get(key);
  }

  /** The id holding `key` other than `id`, if any. */
  holderOtherThan(record: T, id: string): string | undefined {
    const key = this.#key(record);
    const holder = key === null ? undefined : this.#ids.get(key);
    return holder === id ? undefined : holder;
  }

  change(id: string, before: T | undefined, after: T | undefined): void {
    const old = before === undefined ? null : this.#key(before);
    if (old !== null && this.#ids.get(old) === id) this.#ids.delete(old);
    const next = after === undefined ? null : this.#key(after);
    if (next !== null) this.#ids.set(next, id);
  }
}

export class Mirror<T> {
  readonly #rows = new Map<string, MirrorRow<T>>();
  readonly #deletedAt = new Map<string, number>();
  readonly #indexes: UniqueIndex<T>[];
  #ordered: T[] | undefined;

  constructor(indexes: UniqueIndex<T>[] = []) {
    this.#indexes = indexes;
  }

  get(id: string): T | undefined {
    return this.#rows.get(id)?.record;
  }

  rev(id: string): number {
    return this.#rows.get(id)?.rev ?? this.#deletedAt.get(id) ?? 0;
  }

  /** In creation order; the array is the caller's. */
  values(): T[] {
    this.#ordered ??= [...this.#rows.values()].sort((a, b) => a.seq - b.seq).map((row) => row.record);
    return [...this.#ordered];
  }

  /** Stores `row` unless what is held is as new or newer; returns the record now held (or undefined when deleted). */
  apply(row: MirrorRow<T>): T | undefined {
    if (row.rev <= this.rev(row.id)) return this.get(row.id);
    const before = this.#rows.get(row.id);
    const record = deepFreeze(row.record);
    this.#rows.set(row.id, { ...row, record });
    this.#deletedAt.delete(row.id);
    this.#changed(row.id, before?.record, record);
    return record;
  }

  /** Replaces the record held for `id` by a local change not yet written (its `rev` stays). */
  patch(id: string, record: T): void {
    const row = this.#rows.get(id);
    if (!row) return;
    this.#rows.set(id, { ...row, record: deepFreeze(record) });
    this.#changed(id, row.record, this.#rows.get(id)?.record);
  }

  /** Forgets `id`, deleted at `rev`, unless it was written again since. */
  remove(id: string, rev: number): void {
    if (rev <= this.rev(id)) return;
    const before = this.#rows.get(id);
    this.#rows.delete(id);
    this.#deletedAt.set(id, rev);
    if (before) this.#changed(id, before.record, undefined);
  }

  /**
   * Makes the mirror what a full read found (after the change channel was down, its
   * announcements possibly lost). A row missing from the read is dropped without a tombstone: had
   * it been written after the read, its own announcement follows and brings it back.
   */
  replaceAll(rows: MirrorRow<T>[]): void {
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      this.apply(row);
    }
    for (const [id, row] of this.#rows) {
      if (seen.has(id)) continue;
      this.#rows.delete(id);
      this.#changed(id, row.record, undefined);
    }
  }

  #changed(id: string, before: T | undefined, after: T | undefined): void {
    this.#ordered = undefined;
    for (const index of this.#indexes) index.change(id, before, after);
  }
}
