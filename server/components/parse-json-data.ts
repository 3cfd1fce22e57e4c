/** Langflow's "Parse JSON" (`ParseJSONData`): JSON text (or Data) to Data, filtered by a jq-style path query. */
import { isData, makeData } from '../../shared/data.js';
import { isMessage } from '../../shared/message.js';
import { asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { jsonQuery } from './lib/json-query.js';

export default defineComponent({
  type: 'ParseJSONData',
  display_name: 'Parse JSON',
  description: 'Convert and extract JSON fields.',
  category: 'Processing',
  icon: 'braces',
  fields: [
    { name: 'input_value', display_name: 'Input', kind: 'multiline', default: '', input_types: ['Message', 'Data'], required: true, info: 'JSON text, or Data, to filter.' },
    {
      name: 'query',
      display_name: 'JQ Query',
      kind: 'str',
      default: '.',
      required: true,
      info: 'A path into the JSON: .a.b, .items[0], .items[].name, .["odd key"], joined with | (a subset of jq).',
    },
  ],
  outputs: [{ name: 'filtered_data', display_name: 'Filtered Data', types: ['Data'] }],

  async run(inputs) {
    const value = inputs.input_value;
    const parsed = Array.isArray(value) ? await Promise.all(value.map(parseOne)) : await parseOne(value);
    const results = jsonQuery(asString(inputs.query).trim() || '.', parsed);
    return { filtered_data: results.map((r) => (typeof r === 'object' && r !== null && !Array.isArray(r) ? makeData(r as Record<string, unknown>) : makeData({ text: typeof r === 'string' ? r : JSON.stringify(r) }))) };
  },
});

async function parseOne(value: unknown): Promise<unknown> {
  if (isData(value)) return value.data;
  const text = isMessage(value) ? value.text : await resolveText(value);
  try {
    return JSON.parse(stripFence(text));
  } catch (error) {
    throw new Error(`Invalid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Models often wrap JSON in a ```json fence. */
function stripFence(text: string): string {
  const fenced = /^\s*```[a-z]*\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(text);
  return fenced ? (fenced[1] as string) : text;
}
