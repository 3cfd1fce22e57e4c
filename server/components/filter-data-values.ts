/** Langflow's "Filter Values" (`FilterDataValues`, legacy): the Data of a list whose key compares to a value. */
import { isData, type Data } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { asString } from '../engine/field-values.js';
import { resolveText } from '../engine/resolve-text.js';
import { rowText } from './lib/data-values.js';

const OPERATORS = ['equals', 'not equals', 'contains', 'starts with', 'ends with'] as const;

export default defineComponent({
  type: 'FilterDataValues',
  display_name: 'Filter Values',
  description: 'Filter a list of data items based on a specified key, filter value, and comparison operator. Check advanced options to select match comparison.',
  category: 'Processing',
  icon: 'filter',
  fields: [
    { name: 'input_data', display_name: 'Input Data', kind: 'str', input_types: ['Data'], list: true, info: 'The list of data items to filter.' },
    { name: 'filter_key', display_name: 'Filter Key', kind: 'str', default: 'route', input_types: ['Data'], info: "The key to filter on (e.g., 'route')." },
    { name: 'filter_value', display_name: 'Filter Value', kind: 'str', default: 'CMIP', input_types: ['Data'], info: "The value to filter by (e.g., 'CMIP')." },
    {
      name: 'operator',
      display_name: 'Comparison Operator',
      kind: 'dropdown',
      options: [...OPERATORS],
      default: 'equals',
      advanced: true,
      info: 'The operator to apply for comparing the values.',
    },
  ],
  outputs: [{ name: 'filtered_data', display_name: 'Filtered Data', types: ['Data'] }],

  async run(inputs) {
    const raw = inputs.input_data;
    const items: Data[] = (Array.isArray(raw) ? raw.flat() : raw === undefined || raw === null ? [] : [raw]).filter(isData);
    if (items.length === 0) return { filtered_data: [] };
    const [key, value] = await Promise.all([textOf(inputs.filter_key), textOf(inputs.filter_value)]);
    if (!key || !value) return { filtered_data: items };
    const operator = asString(inputs.operator, 'equals');
    return { filtered_data: items.filter((item) => key in item.data && compare(pythonStr(item.data[key]), value, operator)) };
  },
});

/** A field that takes Data (as Langflow's) or text: a Data counts by its text. */
async function textOf(value: unknown): Promise<string> {
  return isData(value) ? rowText(value) : resolveText(value);
}

function compare(item: string, value: string, operator: string): boolean {
  switch (operator) {
    case 'equals':
      return item === value;
    case 'not equals':
      return item !== value;
    case 'contains':
      return item.includes(value);
    case 'starts with':
      return item.startsWith(value);
    case 'ends with':
      return item.endsWith(value);
    default:
      return false;
  }
}

/** Python's `str()` of a JSON value, as Langflow compares. */
function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
