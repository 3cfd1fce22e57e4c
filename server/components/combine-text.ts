/** Langflow's "Combine Text" (`CombineText`): two texts joined by a delimiter. */
import { asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { unescape } from './lib/data-values.js';

export default defineComponent({
  type: 'CombineText',
  display_name: 'Combine Text',
  description: 'Concatenate two text sources into a single text chunk using a specified delimiter.',
  category: 'Processing',
  icon: 'merge',
  fields: [
    { name: 'text1', display_name: 'First Text', kind: 'multiline', default: '', input_types: ['Message'], info: 'The first text input to concatenate.' },
    { name: 'text2', display_name: 'Second Text', kind: 'multiline', default: '', input_types: ['Message'], info: 'The second text input to concatenate.' },
    { name: 'delimiter', display_name: 'Delimiter', kind: 'str', default: ' ', info: 'A string used to separate the two text inputs (\\n for a new line).' },
  ],
  outputs: [{ name: 'combined_text', display_name: 'Combined Text', types: ['Message'] }],

  async run(inputs, ctx) {
    const [first, second] = await Promise.all([resolveText(inputs.text1), resolveText(inputs.text2)]);
    const text = [first, second].join(unescape(asString(inputs.delimiter, ' ')));
    return { combined_text: buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }) };
  },
});
