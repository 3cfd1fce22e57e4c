/**
 * Langflow's "Loop" (`LoopComponent`): gives the rows of its `data` DataFrame (or list of Data or
 * Messages) one at a time on its Item output; the nodes Item feeds (its body) run once per item,
 * and an edge from the body back into the Loop (Langflow draws it onto the Item handle; here it is
 * the `item` field) gives each iteration's result. Once every item was processed, Done gives the
 * results as a DataFrame, a Message result made Data as Langflow converts it. The engine runs the
 * iterations (see `loop` below and server/engine/run-flow.ts): one at a time, bounded, cancellable.
 */
import { isData, makeData, type Data } from '../../shared/data.js';
import { isMessage, type Message } from '../../shared/message.js';
import { defineComponent } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { TextStream } from '../engine/text-stream.js';

const BAD_INPUT = "The 'data' input must be a DataFrame, a list of Data/Message objects, or a single Data/Message object.";

export default defineComponent({
  type: 'LoopComponent',
  display_name: 'Loop',
  description:
    'Iterates over a list of Data or Message objects, outputting one item at a time and aggregating results from loop inputs. ' +
    'Message objects are automatically converted to Data objects for consistent processing.',
  category: 'Logic',
  icon: 'infinity',
  fields: [
    { name: 'data', display_name: 'Inputs', kind: 'str', default: '', input_types: ['DataFrame'], info: 'The initial DataFrame to iterate over.' },
    {
      name: 'item',
      display_name: 'Item (loop back)',
      kind: 'str',
      default: '',
      input_types: ['Data', 'Message'],
      tweakable: false,
      info: "Connect the end of the loop's body here: its result for each item goes into Done.",
    },
  ],
  outputs: [
    { name: 'item', display_name: 'Item', types: ['Data'], allows_loop: true },
    { name: 'done', display_name: 'Done', types: ['DataFrame'] },
  ],
  loop: {
    itemOutput: 'item',
    doneOutput: 'done',
    feedbackField: 'item',
    items: async (inputs) => loopItems(inputs.data),
    done: async (results) => (await Promise.all(results.map(resultData))).filter((row): row is Data => row !== undefined),
  },

  // The engine runs a Loop through `loop`; run alone, it has nothing fed back: Done is empty.
  async run(inputs) {
    loopItems(inputs.data);
    return { done: [] };
  },
});

/** Langflow's `_validate_data`: a DataFrame's rows, a Data, a Message made Data, or a list of those. */
export function loopItems(value: unknown): Data[] {
  if (isData(value)) return [value];
  if (isMessage(value)) return [messageData(value)];
  if (Array.isArray(value) && value.every((item) => isData(item) || isMessage(item))) return value.map((item) => (isData(item) ? item : messageData(item as Message)));
  throw new TypeError(BAD_INPUT);
}

/** Langflow's `convert_to_data(message)`: the message's own data (its text, sender, session, time). */
function messageData(message: Message): Data {
  const { text, sender, sender_name, session_id, timestamp, files } = message;
  return makeData({ text, sender, sender_name, session_id, timestamp, files: files ?? [] });
}

/** One iteration's result as a row: Data as it is, a Message (or a streamed text) made Data, text left out as Langflow leaves it. */
async function resultData(value: unknown): Promise<Data | undefined> {
  if (isData(value)) return value;
  if (isMessage(value)) return messageData({ ...value, text: await resolveText(value.text) });
  if (value instanceof TextStream) return makeData({ text: await value.text() });
  return undefined;
}
