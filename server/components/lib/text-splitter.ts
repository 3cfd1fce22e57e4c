/**
 * What Langflow's LangChain text splitters share (`LCTextSplitterComponent`): each input Data
 * becomes a document (its text, the other entries as metadata), each chunk a Data of the
 * document's metadata plus the chunk as `text`.
 */
import { makeData, type Data } from '../../../shared/data.js';
import { asInteger } from '../../engine/field-values.js';
import { pyStr } from './python-values.js';
import { toRows } from './data-values.js';

export async function splitDocuments(input: unknown, split: (text: string) => string[]): Promise<Data[]> {
  const rows = await toRows(input);
  return rows.flatMap((row) => {
    const { [row.text_key]: raw, ...metadata } = row.data;
    const text = raw === undefined ? row.default_value : typeof raw === 'string' ? raw : pyStr(raw);
    return split(text).map((chunk) => makeData({ ...metadata, text: chunk }));
  });
}

/** LangChain refuses an overlap larger than the chunk size, with its message. */
export function sizes(chunkSize: unknown, chunkOverlap: unknown): { size: number; overlap: number } {
  const size = asInteger(chunkSize, 1000) ?? 1000;
  const overlap = asInteger(chunkOverlap, 200) ?? 200;
  if (overlap > size) throw new Error(`Got a larger chunk overlap (${overlap}) than chunk size (${size}), should be smaller.`);
  return { size, overlap };
}
