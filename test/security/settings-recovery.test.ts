/**
 * A settings file that cannot be read never makes the server less strict: keys switched on in the
 * editor stay on when `meta.json` is truncated (its `.bak` is a current copy), and with no copy
 * known to be current the server starts with keys required, says why and how to turn them off,
 * and loses nothing else.
 *
 * Each test starts three or four servers one after another: on a loaded machine that takes
 * longer than vitest's default 20 s, hence 60 s.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { raw } from '../support/http.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const MISSING_KEY = 403;
const jsonHeaders = { 'content-type': 'application/json' };

async function dataDir(): Promise<string> {
  const dir = await makeTempDir();
  dirs.push(dir);
  return dir;
}

/** Turns keys on the way the editor does (a same-origin PATCH), with a flow and a variable stored first. */
async function keysOnWithData(dir: string): Promise<{ flowId: string }> {
  const server = await spawnServer({ dataDir: dir });
  try {
    const flow = await raw(server.url, '/api/v1/flows/', { method: 'POST', headers: jsonHeaders, body: '{"name": "kept"}' });
    expect(flow.status).toBe(201);
    const variable = await raw(server.url, '/api/v1/variables/', { method: 'POST', headers: jsonHeaders, body: '{"name": "KEPT_VAR", "value": "v", "type": "Generic"}' });
    expect(variable.status).toBe(201);
    const turnOn = await raw(server.url, '/api/v1/settings', {
      method: 'PATCH',
      headers: { ...jsonHeaders, origin: server.url, 'sec-fetch-site': 'same-origin' },
      body: '{"require_api_key": true}',
    });
    expect(turnOn.json).toMatchObject({ require_api_key: true, api_key_required: true });
    expect((await raw(server.url, '/api/v1/flows/')).status).toBe(MISSING_KEY);
    return { flowId: flow.json.id as string };
  } finally {
    await server.stop();
  }
}

async function warnings(server: SpawnedServer): Promise<string[]> {
  for (let i = 0; i < 50 && !server.stderr().includes('warning'); i++) await sleep(20);
  return server.stderr().split('\n').filter((line) => line.startsWith('flowdesk: warning:'));
}

/** Signs in with the banner's one-time link (printed when keys are required); answers the cookie. */
async function signIn(server: SpawnedServer): Promise<string> {
  const link = new URL(/^Editor: (\S+)$/m.exec(server.stdout())?.[1] as string);
  const res = await raw(server.url, link.pathname + link.search);
  return String(res.headers['set-cookie']?.[0]).split(';')[0] as string;
}

async function expectDataWhole(server: SpawnedServer, cookie: string, flowId: string): Promise<void> {
  const headers = { cookie, origin: server.url, 'sec-fetch-site': 'same-origin' };
  expect((await raw(server.url, `/api/v1/flows/${flowId}`, { headers })).json?.name).toBe('kept');
  const variables = (await raw(server.url, '/api/v1/variables/', { headers })).json as { name: string }[];
  expect(variables.map((v) => v.name)).toContain('KEPT_VAR');
}

describe('keys switched on in the editor, then meta.json truncated', { timeout: 60_000 }, () => {
  it('stay on after a restart: meta.json.bak is a current copy', async () => {
    const dir = await dataDir();
    const { flowId } = await keysOnWithData(dir);
    await writeFile(path.join(dir, 'meta.json'), '');

    const server = await spawnServer({ dataDir: dir });
    try {
      expect((await raw(server.url, '/api/v1/flows/')).status).toBe(MISSING_KEY);
      const lines = await warnings(server);
      expect(lines.join('\n')).toMatch(/meta\.json was unreadable \(empty\).*last good copy from meta\.json\.bak/);
      expect((await readdir(dir)).filter((f) => f.startsWith('meta.json.corrupt-'))).toHaveLength(1);
      const cookie = await signIn(server);
      expect((await raw(server.url, '/api/v1/settings', { headers: { cookie } })).json).toEqual({ require_api_key: true, api_key_required: true, api_key_required_by: 'setting', tweaks_policy: 'permissive' });
      await expectDataWhole(server, cookie, flowId);
    } finally {
      await server.stop();
    }
  });
});

