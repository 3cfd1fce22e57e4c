/**
 * Langflow's "Message History" (`Memory`): retrieves the last messages of a session (the run's, or
 * another) as text through a template or as rows of Data; or, in Store mode, stores a message.
 */
import { renderTemplate } from '../../shared/component-spec.js';
import { makeData, type Data } from '../../shared/data.js';
import { isMessage, type Message } from '../../shared/message.js';
import { asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';

const ALL_SENDERS = 'Machine and User';
const DEFAULT_TEMPLATE = '{sender_name}: {text}';
/** What "no limit" means when Number of Messages is 0 or empty. */
const NO_LIMIT = 10_000;

export default defineComponent({
  type: 'Memory',
  display_name: 'Message History',
  description: 'Stores or retrieves stored chat messages.',
  category: 'Helpers',
  icon: 'message-square-more',
  fields: [
    { name: 'mode', display_name: 'Mode', kind: 'dropdown', options: ['Retrieve', 'Store'], default: 'Retrieve', info: 'Store messages or retrieve them.' },
    { name: 'message', display_name: 'Message', kind: 'multiline', default: '', input_types: ['Message'], info: 'The chat message to be stored (Store mode).' },
    {
      name: 'sender_type',
      display_name: 'Sender Type',
      kind: 'dropdown',
      options: ['Machine', 'User', ALL_SENDERS],
      default: ALL_SENDERS,
      advanced: true,
      info: 'Filter by sender type.',
    },
    {
      name: 'sender',
      display_name: 'Sender',
      kind: 'str',
      default: '',
      advanced: true,
      info: 'The sender of the stored message (Store mode): Machine or User. Empty: the message\'s own, else Machine.',
    },
    { name: 'sender_name', display_name: 'Sender Name', kind: 'str', default: '', advanced: true, info: 'Filter by sender name (Retrieve), or the name to store with (Store).' },
    { name: 'n_messages', display_name: 'Number of Messages', kind: 'int', default: 100, advanced: true, info: 'Number of messages to retrieve.' },
    {
      name: 'session_id',
      display_name: 'Session ID',
      kind: 'str',
      default: '',
      input_types: ['Message'],
      advanced: true,
      info: "The session of the chat. Empty: the run's session.",
    },
    { name: 'order', display_name: 'Order', kind: 'dropdown', options: ['Ascending', 'Descending'], default: 'Ascending', advanced: true, info: 'Order of the messages.' },
    {
      name: 'template',
      display_name: 'Template',
      kind: 'multiline',
      default: DEFAULT_TEMPLATE,
      advanced: true,
      info: 'How each message becomes text: {text}, {sender}, {sender_name} or any other key of the message.',
    },
  ],
  outputs: [
    { name: 'messages_text', display_name: 'Message', types: ['Message'] },
    { name: 'dataframe', display_name: 'Dataframe', types: ['DataFrame'] },
    { name: 'messages', display_name: 'Messages', types: ['Data'] },
    { name: 'stored_messages', display_name: 'Stored Messages', types: ['Message'] },
  ],

  async run(inputs, ctx) {
    if (asString(inputs.mode, 'Retrieve') === 'Store') return { stored_messages: await store(inputs, ctx) };
    const messages = await retrieve(inputs, ctx);
    const rows = messages.map(messageData);
    const template = asString(inputs.template) || DEFAULT_TEMPLATE;
    const text = messages.map((m) => renderTemplate(template, templateValues(m))).join('\n');
    return {
      messages_text: buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }),
      dataframe: rows,
      messages: rows,
    };
  },
});

async function retrieve(inputs: FieldValues, ctx: RunContext): Promise<Message[]> {
  const limit = asInteger(inputs.n_messages, 100) ?? 100;
  const sessionId = (await resolveText(inputs.session_id)).trim() || ctx.sessionId;
  const senderType = asString(inputs.sender_type, ALL_SENDERS);
  const sender = senderType === 'Machine' || senderType === 'User' ? senderType : undefined;
  const senderName = asString(inputs.sender_name).trim() || undefined;
  const found = await ctx.messages.history({ sessionId, limit: limit > 0 ? limit : NO_LIMIT, sender, senderName });
  return asString(inputs.order) === 'Descending' ? [...found].reverse() : found;
}

async function store(inputs: FieldValues, ctx: RunContext): Promise<Message> {
  const given = inputs.message;
  const text = await resolveText(given);
  if (text === '' && !isMessage(given)) throw new Error('Nothing to store: connect or type a Message');
  const base = isMessage(given) ? given : undefined;
  const message = buildMessage(ctx, {
    text,
    sender: asString(inputs.sender).trim() || base?.sender || 'Machine',
    sender_name: asString(inputs.sender_name).trim() || base?.sender_name || 'AI',
    session_id: (await resolveText(inputs.session_id)).trim() || base?.session_id || ctx.sessionId,
    source: base?.properties.source ?? nodeSource(ctx),
  });
  await ctx.messages.store(message);
  return message;
}

function templateValues(message: Message): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(message)) values[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return values;
}

function messageData(message: Message): Data {
  const { text, sender, sender_name, session_id, timestamp, flow_id, id, files } = message;
  return makeData({ text, sender, sender_name, session_id, timestamp, flow_id, id, files });
}
