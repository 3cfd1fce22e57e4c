/**
 * Langflow's "Condition" (`DataConditionalRouter`, legacy): Data routed by comparing one of its
 * keys. A list goes down True with its matching items (or, when none matches, down False with the
 * others); a single Data goes down the branch its comparison picks. The other branch is stopped.
 */
import { isData, makeData, type Data } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { asString } from '../engine/field-values.js';
import { resolveText } from '../engine/resolve-text.js';

const OPERATORS = ['equals', 'not equals', 'contains', 'starts with', 'ends with', 'boolean validator'] as const;

export default defineComponent({
  type: 'DataConditionalRouter',
  display_name: 'Condition',
  description: 'Route Data object(s) based on a condition applied to a specified key, including boolean validation.',
  category: 'Logic',
  icon: 'split',
  fields: [
    { name: 'data_input', display_name: 'Data Input', kind: 'str', input_types: ['Data'], list: true, info: 'The Data object or list of Data objects to process' },
    { name: 'key_name', display_name: 'Key Name', kind: 'str', default: '', input_types: ['Message'], info: 'The name of the key in the Data object(s) to check' },
    {
      name: 'operator',
      display_name: 'Operator',
      kind: 'dropdown',
      options: [...OPERATORS],
      default: 'equals',
      info: "The operator to apply for comparing the values. 'boolean validator' treats the value as a boolean.",
    },
    { name: 'compare_value', display_name: 'Match Text', kind: 'str', default: '', input_types: ['Message'], info: 'The value to compare against (not used for boolean validator)' },
  ],
  outputs: [
    { name: 'true_output', display_name: 'True Output', types: ['Data'] },
    { name: 'false_output', display_name: 'False Output', types: ['Data'] },
  ],

  async run(inputs, ctx) {
    const [key, compareValue] = await Promise.all([resolveText(inputs.key_name), resolveText(inputs.compare_value)]);
    const operator = asString(inputs.operator, 'equals');
    const test = (item: unknown): item is Data => isData(item) && key in item.data;
    const met = (item: Data) => condition(item.data[key], operator, compareValue);
    // As in Langflow, edges into this list field always give a list (one edge: a list of one).
    const input: unknown = inputs.data_input;
    if (Array.isArray(input)) {
      const items = input.flat();
      const matching = items.filter((item): item is Data => test(item) && met(item));
      const others = items.filter((item): item is Data => test(item) && !met(item));
      ctx.stop(matching.length > 0 ? 'false_output' : 'true_output');
      const result = matching.length > 0 ? matching : others;
      return { true_output: result, false_output: result };
    }
    if (!isData(input)) return both(makeData({ error: 'Input is not a Data object' }));
    if (!(key in input.data)) return both(makeData({ error: `Key '${key}' not found in Data` }));
    ctx.stop(met(input) ? 'false_output' : 'true_output');
    return both(input);
  },
});

function both(value: Data) {
  return { true_output: value, false_output: value };
}

function condition(value: unknown, operator: string, compareValue: string): boolean {
  if (operator === 'boolean validator') {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string') return ['true', '1', 'yes', 'y', 'on'].includes(value.toLowerCase());
    return Boolean(value) && !(typeof value === 'object' && Object.keys(value as object).length === 0);
  }
  const text = typeof value === 'string' ? value : value === null || value === undefined ? 'None' : typeof value === 'boolean' ? (value ? 'True' : 'False') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (operator) {
    case 'equals':
      return text === compareValue;
    case 'not equals':
      return text !== compareValue;
    case 'contains':
      return text.includes(compareValue);
    case 'starts with':
      return text.startsWith(compareValue);
    case 'ends with':
      return text.endsWith(compareValue);
    default:
      return false;
  }
}
