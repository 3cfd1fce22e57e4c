/**
 * Langflow's "Type Convert" (`TypeConverterComponent`): a Message, Data or DataFrame as any of the
 * three, converted as Langflow's schema converts them (`to_message`, `to_data`, `to_dataframe`).
 * Langflow shows only the output of the chosen Output Type; all three are here, each computed when read.
 */
import { isData, makeData, type Data } from '../../shared/data.js';
import { isMessage, type Message } from '../../shared/message.js';
import { defineComponent, type RunContext } from '../engine/define-component.js';
import { asBoolean } from '../engine/field-values.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { TextStream } from '../engine/text-stream.js';
import { cleanDataFrame, isDataFrame } from './lib/data-values.js';
import { pyReprValue as pythonRepr } from './lib/python-values.js';
import { toMarkdownTable } from './lib/table-files.js';

export default defineComponent({
  type: 'TypeConverterComponent',
  display_name: 'Type Convert',
  description: 'Convert between different types (Message, Data, DataFrame)',
  category: 'Processing',
  icon: 'repeat',
  fields: [
    { name: 'input_data', display_name: 'Input', kind: 'str', input_types: ['Message', 'Data', 'DataFrame'], required: true, info: 'Accept Message, Data or DataFrame as input' },
    { name: 'auto_parse', display_name: 'Auto Parse', kind: 'bool', default: false, advanced: true, info: 'Detect and convert JSON/CSV strings automatically.' },
    { name: 'output_type', display_name: 'Output Type', kind: 'dropdown', options: ['Message', 'Data', 'DataFrame'], default: 'Message', info: 'Select the desired output data type' },
  ],
  outputs: [
    { name: 'message_output', display_name: 'Message Output', types: ['Message'] },
    { name: 'data_output', display_name: 'Data Output', types: ['Data'] },
    { name: 'dataframe_output', display_name: 'DataFrame Output', types: ['DataFrame'] },
  ],

  async run(inputs, ctx) {
    // As Langflow: a list input converts its first item; text is a Message.
    let input: unknown = Array.isArray(inputs.input_data) && !isDataFrame(inputs.input_data) ? inputs.input_data[0] : inputs.input_data;
    if (typeof input === 'string' || input instanceof TextStream) input = textMessage(ctx, await resolveText(input));
    if (!isMessage(input) && !isData(input) && !isDataFrame(input)) throw new Error('Type Convert takes a Message, Data or DataFrame.');
    const autoParse = asBoolean(inputs.auto_parse, false);
    const outputs: Record<string, unknown> = {};
    if (ctx.wants('message_output')) outputs.message_output = isMessage(input) ? input : textMessage(ctx, isData(input) ? dataText(input) : frameMarkdown(input));
    if (ctx.wants('data_output')) outputs.data_output = toData(input, autoParse);
    if (ctx.wants('dataframe_output')) outputs.dataframe_output = toDataFrame(input, autoParse);
    return outputs;
  },
});

function textMessage(ctx: RunContext, text: string): Message {
  return buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) });
}

/** `Data.to_message()`: the text entry, else Python's `str()` of the record. */
function dataText(data: Data): string {
  if (data.text_key in data.data) {
    const text = data.data[data.text_key];
    return typeof text === 'string' ? text : pythonRepr(text);
  }
  return pythonRepr(data.data);
}

/** `DataFrame.to_message()`: empty rows dropped, blank cells emptied, newlines as `<br/>`, a Markdown table. */
function frameMarkdown(rows: Data[]): string {
  const cleaned = cleanDataFrame(rows).map((row) => Object.fromEntries(Object.entries(row.data).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\n/g, '<br/>') : v])));
  return toMarkdownTable(cleaned);
}

function toData(input: Message | Data | Data[], autoParse: boolean): Data {
  if (isMessage(input)) {
    const data = makeData({ text: input.text });
    return autoParse ? parseStructured(data) : data;
  }
  if (isData(input)) return input;
  return makeData({ results: input.map((row) => ({ ...row.data })) });
}

function toDataFrame(input: Message | Data | Data[], autoParse: boolean): Data[] {
  if (isDataFrame(input)) return input;
  const data = isMessage(input) ? toData(input, autoParse) : input;
  // `Data.to_dataframe()`: a record holding one list of objects is that table; else one row.
  const values = Object.values(data.data);
  if (values.length === 1 && Array.isArray(values[0]) && values[0].every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) {
    return (values[0] as Record<string, unknown>[]).map((record) => makeData({ ...record }));
  }
  return [makeData({ ...data.data })];
}

/** Auto Parse: the text as a JSON object, a JSON array of objects (`records`), or CSV (`records`); else as it was. */
function parseStructured(data: Data): Data {
  const text = String(data.data.text ?? '').replace(/^\ufeff/, '').trim();
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return makeData(parsed as Record<string, unknown>);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) return makeData({ records: parsed });
  } catch {
    // Not JSON: try CSV.
  }
  const lines = text.split('\n');
  if (lines.length >= 2 && (lines[0] ?? '').includes(',')) {
    const records = parseCsv(text);
    if (records) return makeData({ records });
  }
  return data;
}

/** CSV as pandas' `read_csv` reads a simple file: a header, quoted fields, numbers as numbers, empty cells as null (NaN). */
function parseCsv(text: string): Record<string, unknown>[] | undefined {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) return undefined;
  row.push(field);
  rows.push(row);
  const [header, ...body] = rows.filter((r) => r.some((cell) => cell !== ''));
  if (!header || body.some((r) => r.length > header.length)) return undefined;
  const numericColumn = header.map((_, i) => body.every((r) => (r[i] ?? '') === '' || Number.isFinite(Number(r[i]))));
  return body.map((r) => Object.fromEntries(header.map((name, i) => [name, (r[i] ?? '') === '' ? null : numericColumn[i] ? Number(r[i]) : r[i]])));
}
