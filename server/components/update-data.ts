/** Langflow's "Update JSON" (`UpdateData`, legacy): each input Data with the entries of Field 1…N set, and optionally a new Text Key. */
import { isData, type Data } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { dataGetText, dictEntries, dictFields, fieldCount, plainDict } from './lib/dynamic-dict-fields.js';

export default defineComponent({
  type: 'UpdateData',
  display_name: 'Update JSON',
  description: 'Dynamically update or append data with the specified fields.',
  category: 'Processing',
  icon: 'FolderSync',
  fields: [
    { name: 'old_data', display_name: 'JSON', kind: 'str', input_types: ['Data'], list: true, required: true, info: 'The record to update.' },
    { name: 'number_of_fields', display_name: 'Number of Fields', kind: 'int', default: 0, range: { min: 1, max: 15, step: 1 }, info: 'Number of fields to be added to the record.' },
    { name: 'text_key', display_name: 'Text Key', kind: 'str', default: '', input_types: ['Message'], advanced: true, info: 'Key that identifies the field to be used as the text content.' },
    { name: 'text_key_validator', display_name: 'Text Key Validator', kind: 'bool', default: false, advanced: true, info: "If enabled, checks if the given 'Text Key' is present in the given 'Data'." },
  ],
  dynamicFields: (values) => dictFields(values, 0, ['Message', 'Data', 'JSON']),
  outputs: [{ name: 'data', display_name: 'JSON', types: ['Data'] }],

  async run(inputs) {
    const values = inputs as Record<string, unknown>;
    const count = fieldCount(values.number_of_fields, 0);
    const updates: Record<string, unknown> = {};
    for (let i = 1; i <= count; i++) {
      const name = `field_${i}_key`;
      const value = values[name];
      const dict = plainDict(value);
      // As Langflow's get_data: a dict sets its entries, a Data sets the field's own name to its text, anything else is set as it is.
      if (dict) Object.assign(updates, dictEntries(dict));
      else if (isData(value)) updates[name] = dataGetText(value);
      else if (value !== undefined) updates[name] = value;
    }
    const textKey = await resolveText(values.text_key);
    const update = (item: Data): Data => {
      const next: Data = { ...item, data: { ...item.data, ...updates }, ...(textKey && { text_key: textKey }) };
      // Langflow checks the Text Key whenever one is set (the validator switch is not consulted).
      if (textKey && !(textKey in next.data)) throw new Error(`Text Key: '${textKey}' not found in the Data keys: ${Object.keys(next.data).join(', ')}`);
      return next;
    };
    const old = values.old_data;
    if (Array.isArray(old)) return { data: old.flat().filter(isData).map(update) };
    if (isData(old)) return { data: update(old) };
    throw new Error('old_data is not a Data object or list of Data objects.');
  },
});
