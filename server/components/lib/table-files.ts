/** Rows of records as the files pandas writes for Langflow: CSV, a Markdown (pipe) table, an Excel workbook. */

/** The columns of the rows: every key, in the order first seen. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  return [...new Set(rows.flatMap((row) => Object.keys(row)))];
}

/** A cell as pandas writes it: missing empty, booleans True/False, objects as JSON. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `to_csv(index=False)`: a header line (unless appending), `\n` line ends, fields quoted when they must be. */
export function toCsv(rows: readonly Record<string, unknown>[], header: boolean): string {
  const columns = columnsOf(rows);
  const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = rows.map((row) => columns.map((c) => field(cellText(row[c]))).join(','));
  if (header) lines.unshift(columns.map(field).join(','));
  return lines.map((line) => `${line}\n`).join('');
}

/** `to_markdown(index=False)`: tabulate's pipe table, numbers right-aligned. */
export function toMarkdownTable(rows: readonly Record<string, unknown>[]): string {
  const columns = columnsOf(rows);
  if (columns.length === 0) return '';
  const cells = rows.map((row) => columns.map((c) => cellText(row[c]).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((row) => typeof row[c] === 'number'));
  // tabulate pads each header by two (its MIN_PADDING).
  const widths = columns.map((c, i) => Math.max(c.length + 2, ...cells.map((r) => (r[i] as string).length)));
  const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i] as number) : text.padEnd(widths[i] as number));
  const line = (values: string[]) => `| ${values.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
  return [line(columns), rule, ...cells.map(line)].join('\n');
}

/** `to_excel(index=False)`: one sheet, "Sheet1", a header row then one row per record (loads exceljs only when asked). */
export async function toXlsx(rows: readonly Record<string, unknown>[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const columns = columnsOf(rows);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(columns).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(columns.map((c) => {
      const value = row[c];
      return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' ? value : value === undefined || value === null ? null : JSON.stringify(value);
    }));
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
