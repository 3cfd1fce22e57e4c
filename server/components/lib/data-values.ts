/** Turning whatever reached a Data/DataFrame/Message input into rows of Data, and Data into text. */
import { renderTemplate } from '../../../shared/component-spec.js';
import { dataText, isData, makeData, type Data } from '../../../shared/data.js';
import { isMessage } from '../../../shared/message.js';
import { resolveText } from '../../engine/resolve-text.js';
import { TextStream } from '../../engine/text-stream.js';

/** Rows of Data: a Data is one row, a list (a DataFrame) its items, a Message or text one `{text}` row. */
export async function toRows(value: unknown): Promise<Data[]> {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return (await Promise.all(value.map(toRows))).flat();
  if (isData(value)) return [value];
  if (isMessage(value)) {
    const { text, sender, sender_name, session_id, timestamp } = value;
    return [makeData({ text, sender, sender_name, session_id, timestamp })];
  }
  if (value instanceof TextStream || typeof value === 'string') return [makeData({ text: await resolveText(value) })];
  if (typeof value === 'object') return [makeData(value as Record<string, unknown>)];
  return [makeData({ text: String(value) })];
}

/** Fills `{key}` from the row; a missing key becomes the row's default value (usually ''). */
export function formatRow(template: string, row: Data): string {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(row.data)) values[key] = typeof value === 'string' ? value : JSON.stringify(value);
  if (row.default_value) {
    return renderTemplate(template, new Proxy(values, { get: (target, key) => (typeof key === 'string' && key in target ? target[key] : row.default_value) }));
  }
  return renderTemplate(template, values);
}

/** A row as text: its text entry, or the whole record. */
export function rowText(row: Data): string {
  return dataText(row);
}

/** Backslash escapes typed into a text field (`\n`, `\t`) as the characters they name. */
export function unescape(text: string): string {
  return text.replace(/\\(n|t|r|\\)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c] as string);
}

/** A DataFrame: a list of Data rows (Flowdesk's form of Langflow's DataFrame). */
export function isDataFrame(value: unknown): value is Data[] {
  return Array.isArray(value) && value.every(isData);
}

/**
 * Langflow's "clean data" for a DataFrame (`safe_convert(..., clean_data=True)`): rows whose every
 * column is empty are dropped, cells holding only whitespace become empty, and runs of newlines in
 * a cell become one. Columns are the union of the rows' keys, so a row lacking one has it empty.
 */
export function cleanDataFrame(rows: readonly Data[]): Data[] {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row.data)))];
  const missing = (value: unknown) => value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value));
  return rows
    .filter((row) => !columns.every((column) => missing(row.data[column])))
    .map((row) => ({
      ...row,
      data: Object.fromEntries(Object.entries(row.data).map(([key, value]) => [key, typeof value === 'string' ? (/^\s*$/.test(value) ? '' : value.replace(/\n+/g, '\n')) : value])),
    }));
}

/** Langflow's `clean_data` as its Chat Output and Parser apply it: to the DataFrames inside a list input (not to a DataFrame given alone). */
export function cleanFramesInList(value: unknown): unknown {
  if (!Array.isArray(value) || isDataFrame(value)) return value;
  return value.map((item) => (isDataFrame(item) ? cleanDataFrame(item) : item));
}
