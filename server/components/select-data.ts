/** Langflow's "Select Data" (`SelectData`, legacy): the Data at an index of a list. */
import { defineComponent } from '../engine/define-component.js';
import { asInteger } from '../engine/field-values.js';

export default defineComponent({
  type: 'SelectData',
  display_name: 'Select Data',
  description: 'Select a single data from a list of data.',
  category: 'Processing',
  icon: 'prototypes',
  fields: [
    { name: 'data_list', display_name: 'JSON List', kind: 'str', input_types: ['Data'], list: true, info: 'List of data to select from.' },
    { name: 'data_index', display_name: 'Data Index', kind: 'int', default: 0, range: { min: 0, max: 15, step: 1 }, info: 'Index of the data to select.' },
  ],
  outputs: [{ name: 'selected_data', display_name: 'Selected Data', types: ['Data'] }],

  async run(inputs) {
    const list: unknown[] = Array.isArray(inputs.data_list) ? inputs.data_list.flat() : inputs.data_list === undefined || inputs.data_list === null ? [] : [inputs.data_list];
    const index = asInteger(inputs.data_index, 0) ?? 0;
    if (index < 0 || index >= list.length) throw new Error(`Selected index ${index} is out of range.`);
    return { selected_data: list[index] };
  },
});
