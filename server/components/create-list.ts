/** Langflow's "Create List" (`CreateList`, legacy): texts typed into the node, as Data and as a table. */
import { makeData } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { asString } from '../engine/field-values.js';

export default defineComponent({
  type: 'CreateList',
  display_name: 'Create List',
  description: 'Creates a list of texts.',
  category: 'Processing',
  icon: 'list',
  fields: [{ name: 'texts', display_name: 'Texts', kind: 'str', list: true, default: [], info: 'Enter one or more texts.' }],
  outputs: [
    { name: 'list', display_name: 'JSON List', types: ['Data'] },
    { name: 'dataframe', display_name: 'Table', types: ['DataFrame'] },
  ],

  async run(inputs) {
    const texts = Array.isArray(inputs.texts) ? inputs.texts : inputs.texts === undefined || inputs.texts === null || inputs.texts === '' ? [] : [inputs.texts];
    const rows = texts.map((text: unknown) => makeData({ text: asString(text) }));
    return { list: rows, dataframe: rows.map((row) => makeData({ ...row.data })) };
  },
});
