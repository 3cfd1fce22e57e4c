/**
 * The saved-files folder (`<dataDir>/files/saved/`), where Save to File writes. A name is a
 * relative path inside it: absolute paths, `~`, `..` and symbolic links on the way are refused, so
 * nothing a flow (or a tweak) says can write elsewhere. Writes are atomic: the content goes to a
 * temporary file beside the target, then is linked (a new file: fails if one appeared meanwhile) or
 * renamed (overwrite, append) into place.
 */
import { randomUUID } from 'node:crypto';
import { link, lstat, mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SavedFileExistsError, type SavedFileInfo, type SaveFileRequest } from '../engine/define-component.js';

export const SAVED_FOLDER = 'saved';
const PRIVATE_DIR = { mode: 0o700 } as const;
const PRIVATE_FILE = { mode: 0o600 } as const;

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** The name's folders and file name, or an Error saying why the name cannot be used. */
export function savePathSegments(name: string): string[] {
  if (name.includes('\0')) throw new Error(`File name ${JSON.stringify(name)} contains a NUL character`);
  const outside = `Save to File writes only inside its folder (the data directory's files/${SAVED_FOLDER}); give a relative name such as "reports/news"`;
  if (/^([/\\]|[A-Za-z]:)/.test(name)) throw new Error(`File name "${name}" is an absolute path: ${outside}`);
  if (name.startsWith('~')) throw new Error(`File name "${name}" points into a home folder: ${outside}`);
  const segments = name.split(/[/\\]+/).filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new Error(`File name "${name}" leads out of the folder (".."): ${outside}`);
  if (segments.length === 0) throw new Error('File name must be provided.');
  return segments;
}

export function createSavedFiles(filesRoot: string): { save(request: SaveFileRequest): Promise<SavedFileInfo> } {
  const root = path.join(filesRoot, SAVED_FOLDER);
  return {
    async save({ name, mode, content }) {
      const segments = savePathSegments(name);
      await mkdir(root, { ...PRIVATE_DIR, recursive: true });
      // Each folder on the way: created when missing, refused when it is a link (or not a folder).
      let dir = await realpath(root);
      for (const segment of segments.slice(0, -1)) {
        dir = path.join(dir, segment);
        try {
          const stat = await lstat(dir);
          if (stat.isSymbolicLink()) throw new Error(`File name "${name}" goes through a symbolic link (${segment}): Save to File does not follow links`);
          if (!stat.isDirectory()) throw new Error(`File name "${name}": ${segment} is a file, not a folder`);
        } catch (error) {
          if (code(error) !== 'ENOENT') throw error;
          await mkdir(dir, PRIVATE_DIR).catch((e: unknown) => {
            if (code(e) !== 'EEXIST') throw e;
          });
        }
      }
      const relative = segments.join('/');
      const target = path.join(dir, segments[segments.length - 1] as string);
      let existed = false;
      try {
        const stat = await lstat(target);
        existed = true;
        if (stat.isSymbolicLink()) throw new Error(`"${relative}" is a symbolic link: Save to File does not write through links`);
        if (!stat.isFile()) throw new Error(`"${relative}" is a folder, not a file`);
      } catch (error) {
        if (code(error) !== 'ENOENT') throw error;
      }
      const taken = () =>
        new SavedFileExistsError(`A file "${relative}" is already saved (${target}): set Overwrite to replace it, or Append to add to it (text formats)`, relative);
      if (existed && mode === 'create') throw taken();
      const existing = existed && mode === 'append' ? new Uint8Array(await readFile(target)) : undefined;
      const data = await content(existing);
      const tmp = path.join(dir, `.${path.basename(target)}.${randomUUID()}.tmp`);
      await writeFile(tmp, data, PRIVATE_FILE);
      try {
        if (mode !== 'create') await rename(tmp, target);
        else {
          // link, unlike rename, fails when a file appeared there meanwhile: a new file never replaces one.
          await link(tmp, target).catch((error: unknown) => {
            throw code(error) === 'EEXIST' ? taken() : error;
          });
        }
      } finally {
        await rm(tmp, { force: true });
      }
      return { relative, absolute: target, appended: existing !== undefined };
    },
  };
}
