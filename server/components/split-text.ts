/** Langflow's "Split Text" (`SplitText`): text, Messages or Data cut into overlapping chunks, one Data row each. */
import { makeData } from '../../shared/data.js';
import { asInteger, asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { rowText, toRows, unescape } from './lib/data-values.js';
import { splitByCharacter, splitRecursive } from './lib/split-text.js';

/** Langflow's dropdown spells some separators out. */
const NAMED_SEPARATORS: Record<string, string> = { '/n/n': '\n\n', '/n': '\n', '/t': '\t', '" "': ' ', '""': '' };

export default defineComponent({
  type: 'SplitText',
  display_name: 'Split Text',
  description: 'Split text into chunks based on specified criteria.',
  category: 'Processing',
  icon: 'scissors-line-dashed',
  fields: [
    {
      name: 'mode',
      display_name: 'Mode',
      kind: 'dropdown',
      options: ['Character', 'Recursive'],
      default: 'Character',
      info: 'Character: split on the separator, then merge pieces up to the chunk size. Recursive: try paragraphs, lines, words, characters in turn.',
    },
    { name: 'data_inputs', display_name: 'Input', kind: 'str', input_types: ['Data', 'DataFrame', 'Message'], required: true, info: 'The data with texts to split in chunks.' },
    { name: 'chunk_size', display_name: 'Chunk Size', kind: 'int', default: 1000, info: 'The maximum number of characters in each chunk.' },
    { name: 'chunk_overlap', display_name: 'Chunk Overlap', kind: 'int', default: 200, info: 'Number of characters to overlap between chunks.' },
    { name: 'separator', display_name: 'Separator', kind: 'str', default: '\n', info: 'The character to split on (\\n for a new line; Character mode).' },
    { name: 'custom_separator', display_name: 'Custom Separator', kind: 'str', default: '', advanced: true, info: 'Used when Separator is "Custom".' },
    { name: 'text_key', display_name: 'Text Key', kind: 'str', default: 'text', advanced: true, info: 'The key of the chunk text in each row.' },
    {
      name: 'keep_separator',
      display_name: 'Keep Separator',
      kind: 'dropdown',
      options: ['False', 'True', 'Start', 'End'],
      default: 'False',
      advanced: true,
      info: 'Whether to keep the separator in the chunks and where.',
    },
  ],
  outputs: [
    { name: 'chunks', display_name: 'Chunks', types: ['Data'] },
    { name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] },
  ],

  async run(inputs) {
    const size = asInteger(inputs.chunk_size, 1000) ?? 1000;
    const overlap = asInteger(inputs.chunk_overlap, 200) ?? 200;
    if (size <= 0) throw new Error(`Chunk Size must be greater than 0 (got ${size})`);
    if (overlap < 0 || overlap >= size) throw new Error(`Chunk Overlap must be at least 0 and less than Chunk Size (got ${overlap} with size ${size})`);
    const rows = await toRows(inputs.data_inputs);
    if (rows.length === 0) throw new Error('No data inputs provided');
    const textKey = asString(inputs.text_key).trim() || 'text';
    const split = splitter(inputs.mode, inputs.separator, inputs.custom_separator, inputs.keep_separator, { size, overlap });
    const chunks = rows.flatMap((row) => {
      const { [row.text_key]: _text, ...metadata } = row.data;
      return split(rowText(row)).map((chunk) => makeData({ ...metadata, [textKey]: chunk }, textKey));
    });
    return { chunks, dataframe: chunks };
  },
});

function splitter(mode: unknown, rawSeparator: unknown, custom: unknown, keepRaw: unknown, options: { size: number; overlap: number }): (text: string) => string[] {
  if (asString(mode) === 'Recursive') return (text) => splitRecursive(text, options);
  const named = asString(rawSeparator, '\n');
  const separator = named === 'Custom' ? unescape(asString(custom)) : (NAMED_SEPARATORS[named] ?? unescape(named));
  const keepValue = asString(keepRaw, 'False').toLowerCase();
  const keep = keepValue === 'true' || keepValue === 'start' ? 'start' : keepValue === 'end' ? 'end' : false;
  return (text) => splitByCharacter(text, separator, options, keep);
}
