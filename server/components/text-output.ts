/** Shows text as a result of the flow, without storing it as a chat message. */
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, sourceOf } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';

export default defineComponent({
  type: 'TextOutput',
  display_name: 'Text Output',
  description: 'Display a text output in the Playground.',
  category: 'Input & Output',
  icon: 'type',
  role: 'output',
  fields: [
    { name: 'input_value', display_name: 'Inputs', kind: 'multiline', default: '', input_types: ['Message'], info: 'Text to be passed as output.' },
  ],
  outputs: [{ name: 'text', display_name: 'Output Text', types: ['Message'] }],

  async run(inputs, ctx) {
    const text = await resolveText(inputs.input_value);
    return { text: buildMessage(ctx, { text, sender: 'Machine', sender_name: 'AI', source: sourceOf(inputs.input_value) }) };
  },
});
