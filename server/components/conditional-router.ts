/**
 * Langflow's "If-Else" (`ConditionalRouter`): compares a text with a match text and passes the
 * message down one of two outputs. The other output is stopped, so the nodes it alone feeds are
 * skipped.
 */
import { isMessage, type Message } from '../../shared/message.js';
import { asBoolean, asString } from '../engine/field-values.js';
import { defineComponent, type RunContext } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';

export const OPERATORS = [
  'equals',
  'not equals',
  'contains',
  'starts with',
  'ends with',
  'regex',
  'less than',
  'less than or equal',
  'greater than',
  'greater than or equal',
] as const;

export default defineComponent({
  type: 'ConditionalRouter',
  display_name: 'If-Else',
  description: 'Routes an input message to a corresponding output based on text comparison.',
  category: 'Logic',
  icon: 'split',
  fields: [
    { name: 'input_text', display_name: 'Text Input', kind: 'multiline', default: '', input_types: ['Message'], required: true, info: 'The primary text input for the operation.' },
    { name: 'operator', display_name: 'Operator', kind: 'dropdown', options: [...OPERATORS], default: 'equals', info: 'The operator to apply for comparing the texts.' },
    { name: 'match_text', display_name: 'Match Text', kind: 'multiline', default: '', input_types: ['Message'], required: true, info: 'The text input to compare against.' },
    { name: 'case_sensitive', display_name: 'Case Sensitive', kind: 'bool', default: true, advanced: true, info: 'If true, the comparison will be case sensitive (not for regex).' },
    { name: 'true_case_message', display_name: 'Case True', kind: 'multiline', default: '', input_types: ['Message'], advanced: true, info: 'The message to pass if the condition is true. Empty: the input.' },
    { name: 'false_case_message', display_name: 'Case False', kind: 'multiline', default: '', input_types: ['Message'], advanced: true, info: 'The message to pass if the condition is false. Empty: the input.' },
  ],
  outputs: [
    { name: 'true_result', display_name: 'True', types: ['Message'] },
    { name: 'false_result', display_name: 'False', types: ['Message'] },
  ],

  async run(inputs, ctx) {
    const [input, match] = await Promise.all([resolveText(inputs.input_text), resolveText(inputs.match_text)]);
    const operator = asString(inputs.operator, 'equals');
    if (!(OPERATORS as readonly string[]).includes(operator)) throw new Error(`Unknown operator "${operator}": use one of ${OPERATORS.join(', ')}`);
    const taken = evaluate(input, match, operator, asBoolean(inputs.case_sensitive, true));
    const output = taken ? 'true_result' : 'false_result';
    ctx.stop(taken ? 'false_result' : 'true_result');
    const message = await routed(taken ? inputs.true_case_message : inputs.false_case_message, inputs.input_text, input, ctx);
    return { [output]: message };
  },
});

export function evaluate(input: string, match: string, operator: string, caseSensitive: boolean): boolean {
  if (operator === 'regex') {
    try {
      return new RegExp(`^(?:${match})`).test(input);
    } catch {
      return false;
    }
  }
  const [a, b] = caseSensitive ? [input, match] : [input.toLowerCase(), match.toLowerCase()];
  switch (operator) {
    case 'equals':
      return a === b;
    case 'not equals':
      return a !== b;
    case 'contains':
      return a.includes(b);
    case 'starts with':
      return a.startsWith(b);
    case 'ends with':
      return a.endsWith(b);
    default: {
      const x = Number(a.trim());
      const y = Number(b.trim());
      if (a.trim() === '' || b.trim() === '' || Number.isNaN(x) || Number.isNaN(y)) return false;
      if (operator === 'less than') return x < y;
      if (operator === 'less than or equal') return x <= y;
      if (operator === 'greater than') return x > y;
      return x >= y;
    }
  }
}

/** The case message when one is given, else the input itself (kept as the Message it was). */
async function routed(caseMessage: unknown, rawInput: unknown, inputText: string, ctx: RunContext): Promise<Message> {
  if (isMessage(caseMessage)) return caseMessage;
  const text = await resolveText(caseMessage);
  if (text !== '') return buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) });
  if (isMessage(rawInput)) return rawInput;
  return buildMessage(ctx, { text: inputText, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) });
}
