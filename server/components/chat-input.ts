/** The user's chat message: the text a run receives as `input_value`, stored as a User message. */
import { asBoolean, asString } from '../engine/field-values.js';
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
    {
      name: 'should_store_message',
      display_name: 'Store Messages',
      kind: 'bool',
      default: true,
      advanced: true,
      info: 'Store the message in the history.',
    },
    {
      name: 'sender',
      display_name: 'Sender Type',
      kind: 'dropdown',
      options: ['Machine', 'User'],
      default: 'User',
      advanced: true,
      info: 'Type of sender.',
    },
    { name: 'sender_name', display_name: 'Sender Name', kind: 'str', default: 'User', advanced: true, info: 'Name of the sender.' },
    {
      name: 'session_id',
      display_name: 'Session ID',
      kind: 'str',
      default: '',
      advanced: true,
      info: "The session of the chat history. Empty: the run's session.",
    },
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
