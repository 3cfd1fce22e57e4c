/** The text (and, for CSV and JSON, the structure) of an uploaded file, by its extension. */
import path from 'node:path';

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
  if (extension === 'csv' || extension === 'tsv') return { text, structured: parseCsv(text, extension === 'tsv' ? '\t' : ',') };
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

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes; the first row names the columns. */
export function parseCsv(text: string, delimiter = ','): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...records] = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) return [];
  return records.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i] ?? ''])));
}
