/**
 * Files uploaded for flows (Langflow's `/api/v2/files` and `/api/v1/files/upload/{flow_id}`), kept
 * under `<dataDir>/files/`, and read back by components through `ctx.files` by the path the upload
 * answered. A path never reaches outside that folder.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BadRequestError, NotFoundError } from '../../shared/errors.js';
import type { FileAccess, StoredFile } from '../engine/define-component.js';
import type { Clock } from './clock.js';
import { createSavedFiles } from './saved-files.js';

/** Flowdesk has one user; its v2 files live in this folder (Langflow uses the user's id). */
export const USER_FOLDER = 'user';
const FLOW_ID = /^[A-Za-z0-9_-]{1,100}$/;
/** Like the rest of the data directory: only the user may read uploads (modes apply when created). */
const PRIVATE_DIR = { recursive: true, mode: 0o700 } as const;
const PRIVATE_FILE = { mode: 0o600 } as const;

export interface UserFile {
  id: string;
  name: string;
  /** What to give a File component's `path`, e.g. `user/<id>.pdf`. */
  path: string;
  size: number;
  provider: null;
  created_at: string;
  updated_at: string;
}

export interface FileService {
  /** `POST /api/v2/files`. */
  upload(name: string, bytes: Uint8Array): Promise<UserFile>;
  /** `POST /api/v1/files/upload/{flow_id}`: answers Langflow's `{flowId, file_path}`. */
  uploadForFlow(flowId: string, name: string, bytes: Uint8Array): Promise<{ flowId: string; file_path: string }>;
  list(): Promise<UserFile[]>;
  delete(id: string): Promise<void>;
  /** What components read files through. */
  access(): FileAccess;
}

export function createFileService(deps: { dataDir: string; clock: Clock }): FileService {
  const root = path.join(deps.dataDir, 'files');
  const userDir = path.join(root, USER_FOLDER);
  const saved = createSavedFiles(root);

  /** An absolute path inside the files folder, or undefined when the path would leave it. */
  const resolve = (relative: string): string | undefined => {
    const cleaned = relative.replace(/\\/g, '/').replace(/^\/+/, '');
    const full = path.resolve(root, cleaned);
    return full.startsWith(root + path.sep) ? full : undefined;
  };

  const metaOf = async (id: string): Promise<UserFile | undefined> => {
    try {
      return JSON.parse(await readFile(path.join(userDir, `${id}.meta.json`), 'utf8')) as UserFile;
    } catch {
      return undefined;
    }
  };

  return {
    async upload(name, bytes) {
      const safe = safeName(name);
      const id = deps.clock.uuid();
      const stored = `${id}${path.extname(safe).toLowerCase()}`;
      const now = deps.clock.now();
      const file: UserFile = { id, name: safe, path: `${USER_FOLDER}/${stored}`, size: bytes.byteLength, provider: null, created_at: now, updated_at: now };
      await mkdir(userDir, PRIVATE_DIR);
      await writeFile(path.join(userDir, stored), bytes, PRIVATE_FILE);
      await writeFile(path.join(userDir, `${id}.meta.json`), JSON.stringify(file), PRIVATE_FILE);
      return file;
    },

    async uploadForFlow(flowId, name, bytes) {
      if (!FLOW_ID.test(flowId)) throw new BadRequestError(`Invalid flow id "${flowId}"`);
      const stamp = deps.clock.now().replace(/[-:T]/g, '').replace(/\..*$/, '').replace(/Z$/, '');
      const stored = `${stamp}_${safeName(name)}`;
      await mkdir(path.join(root, flowId), PRIVATE_DIR);
      await writeFile(path.join(root, flowId, stored), bytes, PRIVATE_FILE);
      return { flowId, file_path: `${flowId}/${stored}` };
    },

    async list() {
      let names: string[];
      try {
        names = await readdir(userDir);
      } catch {
        return [];
      }
      const files = await Promise.all(names.filter((n) => n.endsWith('.meta.json')).map((n) => metaOf(n.slice(0, -'.meta.json'.length))));
      return files.filter((f): f is UserFile => f !== undefined).sort((a, b) => a.created_at.localeCompare(b.created_at));
    },

    async delete(id) {
      const meta = /^[0-9a-f-]{36}$/i.test(id) ? await metaOf(id) : undefined;
      if (!meta) throw new NotFoundError(`File ${id} not found`);
      await rm(path.join(root, meta.path), { force: true });
      await rm(path.join(userDir, `${id}.meta.json`), { force: true });
    },

    access(): FileAccess {
      return {
        async read(relative): Promise<StoredFile> {
          const full = resolve(relative);
          if (!full) throw new Error(`File path "${relative}" is outside the uploaded files`);
          let bytes: Buffer;
          try {
            bytes = await readFile(full);
          } catch {
            throw new Error(`No uploaded file at "${relative}": upload it with POST /api/v2/files and use the path it answers`);
          }
          const base = path.basename(full);
          const meta = path.dirname(full) === userDir ? await metaOf(base.slice(0, base.length - path.extname(base).length)) : undefined;
          return { path: relative, name: meta?.name ?? base.replace(/^\d{8,14}_/, ''), bytes: new Uint8Array(bytes) };
        },
        save: (request) => saved.save(request),
      };
    },
  };
}

/** The file's own name without folders or control characters. */
function safeName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/\p{Cc}/gu, '').trim();
  return base === '' || base === '.' || base === '..' ? 'upload' : base.slice(0, 200);
}
