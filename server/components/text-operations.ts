/**
 * Langflow's "Text Operations" (`TextOperations`): one operation on a text. Langflow shows only
 * the output of the chosen operation (Data for Word Count, DataFrame for Text to DataFrame, Text
 * and Message for Text Join, Message otherwise); all four are here. Regular expressions are
 * JavaScript's; a Python replacement's `\1` and `\g<name>` are read as Python means them.
 */
import { makeData, type Data } from '../../shared/data.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { pyReprValue, pyStr } from './lib/python-values.js';

/** What `pd.to_numeric` reads as a number (decimal notation). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const OPERATIONS = ['Word Count', 'Case Conversion', 'Text Replace', 'Text Extract', 'Text Head', 'Text Tail', 'Text Strip', 'Text Join', 'Text Clean', 'Text to DataFrame'] as const;

export default defineComponent({
  type: 'TextOperations',
  display_name: 'Text Operations',
  description: 'Perform various text processing operations including text-to-DataFrame conversion.',
  category: 'Processing',
  icon: 'type',
  fields: [
    { name: 'text_input', display_name: 'Text Input', kind: 'str', default: '', input_types: ['Message'], required: true, info: 'The input text to process.' },
    {
      name: 'operation',
      display_name: 'Operation',
      kind: 'dropdown',
      options: [...OPERATIONS],
      default: '',
      info: 'Select the text operation to perform. (Langflow stores it as a list of one `{name}`; both forms are read.)',
    },
    { name: 'table_separator', display_name: 'Table Separator', kind: 'str', default: '|', info: "Separator used in the table (default: '|')." },
    { name: 'has_header', display_name: 'Has Header', kind: 'bool', default: true, advanced: true, info: 'Whether the table has a header row.' },
    { name: 'count_words', display_name: 'Count Words', kind: 'bool', default: true, advanced: true, info: 'Include word count in analysis.' },
    { name: 'count_characters', display_name: 'Count Characters', kind: 'bool', default: true, advanced: true, info: 'Include character count in analysis.' },
    { name: 'count_lines', display_name: 'Count Lines', kind: 'bool', default: true, advanced: true, info: 'Include line count in analysis.' },
    { name: 'case_type', display_name: 'Case Type', kind: 'dropdown', options: ['uppercase', 'lowercase', 'title', 'capitalize', 'swapcase'], default: 'lowercase', info: 'Type of case conversion to apply.' },
    { name: 'use_regex', display_name: 'Use Regex', kind: 'bool', default: false, info: 'Whether to treat search pattern as regex.' },
    { name: 'search_pattern', display_name: 'Search Pattern', kind: 'str', default: '', info: 'Text pattern to search for (supports regex).' },
    { name: 'replacement_text', display_name: 'Replacement Text', kind: 'str', default: '', info: 'Text to replace the search pattern with.' },
    { name: 'extract_pattern', display_name: 'Extract Pattern', kind: 'str', default: '', info: 'Regex pattern to extract from text.' },
    { name: 'max_matches', display_name: 'Max Matches', kind: 'int', default: 10, info: 'Maximum number of matches to extract.' },
    { name: 'head_characters', display_name: 'Characters from Start', kind: 'int', default: 100, info: 'Number of characters to extract from the beginning of text.' },
    { name: 'tail_characters', display_name: 'Characters from End', kind: 'int', default: 100, info: 'Number of characters to extract from the end of text.' },
    { name: 'strip_mode', display_name: 'Strip Mode', kind: 'dropdown', options: ['both', 'left', 'right'], default: 'both', info: 'Which sides to strip whitespace from.' },
    { name: 'strip_characters', display_name: 'Characters to Strip', kind: 'str', default: '', info: 'Specific characters to remove (leave empty for whitespace).' },
    { name: 'text_input_2', display_name: 'Second Text Input', kind: 'str', default: '', input_types: ['Message'], info: 'Second text to join with the first text.' },
    { name: 'remove_extra_spaces', display_name: 'Remove Extra Spaces', kind: 'bool', default: true, info: 'Remove multiple consecutive spaces.' },
    { name: 'remove_special_chars', display_name: 'Remove Special Characters', kind: 'bool', default: false, info: 'Remove special characters except alphanumeric and spaces.' },
    { name: 'remove_empty_lines', display_name: 'Remove Empty Lines', kind: 'bool', default: false, info: 'Remove empty lines from text.' },
  ],
  outputs: [
    { name: 'message', display_name: 'Message', types: ['Message'] },
    { name: 'text', display_name: 'Text', types: ['Message'] },
    { name: 'data', display_name: 'Data', types: ['Data'] },
    { name: 'dataframe', display_name: 'DataFrame', types: ['DataFrame'] },
  ],

  async run(inputs, ctx) {
    const [text, second] = await Promise.all([resolveText(inputs.text_input), resolveText(inputs.text_input_2)]);
    const operation = operationName(inputs.operation);
    const result = text ? apply(operation, text, second, inputs) : undefined;
    const outputs: Record<string, unknown> = {};
    if (ctx.wants('message') || ctx.wants('text')) {
      const message = textMessage(ctx, formatResult(result));
      outputs.message = message;
      outputs.text = message;
    }
    if (ctx.wants('data')) {
      outputs.data = operation !== 'Word Count' || result === undefined ? makeData({}) : makeData(result as Record<string, unknown>);
    }
    if (ctx.wants('dataframe')) outputs.dataframe = operation === 'Text to DataFrame' && Array.isArray(result) ? result : [];
    return outputs;
  },
});

function textMessage(ctx: RunContext, text: string) {
  return buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) });
}

/** Langflow's sortable list (`[{name, icon}]`), or a plain name. */
function operationName(value: unknown): string {
  if (Array.isArray(value)) {
    const first = value[0] as { name?: unknown } | undefined;
    return typeof first?.name === 'string' ? first.name : '';
  }
  return asString(value);
}

