/** Langflow's "Regex Extractor" (`RegexExtractorComponent`, legacy): every match of a pattern, as Data and as text. */
import { makeData, type Data } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';

export default defineComponent({
  type: 'RegexExtractorComponent',
  display_name: 'Regex Extractor',
  description: 'Extract patterns from text using regular expressions.',
  category: 'Processing',
  icon: 'regex',
  fields: [
    { name: 'input_text', display_name: 'Input Text', kind: 'str', default: '', input_types: ['Message'], required: true, info: 'The text to analyze' },
    { name: 'pattern', display_name: 'Regex Pattern', kind: 'str', default: '', input_types: ['Message'], required: true, info: 'The regular expression pattern to match' },
  ],
  outputs: [
    { name: 'data', display_name: 'JSON', types: ['Data'] },
    { name: 'text', display_name: 'Message', types: ['Message'] },
  ],

  async run(inputs, ctx) {
    const [text, pattern] = await Promise.all([resolveText(inputs.input_text), resolveText(inputs.pattern)]);
    const matches = extract(text, pattern);
    let answer: string;
    if (matches.length === 0) answer = 'No matches found';
    else if ('error' in (matches[0] as Data).data) answer = String((matches[0] as Data).data.error);
    else answer = matches.map((m) => String(m.data.match)).join('\n');
    return { data: matches, text: buildMessage(ctx, { text: answer, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }) };
  },
});

/**
 * The non-empty whole matches (`finditer` + `group(0)` in Langflow). The pattern is a JavaScript
 * regular expression: Python-only syntax such as `(?P<name>...)` is reported as an invalid pattern.
 */
function extract(text: string, pattern: string): Data[] {
  if (!pattern || !text) return [];
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'gu');
  } catch (error) {
    return [makeData({ error: `Invalid regex pattern: ${(error as Error).message}` })];
  }
  return [...text.matchAll(re)].map((m) => m[0]).filter((m) => m !== '').map((match) => makeData({ match }));
}
