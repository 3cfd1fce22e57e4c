/** Langflow's "Alter Metadata" (`AlterMetadata`, legacy): adds entries to, and removes entries from, each input's record. */
import { isData, makeData, type Data } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { asString } from '../engine/field-values.js';
import { resolveText } from '../engine/resolve-text.js';
import { toRows } from './lib/data-values.js';

export default defineComponent({
  type: 'AlterMetadata',
  display_name: 'Alter Metadata',
  description: 'Adds/Removes Metadata Dictionary on inputs',
  category: 'Processing',
  icon: 'merge',
  fields: [
    { name: 'input_value', display_name: 'Input', kind: 'str', input_types: ['Message', 'Data', 'JSON'], list: true, info: 'Object(s) to which Metadata should be added' },
    { name: 'text_in', display_name: 'User Text', kind: 'str', default: '', info: "Text input; value will be in 'text' attribute of Data object. Empty text entries are ignored." },
    { name: 'metadata', display_name: 'Metadata', kind: 'dict', default: {}, input_types: ['Data', 'JSON'], required: true, info: 'Metadata to add to each object' },
    { name: 'remove_fields', display_name: 'Fields to Remove', kind: 'str', input_types: ['Message'], list: true, default: [], info: 'Metadata Fields to Remove' },
  ],
  outputs: [
    { name: 'data', display_name: 'JSON', types: ['Data'] },
    { name: 'dataframe', display_name: 'Table', types: ['DataFrame'] },
  ],

  async run(inputs) {
    const metadata = cleanDict(inputs.metadata);
    const text = asString(inputs.text_in);
    const records: Data[] = [...(text ? [makeData({ text })] : []), ...(await toRows(inputs.input_value))];
    const rawRemove = inputs.remove_fields;
    const removeList: unknown[] = Array.isArray(rawRemove) ? rawRemove : rawRemove === undefined || rawRemove === null || rawRemove === '' ? [] : [rawRemove];
    const remove = new Set((await Promise.all(removeList.map((field) => resolveText(field)))).map((f) => f.trim()).filter(Boolean));
    const altered = records.map((record) => ({
      ...record,
      data: Object.fromEntries(Object.entries({ ...record.data, ...metadata }).filter(([key]) => !remove.has(key))),
    }));
    return { data: altered, dataframe: altered.map((record) => makeData({ ...record.data })) };
  },
});

/** The metadata as a plain record (a Data gives its entries), keys that are empty or blank left out. */
function cleanDict(value: unknown): Record<string, unknown> {
  let record: Record<string, unknown>;
  if (value === undefined || value === null || value === '') record = {};
  else if (isData(value)) record = value.data;
  else if (typeof value === 'object' && !Array.isArray(value)) record = value as Record<string, unknown>;
  else throw new TypeError(`Expected a Data object or a dictionary but got ${Array.isArray(value) ? 'list' : typeof value}.`);
  return Object.fromEntries(Object.entries(record).filter(([key]) => key.trim() !== ''));
}
