/** Langflow's "Message Store" (`StoreMessage`, legacy): stores a text as a chat message of the session. */
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';

export default defineComponent({
  type: 'StoreMessage',
  display_name: 'Message Store',
  description: 'Stores a chat message or text into Langflow tables or an external memory.',
  category: 'Helpers',
  icon: 'message-square-text',
  fields: [
    { name: 'message', display_name: 'Message', kind: 'str', default: '', input_types: ['Message'], required: true, info: 'The chat message to be stored.' },
    {
      name: 'memory',
      display_name: 'External Memory',
      kind: 'str',
      input_types: ['Memory'],
      info: 'The external memory to store the message. If empty, it will use the Langflow tables. (Flowdesk has no external memories: a connected one fails the node.)',
    },
    { name: 'sender', display_name: 'Sender', kind: 'str', default: '', input_types: ['Message'], advanced: true, info: 'The sender of the message. Might be Machine or User. If empty, the current sender parameter will be used.' },
    { name: 'sender_name', display_name: 'Sender Name', kind: 'str', default: '', input_types: ['Message'], advanced: true, info: 'The name of the sender. Might be AI or User. If empty, the current sender parameter will be used.' },
    { name: 'session_id', display_name: 'Session ID', kind: 'str', default: '', input_types: ['Message'], advanced: true, info: 'The session ID of the chat. If empty, the current session ID parameter will be used.' },
  ],
  outputs: [{ name: 'stored_messages', display_name: 'Stored Messages', types: ['Message'] }],

  async run(inputs, ctx) {
    if (inputs.memory !== undefined && inputs.memory !== null && inputs.memory !== '') {
      throw new Error('Message Store: external memories (LangChain chat histories) are not available in Flowdesk; leave External Memory empty to use the message store.');
    }
    // As Langflow's MessageTextInput: a connected Message counts by its text, so the stored message is new.
    const [text, sender, senderName, sessionId] = await Promise.all([resolveText(inputs.message), resolveText(inputs.sender), resolveText(inputs.sender_name), resolveText(inputs.session_id)]);
    const message = buildMessage(ctx, { text, sender: sender || 'Machine', sender_name: senderName || 'AI', session_id: sessionId || ctx.sessionId, source: nodeSource(ctx) });
    await ctx.messages.store(message);
    return { stored_messages: message };
  },
});
