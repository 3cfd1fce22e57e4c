/** Langflow's "Filter Data" (`FilterData`, legacy): a Data keeping only the listed keys. */
import { isData, makeData } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';

export default defineComponent({
  type: 'FilterData',
  display_name: 'Filter Data',
  description: 'Filters a Data object based on a list of keys.',
  category: 'Processing',
  icon: 'filter',
  fields: [
    { name: 'data', display_name: 'Data', kind: 'str', input_types: ['Data'], info: 'Data object to filter.' },
    { name: 'filter_criteria', display_name: 'Filter Criteria', kind: 'str', input_types: ['Message'], list: true, default: [], info: 'List of keys to filter by.' },
  ],
  outputs: [{ name: 'filtered_data', display_name: 'Filtered Data', types: ['Data'] }],

  async run(inputs) {
    const raw = inputs.filter_criteria;
    const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw];
    const keys = new Set(await Promise.all(list.map((key) => resolveText(key))));
    const data = isData(inputs.data) ? inputs.data.data : {};
    return { filtered_data: makeData(Object.fromEntries(Object.entries(data).filter(([key]) => keys.has(key)))) };
  },
});
