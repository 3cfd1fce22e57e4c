/** Langflow's "Combine Data" (`MergeDataComponent`, legacy): several Data into a table by concatenating, appending, merging or joining. */
import { isData, makeData, type Data } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { asString } from '../engine/field-values.js';

const OPERATIONS = ['Concatenate', 'Append', 'Merge', 'Join'] as const;

export default defineComponent({
  type: 'MergeDataComponent',
  display_name: 'Combine Data',
  description: 'Combines data using different operations',
  category: 'Processing',
  icon: 'merge',
  fields: [
    { name: 'data_inputs', display_name: 'Data Inputs', kind: 'str', input_types: ['Data'], list: true, required: true, info: 'Data to combine' },
    { name: 'operation', display_name: 'Operation Type', kind: 'dropdown', options: [...OPERATIONS], default: 'Concatenate' },
  ],
  outputs: [{ name: 'combined_data', display_name: 'DataFrame', types: ['DataFrame'] }],

  async run(inputs) {
    const raw = inputs.data_inputs;
    const items: unknown[] = Array.isArray(raw) ? raw.flat() : raw === undefined || raw === null ? [] : [raw];
    // As Langflow: fewer than two inputs give an empty table.
    if (items.length < 2) return { combined_data: [] };
    const operation = asString(inputs.operation, 'Concatenate');
    if (!(OPERATIONS as readonly string[]).includes(operation)) throw new Error(`'${operation}' is not a valid DataOperation`);
    const records = items.map((item) => {
      if (!isData(item)) throw new TypeError('Combine Data takes Data inputs only.');
      return item.data;
    });
    return { combined_data: combine(operation as (typeof OPERATIONS)[number], records) };
  },
});

function combine(operation: (typeof OPERATIONS)[number], records: Record<string, unknown>[]): Data[] {
  if (operation === 'Append') return records.map((record) => makeData({ ...record }));
  const combined: Record<string, unknown> = {};
  records.forEach((record, index) => {
    for (const [key, value] of Object.entries(record)) {
      if (operation === 'Join') {
        combined[index > 0 ? `${key}_doc${index + 1}` : key] = value;
      } else if (!(key in combined)) {
        combined[key] = value;
      } else if (operation === 'Concatenate') {
        const previous = combined[key];
        combined[key] = typeof previous === 'string' && typeof value === 'string' ? `${previous}\n${value}` : value;
      } else if (typeof value === 'string') {
        // Merge: repeated string values gather into a list.
        const previous = combined[key];
        combined[key] = Array.isArray(previous) ? [...(previous as unknown[]), value] : [previous, value];
      } else {
        combined[key] = value;
      }
    }
  });
  return [makeData(combined)];
}
