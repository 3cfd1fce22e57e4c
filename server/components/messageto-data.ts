/** Langflow's "Message to Data" (`MessagetoData`, legacy): a Message's fields as one Data. */
import { makeData } from '../../shared/data.js';
import { isMessage } from '../../shared/message.js';
import { defineComponent } from '../engine/define-component.js';

export default defineComponent({
  type: 'MessagetoData',
  display_name: 'Message to Data',
  description: 'Convert a Message object to a Data object',
  category: 'Processing',
  icon: 'message-square-share',
  fields: [{ name: 'message', display_name: 'Message', kind: 'str', input_types: ['Message'], info: 'The Message object to convert to a Data object' }],
  outputs: [{ name: 'data', display_name: 'JSON', types: ['Data'] }],

  async run(inputs) {
    const message = inputs.message;
    // As Langflow: anything but a Message gives a Data holding the error, not a failed run.
    if (!isMessage(message)) return { data: makeData({ error: 'Error converting Message to Data: Input must be a Message object' }) };
    const { id: _id, ...fields } = message;
    return { data: makeData({ ...fields }) };
  },
});
