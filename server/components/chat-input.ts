/** The user's chat message: the text a run receives as `input_value`, stored as a User message. */
import { asBoolean, asString } from '../engine/field-values.js';
import { chatMessageFields } from './lib/chat-fields.js';
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';

export default defineComponent({
  type: 'ChatInput',
  display_name: 'Chat Input',
  description: 'Get chat inputs from the Playground.',
  category: 'Input & Output',
  icon: 'MessagesSquare',
  role: 'input',
  fields: [
    { name: 'input_value', display_name: 'Input Text', kind: 'multiline', default: '', info: 'Message to be passed as input.' },
    ...chatMessageFields({ sender: 'User', senderName: 'User' }),
  ],
  outputs: [{ name: 'message', display_name: 'Chat Message', types: ['Message'] }],

  async run(inputs, ctx) {
    const message = buildMessage(ctx, {
      text: asString(inputs.input_value),
      sender: asString(inputs.sender, 'User'),
      sender_name: asString(inputs.sender_name, 'User'),
      session_id: asString(inputs.session_id),
      source: nodeSource(ctx),
    });
    if (asBoolean(inputs.should_store_message, true)) await ctx.messages.store(message);
    ctx.emit({ type: 'message', message });
    return { message };
  },
});
