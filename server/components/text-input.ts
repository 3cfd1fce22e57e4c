/** Text given to the flow: the run's `input_value` when `input_type` is `text`, else the saved text. */
import { asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';

export default defineComponent({
  type: 'TextInput',
  display_name: 'Text Input',
  description: 'Get text inputs from the Playground.',
  category: 'Input & Output',
  icon: 'type',
  role: 'input',
  fields: [{ name: 'input_value', display_name: 'Text', kind: 'multiline', default: '', info: 'Text to be passed as input.' }],
  outputs: [{ name: 'text', display_name: 'Output Text', types: ['Message'] }],

  async run(inputs, ctx) {
    const text = buildMessage(ctx, { text: asString(inputs.input_value), sender: 'User', sender_name: 'User', source: nodeSource(ctx) });
    return { text };
  },
});
