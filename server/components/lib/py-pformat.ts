/**
 * Text as Python shows values, for components whose Langflow answer is `pprint.pformat(result)`:
 * dicts, lists, strings, numbers, None, `datetime.date`s, and pandas-like tables (Series and
 * DataFrames) in pandas' layout: the index column, right-aligned values, the `Name: …, dtype: …`
 * footer of a Series. An approximation of pprint and pandas: pprint's splitting of long strings and
 * pandas' truncation of wide or long tables are not reproduced.
 */
import { pyRepr as pyStringRepr } from '../../../shared/python-format.js';

/** A `datetime.date` (shown as Python shows it). */
export class PyDate {
  constructor(readonly iso: string) {}
  repr(): string {
    const [y, m, d] = this.iso.split('-').map(Number);
    return `datetime.date(${y}, ${m}, ${d})`;
  }
  toJSON(): string {
    return this.iso;
  }
}

/** A table as pandas holds it: the index (with its name) and named columns. */
export interface Table {
  kind: 'table';
  indexName: string | null;
  index: string[];
  columns: string[];
  rows: unknown[][];
}

/** A pandas Series. */
export interface Series {
  kind: 'series';
  indexName: string | null;
  name: string;
  dtype: string;
  index: string[];
  values: unknown[];
}

export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (typeof value === 'string') return pyStringRepr(value);
  if (value instanceof PyDate) return value.repr();
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = sortedEntries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${pyStringRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** `pprint.pformat(value)`: one line when it fits in 80 columns, else one dict entry or list item a line (dict keys sorted). */
export function pformat(value: unknown, width = 80): string {
  if (isTable(value)) return tableText(value);
  if (isSeries(value)) return seriesText(value);
  return format(value, 0, 0, width);
}

function format(value: unknown, indent: number, allowance: number, width: number): string {
  const rep = pyRepr(value);
  if (rep.length <= width - indent - allowance) return rep;
  if (Array.isArray(value) && value.length > 0) {
    const inner = indent + 1;
    const parts = value.map((item, i) => format(item, inner, i === value.length - 1 ? allowance + 1 : 1, width));
    return `[${parts.join(`,\n${' '.repeat(inner)}`)}]`;
  }
  if (value && typeof value === 'object' && !(value instanceof PyDate)) {
    const entries = sortedEntries(value as Record<string, unknown>);
    if (entries.length === 0) return rep;
    const inner = indent + 1;
    const parts = entries.map(([k, v], i) => {
      const key = `${pyStringRepr(k)}: `;
      return key + format(v, inner + key.length, i === entries.length - 1 ? allowance + 1 : 1, width);
    });
    return `{${parts.join(`,\n${' '.repeat(inner)}`)}}`;
  }
  return rep;
}

function sortedEntries(record: Record<string, unknown>): [string, unknown][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && (value as Table).kind === 'table';
}

export function isSeries(value: unknown): value is Series {
  return typeof value === 'object' && value !== null && (value as Series).kind === 'series';
}

/** A cell as pandas prints it: text as is, None as None, NaN as NaN, dates as ISO. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  if (value instanceof PyDate) return value.iso;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object') return pyRepr(value);
  return String(value);
}

function tableText(table: Table): string {
  if (table.rows.length === 0) return `Empty DataFrame\nColumns: [${table.columns.join(', ')}]\nIndex: []`;
  const index = table.index;
  const indexWidth = Math.max(table.indexName?.length ?? 0, ...index.map((i) => i.length));
  const columns = table.columns.map((name, c) => {
    const cells = table.rows.map((row) => cell(row[c]));
    return { name, cells, width: Math.max(name.length, ...cells.map((s) => s.length)) };
  });
  const header = ' '.repeat(indexWidth) + columns.map((col) => `  ${col.name.padStart(col.width)}`).join('');
  const lines = [header];
  if (table.indexName) lines.push(table.indexName.padEnd(indexWidth) + columns.map((col) => `  ${' '.repeat(col.width)}`).join('').trimEnd());
  table.rows.forEach((_, r) => lines.push(index[r]!.padEnd(indexWidth) + columns.map((col) => `  ${col.cells[r]!.padStart(col.width)}`).join('')));
  return lines.map((l) => l.trimEnd()).join('\n');
}

function seriesText(series: Series): string {
  const footer = `Name: ${series.name}, dtype: ${series.dtype}`;
  if (series.values.length === 0) return `Series([], ${footer})`;
  const cells = series.values.map(cell);
  const indexWidth = Math.max(...series.index.map((i) => i.length));
  const valueWidth = Math.max(...cells.map((c) => c.length));
  const lines = series.indexName ? [series.indexName] : [];
  series.index.forEach((i, n) => lines.push(`${i.padEnd(indexWidth)}    ${cells[n]!.padStart(valueWidth)}`));
  lines.push(footer);
  return lines.join('\n');
}

/** float64 values as pandas prints a column of them: the same number of decimals for all (at least one, at most six). */
export function float64Cells(values: number[]): string[] {
  const decimals = Math.min(6, Math.max(1, ...values.map((v) => (Number.isInteger(v) ? 1 : (String(v).split('.')[1]?.length ?? 1)))));
  return values.map((v) => (Number.isNaN(v) ? 'NaN' : v.toFixed(decimals)));
}
