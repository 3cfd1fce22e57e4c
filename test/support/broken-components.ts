/** Writes a folder of custom components that fail in every way a file can, plus one that works. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir } from './spawn-server.js';

export const BROKEN_FILES: Record<string, string> = {
  'syntax-error.mjs': "export default {\n  type: 'Broken',\n  display_name: 'Broken'\n  fields: [],\n};\n",
  'no-run.mjs': "export default { type: 'NoRun', display_name: 'No Run', fields: [], outputs: [{ name: 'out', display_name: 'Out', types: ['Message'] }] };\n",
  'takes-builtin.mjs':
    "export default { type: 'ChatInput', display_name: 'Impostor', fields: [], outputs: [{ name: 'out', display_name: 'Out', types: ['Message'] }], async run() { return { out: 'x' }; } };\n",
  'throws-on-load.mjs': "throw new Error('cannot load this one');\n",
  'no-default.mjs': 'export const nothing = 1;\n',
  'fine.mjs':
    "export default { type: 'StillFine', display_name: 'Still Fine', fields: [], outputs: [{ name: 'out', display_name: 'Out', types: ['Message'] }], async run() { return { out: 'fine' }; } };\n",
  'notes.txt': 'not a component\n',
};

export async function writeBrokenComponents(): Promise<string> {
  const dir = await makeTempDir('flowdesk-components-');
  await Promise.all(Object.entries(BROKEN_FILES).map(([name, text]) => writeFile(path.join(dir, name), text)));
  return dir;
}
