/** The text (and, for CSV and JSON, the structure) of an uploaded file, by its extension. */
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export const TEXT_EXTENSIONS = ['txt', 'md', 'mdx', 'markdown', 'csv', 'json', 'yaml', 'yml', 'xml', 'html', 'htm', 'log', 'py', 'js', 'ts', 'tsx', 'jsx', 'sh', 'sql', 'toml', 'ini', 'tsv'];
export const SUPPORTED_EXTENSIONS = [...TEXT_EXTENSIONS, 'pdf'];

export interface FileContent {
  text: string;
  /** CSV/TSV rows as records, JSON as its value; undefined for plain text. */
  structured?: unknown;
}

export async function fileContent(name: string, bytes: Uint8Array): Promise<FileContent> {
  const extension = path.extname(name).slice(1).toLowerCase();
  if (extension === 'pdf') return { text: await pdfText(bytes, name) };
  if (!TEXT_EXTENSIONS.includes(extension)) {
    throw new Error(`Unsupported file type${extension ? ` .${extension}` : ''} (${name}): supported are ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(', ')}`);
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (extension === 'json') {
    try {
      return { text, structured: JSON.parse(text) as unknown };
    } catch (error) {
      throw new Error(`${name} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  if (extension === 'csv' || extension === 'tsv') {
    try {
      return { text, structured: parseCsv(text, extension === 'tsv' ? '\t' : ',') };
    } catch (error) {
      throw new Error(`${name} is not valid ${extension.toUpperCase()}: ${(error as Error).message}`, { cause: error });
    }
  }
  return { text };
}

async function pdfText(bytes: Uint8Array, name: string): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  try {
    const document = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(document, { mergePages: true });
    return text;
  } catch (error) {
    throw new Error(`Cannot read the PDF ${name}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * CSV (or TSV) by csv-parse's sync API; the first row names the columns. Lenient as the File
 * component has always been: a short row fills its missing columns with '', extra fields are
 * dropped, a stray quote inside an unquoted field is kept, blank lines are skipped.
 */
export function parseCsv(text: string, delimiter = ','): Record<string, string>[] {
  const rows = parse(text, {
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  const [header, ...records] = rows;
  if (!header) return [];
  return records.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i] ?? ''])));
}
