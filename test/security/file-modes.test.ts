/**
 * Only the user can read the data directory: uploads are 0600 in 0700 folders, and a data directory
 * made by hand with a looser mode is made 0700 at start. The server inherits this process's umask,
 * set here to the common 022 so that a file created without an explicit mode would show as 0644.
 */
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, spawnServer } from '../support/spawn-server.js';

const posix = process.platform !== 'win32';
const dirs: string[] = [];
let umask: number;
beforeAll(() => {
  umask = process.umask(0o022);
});
afterAll(async () => {
  process.umask(umask);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const modeOf = async (file: string): Promise<string> => ((await stat(file)).mode & 0o777).toString(8);

describe.runIf(posix)('file modes in the data directory', () => {
  it('uploads are 0600 and their folders 0700', async () => {
    const server = await spawnServer();
    try {
      const form = new FormData();
      form.append('file', new Blob(['hello']), 'notes.txt');
      const v2 = await fetch(`${server.url}/api/v2/files`, { method: 'POST', body: form });
      expect(v2.status).toBe(201);
      const uploaded = (await v2.json()) as { id: string; path: string };
      const flow = await fetch(`${server.url}/api/v1/flows/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": "uploads"}' });
      const flowId = ((await flow.json()) as { id: string }).id;
      const forFlow = await fetch(`${server.url}/api/v1/files/upload/${flowId}`, { method: 'POST', body: form });
      expect(forFlow.status).toBe(201);
      const { file_path } = (await forFlow.json()) as { file_path: string };

      const files = path.join(server.dataDir, 'files');
      expect(await modeOf(files)).toBe('700');
      expect(await modeOf(path.join(files, 'user'))).toBe('700');
      expect(await modeOf(path.join(files, flowId))).toBe('700');
      expect(await modeOf(path.join(files, uploaded.path))).toBe('600');
      expect(await modeOf(path.join(files, 'user', `${uploaded.id}.meta.json`))).toBe('600');
      expect(await modeOf(path.join(files, file_path))).toBe('600');
    } finally {
      await server.stop();
    }
  });

  it('a data directory made 0755 by hand is made 0700 at start', async () => {
    const parent = await makeTempDir();
    dirs.push(parent);
    const dataDir = path.join(parent, 'data');
    await mkdir(dataDir);
    await chmod(dataDir, 0o755);
    const server = await spawnServer({ dataDir, args: ['--log-level', 'info'] });
    try {
      expect(await modeOf(dataDir)).toBe('700');
      expect(server.stdout() + server.stderr()).toMatch(/was open to other users \(mode 0755\); made it 0700/);
      expect(server.stderr()).not.toContain('warning');
    } finally {
      await server.stop();
    }
  });
});