function apply(operation: string, text: string, second: string, inputs: FieldValues): unknown {
  switch (operation) {
    case 'Word Count':
      return wordCount(text, inputs);
    case 'Case Conversion':
      return convertCase(text, asString(inputs.case_type, 'lowercase'));
    case 'Text Replace':
      return replace(text, asString(inputs.search_pattern), asString(inputs.replacement_text), asBoolean(inputs.use_regex, false));
    case 'Text Extract':
      return extract(text, asString(inputs.extract_pattern), asInteger(inputs.max_matches, 10) ?? 10);
    case 'Text Head': {
      const n = asInteger(inputs.head_characters, 100) ?? 100;
      return n <= 0 ? '' : [...text].slice(0, n).join('');
    }
    case 'Text Tail': {
      const n = asInteger(inputs.tail_characters, 100) ?? 100;
      return n <= 0 ? '' : [...text].slice(-n).join('');
    }
    case 'Text Strip':
      return strip(text, asString(inputs.strip_mode, 'both'), asString(inputs.strip_characters));
    case 'Text Join':
      return text && second ? `${text}\n${second}` : text || second;
    case 'Text Clean':
      return clean(text, inputs);
    case 'Text to DataFrame':
      return textToFrame(text, asString(inputs.table_separator, '|') || '|', asBoolean(inputs.has_header, true));
    default:
      return text;
  }
}

/** Langflow's `_format_result_as_text`: a list one item a line, anything else as Python's `str()`. */
function formatResult(result: unknown): string {
  if (result === undefined) return '';
  if (Array.isArray(result)) return result.map((item) => pyStr(isRow(item) ? item.data : item)).join('\n');
  return pyStr(result);
}

function isRow(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && 'data' in value && 'text_key' in value;
}

function wordCount(text: string, inputs: FieldValues): Record<string, number> {
  const result: Record<string, number> = {};
  if (asBoolean(inputs.count_words, true)) {
    const words = text.split(/\s+/u).filter(Boolean);
    result.word_count = words.length;
    result.unique_words = new Set(words).size;
  }
  if (asBoolean(inputs.count_characters, true)) {
    result.character_count = [...text].length;
    result.character_count_no_spaces = [...text.replaceAll(' ', '')].length;
  }
  if (asBoolean(inputs.count_lines, true)) {
    const lines = text.split('\n');
    result.line_count = lines.length;
    result.non_empty_lines = lines.filter((line) => line.trim()).length;
  }
  return result;
}

