/**
 * Langflow's "Write File" (`SaveToFile`): a Message, Data or DataFrame written as CSV, Excel, JSON,
 * Markdown or text, the answer a Message naming the file. Only Langflow's Local storage exists
 * here, and "local" means the data directory's `files/saved/` folder: the file name is a path
 * inside it (the service refuses absolute paths, `..`, `~` and links). Unlike Langflow, an existing
 * file is never replaced silently: Overwrite (`overwrite`, Flowdesk's own field) replaces it,
 * Append (`append_mode`, Langflow's) adds to it for the text formats, else the save fails.
 */
import { isData, type Data } from '../../shared/data.js';
import { isMessage } from '../../shared/message.js';
import { asBoolean, asString } from '../engine/field-values.js';
import { defineComponent, type SaveMode } from '../engine/define-component.js';
import { buildMessage } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { TextStream } from '../engine/text-stream.js';
import { isDataFrame } from './lib/data-values.js';
import { toCsv, toMarkdownTable, toXlsx } from './lib/table-files.js';

const DATA_FORMATS = ['csv', 'excel', 'json', 'markdown'];
const MESSAGE_FORMATS = ['txt', 'json', 'markdown'];
const PLAIN_TEXT = new Set(['txt', 'json', 'markdown', 'csv']);

type Input = { kind: 'DataFrame'; rows: Data[] } | { kind: 'Data'; data: Data } | { kind: 'Message'; text: string };

