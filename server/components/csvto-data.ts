/**
 * Langflow's "Load CSV" (`CSVtoData`, legacy): one Data per row of an uploaded CSV file, of the
 * CSV file named by path, or of a CSV string. Unlike Langflow, a path names an uploaded file
 * (as `POST /api/v2/files` answered it), never any file of the machine.
 */
import { makeData } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { asString } from '../engine/field-values.js';
import { resolveText } from '../engine/resolve-text.js';
import { parseCsv } from './lib/file-text.js';

export default defineComponent({
  type: 'CSVtoData',
  display_name: 'Load CSV',
  description: 'Load a CSV file, CSV from a file path, or a valid CSV string and convert it to a list of Data',
  category: 'Data',
  icon: 'file-spreadsheet',
  fields: [
    { name: 'csv_file', display_name: 'CSV File', kind: 'file', default: '', info: 'Upload a CSV file to convert to a list of Data objects' },
    { name: 'csv_path', display_name: 'CSV File Path', kind: 'str', default: '', input_types: ['Message'], info: 'Provide the path to the CSV file as pure text' },
    { name: 'csv_string', display_name: 'CSV String', kind: 'multiline', default: '', info: 'Paste a CSV string directly to convert to a list of Data objects' },
    { name: 'text_key', display_name: 'Text Key', kind: 'str', default: 'text', input_types: ['Message'], info: "The key to use for the text column. Defaults to 'text'." },
  ],
  outputs: [{ name: 'data_list', display_name: 'Data List', types: ['Data'] }],

  async run(inputs, ctx) {
    const file = firstPath(inputs.csv_file);
    const [path, text, textKey] = await Promise.all([resolveText(inputs.csv_path), Promise.resolve(asString(inputs.csv_string)), resolveText(inputs.text_key)]);
    if ([file, path, text].filter(Boolean).length !== 1) throw new Error('Please provide exactly one of: CSV file, file path, or CSV string.');
    let csv = text;
    const named = file || path;
    if (named) {
      const stored = await ctx.files.read(named);
      // The upload's own name tells the type (a stored path need not end in it).
      if (!stored.name.toLowerCase().endsWith('.csv')) throw new Error(file ? 'The provided file must be a CSV file.' : 'The provided path must be to a CSV file.');
      csv = new TextDecoder('utf-8', { fatal: true }).decode(stored.bytes);
    }
    return { data_list: parseCsv(csv).map((row) => makeData(row, textKey)) };
  },
});

function firstPath(value: unknown): string {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : '';
  return typeof value === 'string' ? value : '';
}
