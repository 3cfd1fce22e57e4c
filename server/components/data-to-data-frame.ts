/** Langflow's "Data → DataFrame" (`DataToDataFrame`, legacy): one row per Data, its text in a `text` column. */
import { isData, makeData, type Data } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';

export default defineComponent({
  type: 'DataToDataFrame',
  display_name: 'Data → DataFrame',
  description:
    "Converts one or multiple Data objects into a DataFrame. Each Data object corresponds to one row. Fields from `.data` become columns, and the `.text` (if present) is placed in a 'text' column.",
  category: 'Processing',
  icon: 'table',
  fields: [
    { name: 'data_list', display_name: 'Data or Data List', kind: 'str', input_types: ['Data'], list: true, info: 'One or multiple Data objects to transform into a DataFrame.' },
  ],
  outputs: [{ name: 'dataframe', display_name: 'Table', types: ['DataFrame'] }],

  async run(inputs) {
    const items = inputs.data_list === undefined || inputs.data_list === null ? [] : Array.isArray(inputs.data_list) ? inputs.data_list.flat() : [inputs.data_list];
    const rows: Data[] = items.map((item: unknown) => {
      if (!isData(item)) throw new TypeError(`Expected Data objects, got ${describe(item)} instead.`);
      const row: Record<string, unknown> = { ...item.data };
      // Langflow's Data.get_text(): the text key's value, else the default value; set only when truthy.
      const text = item.data[item.text_key] ?? item.default_value;
      if (text) row.text = text;
      return makeData(row);
    });
    return { dataframe: rows };
  },
});

function describe(value: unknown): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' && 'text' in value ? 'Message' : typeof value;
}