export default defineComponent({
  type: 'SaveToFile',
  display_name: 'Write File',
  description: 'Save data to local file, AWS S3, or Google Drive in the selected format.',
  category: 'Data',
  icon: 'file-text',
  fields: [
    {
      name: 'storage_location',
      display_name: 'Storage Location',
      kind: 'dict',
      default: [{ name: 'Local', icon: 'hard-drive' }],
      info: 'Choose where to save the file. Flowdesk has Local only: the data directory\'s files/saved folder.',
    },
    { name: 'input', display_name: 'File Content', kind: 'str', default: '', input_types: ['Data', 'DataFrame', 'Message'], required: true, info: 'The input to save.' },
    { name: 'file_name', display_name: 'File Name', kind: 'str', default: '', required: true, info: 'Name file will be saved as (without extension), inside the saved files folder; sub-folders allowed.' },
    { name: 'append_mode', display_name: 'Append', kind: 'bool', default: false, info: 'Append to file if it exists (plain text formats: txt, json, markdown, csv).' },
    {
      name: 'local_format',
      display_name: 'File Format',
      kind: 'dropdown',
      options: ['csv', 'excel', 'json', 'markdown', 'txt'],
      default: '',
      info: 'Select the file format for local storage. Empty: File Format (older Langflow) if set, else csv for a DataFrame and json otherwise.',
    },
    { name: 'file_format', display_name: 'File Format (older Langflow)', kind: 'dropdown', options: ['csv', 'excel', 'json', 'markdown', 'txt'], default: '', advanced: true, info: 'Where Langflow before 1.5 kept the format.' },
    { name: 'overwrite', display_name: 'Overwrite', kind: 'bool', default: false, advanced: true, info: 'Replace a file of that name if there is one (Flowdesk never replaces one otherwise).' },
    // Langflow 1.2–1.4's "Save to File": one handle per input type, and the path with its extension.
    { name: 'input_type', display_name: 'Input Type (older Langflow)', kind: 'dropdown', options: ['DataFrame', 'Data', 'Message'], default: 'DataFrame', advanced: true, info: 'Which of DataFrame, Data and Message to save when File Content is not connected.' },
    { name: 'df', display_name: 'DataFrame (older Langflow)', kind: 'str', default: '', input_types: ['DataFrame'], advanced: true, info: 'The DataFrame to save.' },
    { name: 'data', display_name: 'Data (older Langflow)', kind: 'str', default: '', input_types: ['Data'], advanced: true, info: 'The Data object to save.' },
    { name: 'message', display_name: 'Message (older Langflow)', kind: 'str', default: '', input_types: ['Message'], advanced: true, info: 'The Message to save.' },
    { name: 'file_path', display_name: 'File Path (older Langflow)', kind: 'str', default: '', advanced: true, info: 'The file path including its extension, inside the saved files folder; used when File Name is empty.' },
  ],
  outputs: [
    { name: 'message', display_name: 'File Path', types: ['Message'] },
    { name: 'confirmation', display_name: 'Confirmation (older Langflow)', types: ['Message'] },
  ],

  async run(inputs, ctx) {
    const fileName = asString(inputs.file_name).trim();
    const filePath = asString(inputs.file_path).trim();
    if (!fileName && !filePath) throw new Error('File name must be provided.');
    const location = storageLocation(inputs.storage_location);
    if (location !== 'Local') throw new Error(`Storage location "${location}" is not available in Flowdesk: only Local (the data directory's files/saved folder) is`);
    const older = { DataFrame: inputs.df, Data: inputs.data, Message: inputs.message }[asString(inputs.input_type, 'DataFrame')];
    const input = await readInput(isEmpty(inputs.input) && !isEmpty(older) ? older : inputs.input);
    const format = asString(inputs.local_format) || asString(inputs.file_format) || (input.kind === 'DataFrame' ? 'csv' : 'json');
    const allowed = input.kind === 'Message' ? MESSAGE_FORMATS : DATA_FORMATS;
    if (!allowed.includes(format)) throw new Error(`Invalid file format '${format}' for ${input.kind}. Allowed: [${allowed.map((f) => `'${f}'`).join(', ')}]`);

    // The older File Path has its extension already; File Name gets the format's.
    const name = fileName ? withExtension(fileName, format) : filePath;
    const append = asBoolean(inputs.append_mode, false) && PLAIN_TEXT.has(format);
    const mode: SaveMode = append ? 'append' : asBoolean(inputs.overwrite, false) ? 'overwrite' : 'create';
    const saved = await ctx.files.save({ name, mode, content: (existing) => render(input, format, existing === undefined ? undefined : new TextDecoder().decode(existing)) });
    const text = `${input.kind} ${saved.appended ? 'appended to' : 'saved successfully as'} '${saved.relative}' at ${saved.absolute}`;
    const answer = buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName });
    return { message: answer, confirmation: answer };
  },
});

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** Langflow's selection ([{name}], or {name}); none: Local, the only one there is. */
function storageLocation(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first || 'Local';
  const name = typeof first === 'object' && first !== null ? (first as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? name : 'Local';
}

async function readInput(value: unknown): Promise<Input> {
  if (isDataFrame(value)) return { kind: 'DataFrame', rows: value };
  if (isMessage(value)) return { kind: 'Message', text: value.text };
  if (value instanceof TextStream) return { kind: 'Message', text: await resolveText(value) };
  if (isData(value)) return { kind: 'Data', data: value };
  if (isEmpty(value)) throw new Error('Input type is not set.');
  throw new Error(`Unsupported input type: ${Array.isArray(value) ? 'a list that is not a DataFrame' : typeof value === 'string' ? 'text (connect a Message, Data or DataFrame)' : typeof value}`);
}

/** Langflow's `_adjust_file_path_with_format`: the format's extension unless the name has it (excel: .xlsx, .xls). */
export function withExtension(name: string, format: string): string {
  const extension = /\.([^./\\]*)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (format === 'excel') return ['xlsx', 'xls'].includes(extension) ? name : `${name}.xlsx`;
  return extension === format ? name : `${name}.${format}`;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** Langflow's append of JSON: the file's array (an object becomes one; unreadable: none) and the new records. */
function appendJson(existing: string, records: unknown[]): string {
  let before: unknown[];
  try {
    const parsed: unknown = existing.trim() ? JSON.parse(existing) : [];
    before = Array.isArray(parsed) ? parsed : typeof parsed === 'object' && parsed !== null ? [parsed] : [];
  } catch {
    before = [];
  }
  return json([...before, ...records]);
}

async function render(input: Input, format: string, existing: string | undefined): Promise<string | Uint8Array> {
  const joined = (text: string, sep: string) => (existing === undefined ? text : existing + sep + text);
  if (input.kind === 'Message') {
    if (format === 'txt') return joined(input.text, '\n');
    if (format === 'markdown') return joined(`**Message:**\n\n${input.text}`, '\n\n');
    return existing === undefined ? json({ message: input.text }) : appendJson(existing, [{ message: input.text }]);
  }
  const rows = input.kind === 'DataFrame' ? input.rows.map((r) => r.data) : [input.data.data];
  switch (format) {
    case 'csv':
      return existing === undefined ? toCsv(rows, true) : existing + toCsv(rows, false);
    case 'excel':
      return toXlsx(rows);
    case 'markdown':
      return joined(toMarkdownTable(rows), '\n\n');
    default:
      if (existing === undefined) return json(input.kind === 'DataFrame' ? rows : rows[0]);
      return appendJson(existing, rows);
  }
}
