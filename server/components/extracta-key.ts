/** Langflow's "Extract Key" (`ExtractaKey`, legacy): one key of a Data (or of each Data of a list). */
import { isData, makeData } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { asString } from '../engine/field-values.js';

export default defineComponent({
  type: 'ExtractaKey',
  display_name: 'Extract Key',
  description: 'Extract a specific key from a Data object or a list of Data objects and return the extracted value(s) as Data object(s).',
  category: 'Processing',
  icon: 'key',
  fields: [
    { name: 'data_input', display_name: 'Data Input', kind: 'str', input_types: ['Data'], info: 'The Data object or list of Data objects to extract the key from.' },
    { name: 'key', display_name: 'Key to Extract', kind: 'str', default: '', info: 'The key in the Data object(s) to extract.' },
  ],
  outputs: [{ name: 'extracted_data', display_name: 'Extracted Data', types: ['Data'] }],

  async run(inputs) {
    const key = asString(inputs.key);
    const input = inputs.data_input;
    if (Array.isArray(input)) {
      return { extracted_data: input.filter((item) => isData(item) && key in item.data).map((item) => makeData({ [key]: (item as { data: Record<string, unknown> }).data[key] })) };
    }
    if (isData(input)) {
      if (key in input.data) return { extracted_data: makeData({ [key]: input.data[key] }) };
      return { extracted_data: makeData({ error: `Key '${key}' not found in Data object.` }) };
    }
    return { extracted_data: makeData({ error: 'Invalid input. Expected Data object or list of Data objects.' }) };
  },
});
