/** Langflow's "Recursive Character Text Splitter" (`RecursiveCharacterTextSplitter`, LangChain's): paragraphs, then lines, then words, then characters. */
import { defineComponent } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { unescape } from './lib/data-values.js';
import { RECURSIVE_SEPARATORS, splitRecursive } from './lib/split-text.js';
import { sizes, splitDocuments } from './lib/text-splitter.js';

export default defineComponent({
  type: 'RecursiveCharacterTextSplitter',
  display_name: 'Recursive Character Text Splitter',
  description: 'Split text trying to keep all related text together.',
  category: 'Processing',
  icon: 'LangChain',
  fields: [
    { name: 'chunk_size', display_name: 'Chunk Size', kind: 'int', default: 1000, info: 'The maximum length of each chunk.' },
    { name: 'chunk_overlap', display_name: 'Chunk Overlap', kind: 'int', default: 200, info: 'The amount of overlap between chunks.' },
    { name: 'data_input', display_name: 'Input', kind: 'str', input_types: ['Document', 'Data', 'JSON'], required: true, info: 'The texts to split.' },
    {
      name: 'separators',
      display_name: 'Separators',
      kind: 'str',
      list: true,
      default: [],
      input_types: ['Message'],
      info: 'The characters to split on.\nIf left empty defaults to ["\\n\\n", "\\n", " ", ""].',
    },
  ],
  outputs: [{ name: 'data', display_name: 'Data', types: ['Data'] }],

  async run(inputs) {
    const options = sizes(inputs.chunk_size, inputs.chunk_overlap);
    const raw = inputs.separators;
    const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw];
    const typed = (await Promise.all(list.map((s) => resolveText(s)))).map(unescape);
    const separators = typed.length > 0 ? typed : RECURSIVE_SEPARATORS;
    return { data: await splitDocuments(inputs.data_input, (text) => splitRecursive(text, options, separators)) };
  },
});
