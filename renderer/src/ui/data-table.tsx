/** The settings pages' table: a header row (plus an actions column), one row per item, a line when there are none. */
import type { ReactNode } from 'react';

export interface DataTableProps<T> {
  columns: readonly string[];
  /** null or undefined while loading: no rows and no "empty" line. */
  items: readonly T[] | null | undefined;
  empty: string;
  rowKey(item: T): string;
  /** The row's cells (`<td>`s), the actions cell last. */
  cells(item: T): ReactNode;
}

export function DataTable<T>({ columns, items, empty, rowKey, cells }: DataTableProps<T>) {
  return (
    <table className="table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c}>{c}</th>
          ))}
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {items?.length === 0 ? (
          <tr>
            <td colSpan={columns.length + 1} className="muted">
              {empty}
            </td>
          </tr>
        ) : null}
        {items?.map((item) => <tr key={rowKey(item)}>{cells(item)}</tr>)}
      </tbody>
    </table>
  );
}

/** A row's actions cell holding only a Delete button (`label` names the row for screen readers and tests). */
export function DeleteCell({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <td className="row-actions">
      <button type="button" className="small-button danger" onClick={onClick} aria-label={`Delete ${label}`}>
        Delete
      </button>
    </td>
  );
}
