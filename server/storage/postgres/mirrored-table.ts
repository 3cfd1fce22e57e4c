/**
 * A table kept in memory (mirror.ts): loaded whole at open, row by row as changes are announced,
 * and from the rows this server writes, once committed.
 */
import { deepFreeze } from '../fs-utils.js';
import type { PgContext, Sql } from './connect.js';
import { Mirror, type MirrorRow, type UniqueIndex } from './mirror.js';

/** What the store's change listener drives. */
export interface MirroredTable {
  readonly table: string;
  /** Reads the whole table again (at open, and after the change channel was down). */
  loadAll(): Promise<void>;
  /** Reads one row again after another server (or this one) announced a change to it. */
  reload(id: string): Promise<void>;
  /** Forgets a row another server deleted at `rev`. */
  forget(id: string, rev: number): void;
}

/** A row as selected: `id`, `seq`, `rev` (bigints arrive as text) and the table's own columns. */
export interface RawRow {
  id: string;
  seq: string | number;
  rev: string | number;
  [column: string]: unknown;
}

export abstract class MirroredTableBase<T> implements MirroredTable {
  readonly table: string;
  protected readonly ctx: PgContext;
  protected readonly mirror: Mirror<T>;

  protected constructor(ctx: PgContext, table: string, indexes: UniqueIndex<T>[] = []) {
    this.ctx = ctx;
    this.table = table;
    this.mirror = new Mirror<T>(indexes);
  }

  /** The table's rows (only `id`'s when given), each with `id`, `seq` and `rev`. */
  protected abstract select(sql: Sql, id?: string): Promise<RawRow[]>;

  /** The record of a selected row. */
  protected abstract decode(row: RawRow): T;

  /** In creation order. */
  list(): T[] {
    return this.mirror.values();
  }

  get(id: string): T | undefined {
    return this.mirror.get(id);
  }

  /** The record holding `key` in `index`. */
  protected getBy(index: UniqueIndex<T>, key: string): T | undefined {
    const id = index.get(key);
    return id === undefined ? undefined : this.mirror.get(id);
  }

  async loadAll(): Promise<void> {
    const rows = await this.select(this.ctx.sql);
    this.mirror.replaceAll(rows.map((row) => this.toMirrorRow(row)));
  }

  async reload(id: string): Promise<void> {
    const [row] = await this.select(this.ctx.sql, id);
    if (row) this.mirror.apply(this.toMirrorRow(row));
  }

  forget(id: string, rev: number): void {
    this.mirror.remove(id, rev);
  }

  protected toMirrorRow(row: RawRow, record: T = this.decode(row)): MirrorRow<T> {
    return { id: row.id, seq: Number(row.seq), rev: Number(row.rev), record };
  }

  /** Holds what a committed write returned; hands back the record now held (a newer one, if a later write won). */
  protected applyWritten(row: RawRow, record: T): T {
    return this.mirror.apply(this.toMirrorRow(row, record)) ?? deepFreeze(record);
  }

  /** Deletes `id` with `remove` (returning `rev`); true when there was such a row. */
  protected async deleteRow(id: string, remove: (tx: Sql) => Promise<RawRow[]>): Promise<boolean> {
    const row = await this.ctx.write(this.table, id, (tx) => remove(tx as unknown as Sql), undefined, true);
    if (!row) return false;
    this.mirror.remove(id, Number(row.rev));
    return true;
  }
}
