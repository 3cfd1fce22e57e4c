/**
 * Langflow's "File" (`File`): reads uploaded files (text, Markdown, JSON, CSV, PDF and other text
 * formats) by the path `POST /api/v2/files` answered, as one message, rows of Data, or Data.
 */
import { makeData, type Data } from '../../shared/data.js';
import { isMessage } from '../../shared/message.js';
import { isData } from '../../shared/data.js';
import { asBoolean, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { unescape } from './lib/data-values.js';
import { SUPPORTED_EXTENSIONS, fileContent } from './lib/file-text.js';

export default defineComponent({
  type: 'File',
  display_name: 'File',
  description: 'Loads content from one or more uploaded files.',
  category: 'Data',
  icon: 'file-text',
  fields: [
    {
      name: 'path',
      display_name: 'Files',
      kind: 'file',
      default: [],
      info: `Uploaded files (the path POST /api/v2/files answers). Supported: ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(', ')}.`,
    },
    {
      name: 'file_path',
      display_name: 'Server File Path',
      kind: 'str',
      default: '',
      input_types: ['Data', 'Message'],
      advanced: true,
      info: 'Paths of uploaded files from another component: Data with a file_path, or text.',
    },
    { name: 'separator', display_name: 'Separator', kind: 'str', default: '\n\n', advanced: true, info: 'Put between the texts of several files.' },
    { name: 'silent_errors', display_name: 'Silent Errors', kind: 'bool', default: false, advanced: true, info: 'Skip files that cannot be read instead of failing.' },
  ],
  outputs: [
    { name: 'message', display_name: 'Raw Content', types: ['Message'] },
    { name: 'dataframe', display_name: 'Structured Content', types: ['DataFrame'] },
    { name: 'data', display_name: 'Data', types: ['Data'] },
    // Langflow's `path` (load_files_path): the paths of the files read, one a line.
    { name: 'path', display_name: 'File Path', types: ['Message'] },
  ],

  async run(inputs, ctx) {
    const files = await readFiles(inputs, ctx);
    const text = files.map((f) => f.text).join(unescape(asString(inputs.separator, '\n\n')));
    const rows = files.flatMap((f) => f.rows);
    return {
      message: buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }),
      dataframe: rows,
      data: files.length === 1 ? files[0]?.data : files.map((f) => f.data),
      path: buildMessage(ctx, { text: files.map((f) => f.path).join('\n'), sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }),
    };
  },
});

interface ReadFile {
  path: string;
  text: string;
  rows: Data[];
  data: Data;
}

async function readFiles(inputs: FieldValues, ctx: RunContext): Promise<ReadFile[]> {
  const paths = [...pathList(inputs.path), ...(await connectedPaths(inputs.file_path))];
  if (paths.length === 0) throw new Error('No file selected: upload a file (POST /api/v2/files) and set its path');
  const silent = asBoolean(inputs.silent_errors, false);
  const read: ReadFile[] = [];
  for (const filePath of paths) {
    try {
      const file = await ctx.files.read(filePath);
      const content = await fileContent(file.name, file.bytes);
      const base = { file_path: filePath, name: file.name };
      const rows = Array.isArray(content.structured) && content.structured.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))
        ? (content.structured as Record<string, unknown>[]).map((r) => makeData({ ...base, ...r }, 'text'))
        : [makeData({ text: content.text, ...base })];
      const data = content.structured !== undefined && typeof content.structured === 'object' && content.structured !== null && !Array.isArray(content.structured)
        ? makeData({ ...(content.structured as Record<string, unknown>), text: content.text, ...base })
        : makeData({ text: content.text, ...base });
      read.push({ path: filePath, text: content.text, rows, data });
    } catch (error) {
      if (!silent) throw error;
    }
  }
  return read;
}

function pathList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => (typeof item === 'string' && item.trim() !== '' ? [item.trim()] : []));
}

async function connectedPaths(value: unknown): Promise<string[]> {
  const items = Array.isArray(value) ? value : [value];
  const paths: string[] = [];
  for (const item of items) {
    if (isData(item)) {
      const p = item.data.file_path ?? item.data.path;
      if (typeof p === 'string' && p.trim()) paths.push(p.trim());
    } else if (isMessage(item) || typeof item === 'string') {
      const text = (await resolveText(item)).trim();
      if (text) paths.push(...text.split('\n').map((t) => t.trim()).filter(Boolean));
    }
  }
  return paths;
}
