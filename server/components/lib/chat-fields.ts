/** The message fields Chat Input and Chat Output share (Langflow's names), with each one's sender defaults. */
import type { FieldSpec } from '../../../shared/component-spec.js';

export function chatMessageFields(defaults: { sender: 'User' | 'Machine'; senderName: string }): FieldSpec[] {
  return [
    { name: 'should_store_message', display_name: 'Store Messages', kind: 'bool', default: true, advanced: true, info: 'Store the message in the history.' },
    { name: 'sender', display_name: 'Sender Type', kind: 'dropdown', options: ['Machine', 'User'], default: defaults.sender, advanced: true, info: 'Type of sender.' },
    { name: 'sender_name', display_name: 'Sender Name', kind: 'str', default: defaults.senderName, advanced: true, info: 'Name of the sender.' },
    { name: 'session_id', display_name: 'Session ID', kind: 'str', default: '', advanced: true, info: "The session of the chat history. Empty: the run's session." },
  ];
}
