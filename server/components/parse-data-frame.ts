/** Langflow's "Parse DataFrame" (`ParseDataFrame`, legacy): each row through a template, joined into one text. */
import type { Data } from '../../shared/data.js';
import { formatPython } from '../../shared/python-format.js';
import { defineComponent } from '../engine/define-component.js';
import { asString } from '../engine/field-values.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { toRows } from './lib/data-values.js';

export default defineComponent({
  type: 'ParseDataFrame',
  display_name: 'Parse DataFrame',
  description: 'Convert a DataFrame into plain text following a specified template. Each column in the DataFrame is treated as a possible template key, e.g. {col_name}.',
  category: 'Processing',
  icon: 'braces',
  fields: [
    { name: 'df', display_name: 'Table', kind: 'str', input_types: ['DataFrame'], info: 'The DataFrame to convert to text rows.' },
    {
      name: 'template',
      display_name: 'Template',
      kind: 'multiline',
      default: '{text}',
      info: "The template for formatting each row. Use placeholders matching column names in the DataFrame, for example '{col1}', '{col2}'.",
    },
    { name: 'sep', display_name: 'Separator', kind: 'str', default: '\n', advanced: true, info: 'String that joins all row texts when building the single Text output.' },
  ],
  outputs: [{ name: 'text', display_name: 'Text', types: ['Message'] }],

  async run(inputs, ctx) {
    const rows = await toRows(inputs.df);
    const template = asString(inputs.template) || '{text}';
    const sep = asString(inputs.sep) || '\n';
    // A DataFrame's columns are the union of its rows' keys; a cell a row lacks is pandas' NaN.
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row.data)))];
    const lines = rows.map((row) => formatPython(template, cells(row, columns)));
    return { text: buildMessage(ctx, { text: lines.join(sep), sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }) };
  },
});

/** The row's cells as Python's `str()` shows them (`None`, `True`, `nan`), other objects as JSON. */
function cells(row: Data, columns: string[]): Record<string, string> {
  return Object.fromEntries(
    columns.map((column) => {
      const value = row.data[column];
      if (!(column in row.data)) return [column, 'nan'];
      if (value === null) return [column, 'None'];
      if (typeof value === 'boolean') return [column, value ? 'True' : 'False'];
      if (typeof value === 'string') return [column, value];
      if (typeof value === 'number') return [column, String(value)];
      return [column, JSON.stringify(value)];
    }),
  );
}