function convertCase(text: string, caseType: string): string {
  switch (caseType) {
    case 'uppercase':
      return text.toUpperCase();
    case 'lowercase':
      return text.toLowerCase();
    case 'title':
      // str.title(): a letter after a non-letter starts a word.
      return text.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
    case 'capitalize':
      return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
    case 'swapcase':
      return [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
    default:
      return text;
  }
}

function replace(text: string, pattern: string, replacement: string, regex: boolean): string {
  if (!pattern) return text;
  if (!regex) return text.replaceAll(pattern, replacement);
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'gu');
  } catch {
    return text; // As Langflow: an invalid pattern leaves the text as it was.
  }
  // Python's replacement syntax (`\1`, `\g<1>`, `\g<name>`, `\\`) in JavaScript's (`$1`, `$<name>`, `$$`).
  const js = replacement.replace(/\$/g, '$$$$').replace(/\\(?:g<(\w+)>|(\d+)|(\\))/g, (_, named: string | undefined, index: string | undefined) => {
    if (named !== undefined) return /^\d+$/.test(named) ? `$${named}` : `$<${named}>`;
    if (index !== undefined) return `$${index}`;
    return '\\';
  });
  return text.replace(re, js);
}

/** `re.findall`: whole matches, the group for one group, tuples for several. */
function extract(text: string, pattern: string, max: number): string[] {
  if (!pattern) return [];
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'gu');
  } catch {
    return [];
  }
  const matches = [...text.matchAll(re)].map((m) => {
    if (m.length === 1) return m[0];
    if (m.length === 2) return m[1] ?? '';
    return `(${m.slice(1).map((g) => pyReprValue(g ?? '')).join(', ')})`;
  });
  return max > 0 ? matches.slice(0, max) : matches;
}

function strip(text: string, mode: string, chars: string): string {
  const set = chars ? new Set([...chars]) : undefined;
  const stripped = (c: string) => (set ? set.has(c) : /\s/u.test(c));
  const list = [...text];
  let start = 0;
  let end = list.length;
  if (mode !== 'right') while (start < end && stripped(list[start]!)) start++;
  if (mode !== 'left') while (end > start && stripped(list[end - 1]!)) end--;
  return list.slice(start, end).join('');
}

function clean(text: string, inputs: FieldValues): string {
  let result = text;
  if (asBoolean(inputs.remove_extra_spaces, true)) result = result.replace(/\s+/gu, ' ');
  if (asBoolean(inputs.remove_special_chars, false)) result = result.replace(/[^\p{L}\p{N}\p{M}_\s.,!?;:-]/gu, '');
  if (asBoolean(inputs.remove_empty_lines, false)) result = result.split('\n').filter((line) => line.trim()).join('\n');
  return result;
}

/** A pipe (or other separator) table as rows; with a header its first row names the columns; all-number columns become numbers. */
function textToFrame(text: string, separator: string, header: boolean): Data[] {
  const lines = text.trim().split('\n').map((line) => line.trim()).filter(Boolean);
  if (lines.length === 0) return [];
  const sepChars = new Set([...separator]);
  const rows = lines.map((line) => {
    const list = [...line];
    let start = 0;
    let end = list.length;
    while (start < end && sepChars.has(list[start]!)) start++;
    while (end > start && sepChars.has(list[end - 1]!)) end--;
    return list.slice(start, end).join('').split(separator).map((cell) => cell.trim());
  });
  let columns: string[];
  let body: string[][];
  if (header && rows.length > 1) {
    columns = rows[0]!;
    body = rows.slice(1);
    const bad = body.find((row) => row.length !== columns.length);
    if (bad) throw new Error(`${columns.length} columns passed, passed data had ${bad.length} columns`);
  } else {
    const width = Math.max(...rows.map((row) => row.length));
    columns = Array.from({ length: width }, (_, i) => `col_${i}`);
    body = rows;
  }
  const numeric = columns.map((_, i) => body.every((row) => row[i] !== undefined && DECIMAL.test(row[i]!)));
  return body.map((row) => makeData(Object.fromEntries(columns.map((column, i) => [column, row[i] === undefined ? null : numeric[i] ? Number(row[i]) : row[i]]))));
}
