/**
 * Langflow's "Parser" (`ParserComponent`; starter projects also carry it as `parser`, the `name` of
 * an earlier version of the same component): Data or a DataFrame to text, one templated line per row.
 */
import { asBoolean, asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { plainText } from '../engine/resolve-text.js';
import { cleanFramesInList, formatRow, toRows, unescape } from './lib/data-values.js';

export default defineComponent({
  type: 'ParserComponent',
  aliases: ['parser'],
  display_name: 'Parser',
  description: 'Extracts text using a template.',
  category: 'Processing',
  icon: 'braces',
  fields: [
    {
      name: 'input_data',
      display_name: 'Data or DataFrame',
      kind: 'str',
      input_types: ['DataFrame', 'Data', 'Message'],
      required: true,
      info: 'A DataFrame, a Data object, or a list of Data objects.',
    },
    { name: 'mode', display_name: 'Mode', kind: 'dropdown', options: ['Parser', 'Stringify'], default: 'Parser', info: 'Parser: through the template. Stringify: the raw text.' },
    {
      name: 'pattern',
      display_name: 'Template',
      kind: 'multiline',
      default: 'Text: {text}',
      info: 'Use variables within curly brackets to extract values, e.g. `Name: {Name}, Age: {Age}`.',
    },
    { name: 'sep', display_name: 'Separator', kind: 'str', default: '\n', advanced: true, info: 'String used to separate rows/items.' },
    {
      name: 'clean_data',
      display_name: 'Clean Data',
      kind: 'bool',
      default: true,
      advanced: true,
      info: 'Stringify: clean each DataFrame of a list input (empty rows and whitespace-only cells removed, repeated newlines made one).',
    },
  ],
  outputs: [{ name: 'parsed_text', display_name: 'Parsed Text', types: ['Message'] }],

  async run(inputs, ctx) {
    const stringify = asString(inputs.mode) === 'Stringify';
    const rows = await toRows(stringify && asBoolean(inputs.clean_data, true) ? cleanFramesInList(inputs.input_data) : inputs.input_data);
    const sep = unescape(asString(inputs.sep, '\n'));
    const text =
      stringify
        ? rows.map((row) => plainText(row)).join(sep)
        : rows.map((row) => formatRow(asString(inputs.pattern), row)).join(sep);
    return { parsed_text: buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }) };
  },
});
