/** Langflow's "Create Data" (`CreateData`, legacy): a Data from the entries of its Field 1…N dicts. */
import { makeData } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { asBoolean } from '../engine/field-values.js';
import { resolveText } from '../engine/resolve-text.js';
import { dictEntries, dictFields, fieldCount, plainDict } from './lib/dynamic-dict-fields.js';

export default defineComponent({
  type: 'CreateData',
  display_name: 'Create Data',
  description: 'Dynamically create a Data with a specified number of fields.',
  category: 'Processing',
  icon: 'ListFilter',
  fields: [
    { name: 'number_of_fields', display_name: 'Number of Fields', kind: 'int', default: 1, range: { min: 1, max: 15, step: 1 }, info: 'Number of fields to be added to the record.' },
    { name: 'text_key', display_name: 'Text Key', kind: 'str', default: '', input_types: ['Message'], advanced: true, info: 'Key that identifies the field to be used as the text content.' },
    { name: 'text_key_validator', display_name: 'Text Key Validator', kind: 'bool', default: false, advanced: true, info: "If enabled, checks if the given 'Text Key' is present in the given 'Data'." },
  ],
  dynamicFields: (values) => dictFields(values, 1, ['Message', 'Data']),
  outputs: [{ name: 'data', display_name: 'Data', types: ['Data'] }],

  async run(inputs) {
    const values = inputs as Record<string, unknown>;
    const count = fieldCount(values.number_of_fields, 1);
    const data: Record<string, unknown> = {};
    // As Langflow: only dict values count (a Message or Data connected to a field is ignored).
    for (let i = 1; i <= count; i++) {
      const dict = plainDict(values[`field_${i}_key`]);
      if (dict) Object.assign(data, dictEntries(dict));
    }
    const textKey = await resolveText(values.text_key);
    if (asBoolean(values.text_key_validator, false) && textKey !== '' && !(textKey in data)) {
      throw new Error(`Text Key: '${textKey}' not found in the Data keys: '${Object.keys(data).join(', ')}'`);
    }
    // Langflow keeps an empty Text Key as ''; Flowdesk's Data then reads `text`, as most consumers assume.
    return { data: makeData(data, textKey || 'text') };
  },
});
