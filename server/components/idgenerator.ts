/** Langflow's "ID Generator" (`IDGenerator`, legacy): the node's value, or a new UUID v4 when it has none. */
import { randomUUID } from 'node:crypto';
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';

export default defineComponent({
  type: 'IDGenerator',
  display_name: 'ID Generator',
  description: 'Generates a unique ID.',
  category: 'Helpers',
  icon: 'fingerprint',
  fields: [{ name: 'unique_id', display_name: 'Value', kind: 'str', default: '', input_types: ['Message'], info: 'The generated unique ID.' }],
  outputs: [{ name: 'id', display_name: 'ID', types: ['Message'] }],

  async run(inputs, ctx) {
    const id = (await resolveText(inputs.unique_id)) || randomUUID();
    return { id: buildMessage(ctx, { text: id, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }) };
  },
});
