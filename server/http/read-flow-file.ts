/**
 * An uploaded flow file: JSON (one flow, a Langflow export or `{"flows": […]}`) or a zip of such JSON
 * files (a Langflow project download, or Flowdesk's own download of several flows), which becomes
 * `{"flows": […]}` in the zip's order. A zip's uncompressed size is bounded like an upload, checked
 * from its directory before anything is inflated.
 */
import { unzipSync } from 'fflate';
import { BadRequestError } from '../../shared/errors.js';
import { decodeUtf8, parseJsonText } from './read-body.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, i) => bytes[i] === byte);
}

/** The document a flow file holds; `name` is the file's name as shown in messages. */
export function readFlowFile(bytes: Uint8Array, name: string, maxBytes: number): unknown {
  if (!isZip(bytes)) return parseJsonText(decodeUtf8(bytes), ['body', 'file'], `${name} is not valid JSON: `);
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (!isFlowEntry(file.name)) return false;
        total += file.originalSize;
        if (total > maxBytes) throw new BadRequestError(`${name} unpacks to more than ${Math.floor(maxBytes / 1024 / 1024)} MB of flows`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof BadRequestError) throw error;
    throw new BadRequestError(`${name} is not a readable zip file: ${(error as Error).message}`);
  }
  const names = Object.keys(entries);
  if (names.length === 0) throw new BadRequestError(`${name} holds no .json flow files`);
  const flows: unknown[] = [];
  for (const entry of names) {
    const document = parseJsonText(decodeUtf8(entries[entry] as Uint8Array), ['body', 'file', entry], `${entry} in ${name} is not valid JSON: `);
    // A file of the zip may itself be a bundle.
    if (document && typeof document === 'object' && Array.isArray((document as { flows?: unknown }).flows)) flows.push(...(document as { flows: unknown[] }).flows);
    else flows.push(document);
  }
  return { flows };
}

/** A `.json` file of the zip, not a folder and not macOS's resource-fork shadow (`__MACOSX/`, `._x.json`). */
function isFlowEntry(path: string): boolean {
  const base = path.split('/').pop() ?? '';
  return path.toLowerCase().endsWith('.json') && !path.startsWith('__MACOSX/') && !base.startsWith('._');
}
