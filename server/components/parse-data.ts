/** Langflow's older "Data to Message" (`ParseData`, before Parser): Data to text through a template. */
import { asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { formatRow, toRows, unescape } from './lib/data-values.js';

export default defineComponent({
  type: 'ParseData',
  display_name: 'Data to Message',
  description: 'Convert Data objects into Messages using any {field_name} from input data.',
  category: 'Processing',
  icon: 'message-square',
  fields: [
    { name: 'data', display_name: 'Data', kind: 'str', input_types: ['Data', 'DataFrame'], list: true, info: 'The data to convert to text.' },
    {
      name: 'template',
      display_name: 'Template',
      kind: 'multiline',
      default: '{text}',
      info: 'The template to use for formatting the data. It can contain the keys {text}, {data} or any other key in the Data.',
    },
    { name: 'sep', display_name: 'Separator', kind: 'str', default: '\n', advanced: true },
  ],
  outputs: [
    { name: 'text', display_name: 'Message', types: ['Message'] },
    { name: 'data_list', display_name: 'Data List', types: ['Data'] },
  ],

  async run(inputs, ctx) {
    const rows = await toRows(inputs.data);
    const template = asString(inputs.template, '{text}');
    const texts = rows.map((row) => formatRow(template, row));
    return {
      text: buildMessage(ctx, { text: texts.join(unescape(asString(inputs.sep, '\n'))), sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }),
      data_list: rows.map((row, i) => ({ ...row, data: { ...row.data, text: texts[i] } })),
    };
  },
});