describe('meta.json unreadable with no copy known to be current', { timeout: 60_000 }, () => {
  it('starts with keys required, says why and how to turn them off, and keeps everything else', async () => {
    const dir = await dataDir();
    const { flowId } = await keysOnWithData(dir);
    // A .bak as an older Flowdesk left it: the state before keys were switched on, without the mirror mark.
    await writeFile(path.join(dir, 'meta.json.bak'), JSON.stringify({ version: 1, meta: { seeded: true } }));
    await writeFile(path.join(dir, 'meta.json'), '{"version": 1, "me');

    let server = await spawnServer({ dataDir: dir });
    try {
      expect((await raw(server.url, '/api/v1/flows/')).status).toBe(MISSING_KEY);
      const why = (await warnings(server)).find((line) => line.includes('API keys are now required')) ?? '';
      expect(why).toMatch(/meta\.json could not be read/);
      expect(why).toMatch(/meta\.json\.bak was written by an older Flowdesk/);
      expect(why).toContain('"Require an API key to use the API"');
      expect(why).toContain('PATCH /api/v1/settings');
      expect(server.stdout()).toMatch(/^API keys: required/m);
      const cookie = await signIn(server);
      await expectDataWhole(server, cookie, flowId);
      // The setting was stored: the next start is just as strict, with nothing more to say.
      expect(JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')).meta.require_api_key).toBe(true);
    } finally {
      await server.stop();
    }
    server = await spawnServer({ dataDir: dir });
    try {
      expect((await raw(server.url, '/api/v1/flows/')).status).toBe(MISSING_KEY);
      expect(server.stderr()).not.toContain('warning');
      // The way back the warning names: the editor's switch.
      const cookie = await signIn(server);
      const off = await raw(server.url, '/api/v1/settings', {
        method: 'PATCH',
        headers: { ...jsonHeaders, cookie, origin: server.url, 'sec-fetch-site': 'same-origin' },
        body: '{"require_api_key": false}',
      });
      expect(off.json).toMatchObject({ require_api_key: false, api_key_required: false });
      expect((await raw(server.url, '/api/v1/flows/')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('starts with keys required when meta.json.bak is missing too', async () => {
    const dir = await dataDir();
    const { flowId } = await keysOnWithData(dir);
    await rm(path.join(dir, 'meta.json.bak'));
    await writeFile(path.join(dir, 'meta.json'), '\0\0\0\0');

    const server = await spawnServer({ dataDir: dir });
    try {
      expect((await raw(server.url, '/api/v1/flows/')).status).toBe(MISSING_KEY);
      const why = (await warnings(server)).find((line) => line.includes('API keys are now required')) ?? '';
      expect(why).toMatch(/there is no usable meta\.json\.bak/);
      await expectDataWhole(server, await signIn(server), flowId);
    } finally {
      await server.stop();
    }
  });

  it('keeps keys off when they were off and the .bak is a current copy', async () => {
    const dir = await dataDir();
    let server = await spawnServer({ dataDir: dir });
    await server.stop();
    await writeFile(path.join(dir, 'meta.json'), '');
    server = await spawnServer({ dataDir: dir });
    try {
      expect((await raw(server.url, '/api/v1/flows/')).status).toBe(200);
      expect((await warnings(server)).join('\n')).not.toContain('API keys are now required');
    } finally {
      await server.stop();
    }
  });
});

describe('a revoked API key, then api-keys.json truncated', { timeout: 60_000 }, () => {
  it('stays revoked after a restart: api-keys.json.bak is a current copy', async () => {
    const dir = await dataDir();
    let server = await spawnServer({ dataDir: dir });
    const create = async (name: string) => (await raw(server.url, '/api/v1/api_key/', { method: 'POST', headers: jsonHeaders, body: JSON.stringify({ name }) })).json as { id: string; api_key: string };
    const kept = await create('kept');
    const revoked = await create('revoked');
    expect((await raw(server.url, `/api/v1/api_key/${revoked.id}`, { method: 'DELETE' })).status).toBe(200);
    await server.stop();
    await writeFile(path.join(dir, 'api-keys.json'), '');

    server = await spawnServer({ dataDir: dir, args: ['--require-api-key'] });
    try {
      expect((await warnings(server)).join('\n')).toMatch(/api-keys\.json was unreadable \(empty\).*last good copy from api-keys\.json\.bak/);
      expect((await raw(server.url, '/api/v1/flows/', { headers: { 'x-api-key': revoked.api_key } })).status).toBe(MISSING_KEY);
      expect((await raw(server.url, '/api/v1/flows/', { headers: { 'x-api-key': kept.api_key } })).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
