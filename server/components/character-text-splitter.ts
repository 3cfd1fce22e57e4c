/** Langflow's "Character Text Splitter" (`CharacterTextSplitter`, LangChain's): chunks cut on one separator, merged up to Chunk Size. */
import { defineComponent } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { unescape } from './lib/data-values.js';
import { splitByCharacter } from './lib/split-text.js';
import { sizes, splitDocuments } from './lib/text-splitter.js';

export default defineComponent({
  type: 'CharacterTextSplitter',
  display_name: 'Character Text Splitter',
  description: 'Split text by number of characters.',
  category: 'Processing',
  icon: 'LangChain',
  fields: [
    { name: 'chunk_size', display_name: 'Chunk Size', kind: 'int', default: 1000, info: 'The maximum length of each chunk.' },
    { name: 'chunk_overlap', display_name: 'Chunk Overlap', kind: 'int', default: 200, info: 'The amount of overlap between chunks.' },
    { name: 'data_input', display_name: 'Input', kind: 'str', input_types: ['Document', 'Data'], required: true, info: 'The texts to split.' },
    { name: 'separator', display_name: 'Separator', kind: 'str', default: '', input_types: ['Message'], info: 'The characters to split on.\nIf left empty defaults to "\\n\\n".' },
  ],
  outputs: [{ name: 'data', display_name: 'Data', types: ['Data'] }],

  async run(inputs) {
    const options = sizes(inputs.chunk_size, inputs.chunk_overlap);
    const typed = await resolveText(inputs.separator);
    const separator = typed ? unescape(typed) : '\n\n';
    return { data: await splitDocuments(inputs.data_input, (text) => splitByCharacter(text, separator, options)) };
  },
});
