/**
 * The flow's chat answer: turns its input into a Machine message, stores it and shows it. A
 * streaming input is relayed token by token while it arrives, then stored whole.
 */
import { renderTemplate } from '../../shared/component-spec.js';
import { dataText, isData, type Data } from '../../shared/data.js';
import { messageTimestamp, type Message } from '../../shared/message.js';
import { asBoolean, asString } from '../engine/field-values.js';
import { chatMessageFields } from './lib/chat-fields.js';
import { cleanFramesInList } from './lib/data-values.js';
import { defineComponent, type RunContext } from '../engine/define-component.js';
import { buildMessage, sourceOf, usageOf, type MessageFields } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { TextStream } from '../engine/text-stream.js';

const DEFAULT_DATA_TEMPLATE = '{text}';

export default defineComponent({
  type: 'ChatOutput',
  display_name: 'Chat Output',
  description: 'Display a chat message in the Playground.',
  category: 'Input & Output',
  icon: 'MessagesSquare',
  role: 'output',
  fields: [
    {
      name: 'input_value',
      display_name: 'Inputs',
      kind: 'multiline',
      default: '',
      input_types: ['Data', 'DataFrame', 'Message'],
      info: 'Message to be passed as output.',
    },
    ...chatMessageFields({ sender: 'Machine', senderName: 'AI' }),
    {
      name: 'data_template',
      display_name: 'Data Template',
      kind: 'str',
      default: DEFAULT_DATA_TEMPLATE,
      advanced: true,
      info: 'Template to turn Data into text: {field} names a field of the Data.',
    },
    {
      name: 'clean_data',
      display_name: 'Basic Clean Data',
      kind: 'bool',
      default: true,
      advanced: true,
      info: 'Whether to clean data before converting to string: in a list input, each DataFrame loses its empty rows, whitespace-only cells and repeated newlines.',
    },
  ],
  outputs: [{ name: 'message', display_name: 'Output Message', types: ['Message'] }],

  async run(inputs, ctx) {
    const input = inputs.input_value;
    const fields: MessageFields = {
      text: '',
      sender: asString(inputs.sender, 'Machine'),
      sender_name: asString(inputs.sender_name, 'AI'),
      session_id: asString(inputs.session_id),
      source: sourceOf(input),
    };
    const store = asBoolean(inputs.should_store_message, true);
    if (input instanceof TextStream) return { message: await relayStream(input, fields, store, ctx) };

    // As Langflow's convert_to_string: clean_data applies to the DataFrames inside a list input only.
    const items = asBoolean(inputs.clean_data, true) ? cleanFramesInList(input) : input;
    const message = buildMessage(ctx, { ...fields, text: await toText(items, asString(inputs.data_template)), usage: usageOf(input) });
    if (store) await ctx.messages.store(message);
    ctx.emit({ type: 'message', message });
    return { message };
  },
});

/**
 * Emits the message (state `partial`, no text yet) at the first chunk, a token per chunk, then
 * stores the whole message, with the usage the model reported, and emits it as done.
 */
async function relayStream(stream: TextStream, fields: MessageFields, store: boolean, ctx: RunContext): Promise<Message> {
  const message = buildMessage(ctx, fields);
  if (stream.icon) message.properties = { ...message.properties, icon: stream.icon };
  const announce = () => ctx.emit({ type: 'message', message: { ...message, properties: { ...message.properties, state: 'partial' } } });
  let announced = false;
  for await (const chunk of stream) {
    if (!announced) {
      announced = true;
      announce();
    }
    ctx.emit({ type: 'token', messageId: message.id, chunk, timestamp: messageTimestamp() });
  }
  if (!announced) announce();
  message.text = stream.textSoFar;
  if (stream.usage) message.properties = { ...message.properties, usage: stream.usage };
  if (store) await ctx.messages.store(message);
  ctx.emit({ type: 'message_done', message });
  return message;
}

async function toText(input: unknown, template: string): Promise<string> {
  if (Array.isArray(input)) return (await Promise.all(input.map((item) => toText(item, template)))).join('\n');
  if (isData(input)) return dataToText(input, template);
  return resolveText(input);
}

function dataToText(data: Data, template: string): string {
  if (template === '' || template === DEFAULT_DATA_TEMPLATE) return dataText(data);
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data.data)) values[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return renderTemplate(template, values);
}
