/**
 * Authentication modes of contract §2 against the real server: keyless on loopback by default;
 * keys required by --require-api-key, FLOWDESK_REQUIRE_API_KEY, the editor's setting or a
 * non-loopback host; the refusal to serve a public address with no key; `flowdesk api-key`.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAdminToken } from '../../server/services/admin-token.js';
import { makeTempDir, runFlowdesk, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { json, raw } from '../support/http.js';

/** Data directories the tests made themselves (spawnServer removes only its own). */
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const MISSING = { detail: 'An API key must be passed as query or header' };
const INVALID = { detail: 'Invalid or missing API key' };

async function createKey(server: SpawnedServer, name = 'test key', headers: Record<string, string> = {}): Promise<{ id: string; api_key: string }> {
  const res = await raw(server.url, '/api/v1/api_key/', { ...json({ name }), headers: { 'content-type': 'application/json', ...headers } });
  expect(res.status).toBe(200);
  return res.json;
}

describe('loopback default: keyless', () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('accepts requests without a key, as in the seed', async () => {
    expect((await raw(server.url, '/api/v1/flows/')).status).toBe(200);
    const run = await raw(server.url, '/api/v1/run/basic-prompting', json({ input_value: 'hi', tweaks: { 'OpenAIModel-5UyvQ': { api_key: 'sk-none', openai_api_base: 'http://127.0.0.1:9/v1', timeout: 1 } } }));
    expect(run.status).not.toBe(403);
  });

  it('refuses a key that is sent but wrong, in the header or the query', async () => {
    expect(await raw(server.url, '/api/v1/flows/', { headers: { 'x-api-key': 'sk-wrong' } })).toMatchObject({ status: 403, json: INVALID });
    expect(await raw(server.url, '/api/v1/flows/?x-api-key=sk-wrong')).toMatchObject({ status: 403, json: INVALID });
  });

  it('accepts a valid key, counting its uses and recording the last one', async () => {
    const key = await createKey(server);
    expect(key.api_key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect((await raw(server.url, '/api/v1/flows/', { headers: { 'x-api-key': key.api_key } })).status).toBe(200);
    expect((await raw(server.url, `/api/v1/flows/?x-api-key=${key.api_key}`)).status).toBe(200);
    const listed = (await raw(server.url, '/api/v1/api_key/')).json.api_keys.find((k: any) => k.id === key.id);
    expect(listed.total_uses).toBe(2);
    expect(Date.parse(listed.last_used_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(listed.api_key).not.toContain(key.api_key.slice(8));
  });

  it('says who the caller is at GET /api/v1/session, and the settings say keys are optional', async () => {
    expect((await raw(server.url, '/api/v1/session')).json).toEqual({ authenticated: false, method: 'none', api_key_required: false });
    expect((await raw(server.url, '/api/v1/settings')).json).toEqual({ require_api_key: false, api_key_required: false, api_key_required_by: null, tweaks_policy: 'permissive' });
  });

  it('writes a local admin token readable by this user only, and deletes it on stop', async () => {
    const dir = await tempDir();
    const own = await spawnServer({ dataDir: dir });
    const file = path.join(dir, 'admin.token');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const token = await readAdminToken(dir);
    expect(token).toMatch(/^fda-/);
    // It is a credential in the header, never in a URL.
    expect((await raw(own.url, '/api/v1/flows/', { headers: { 'x-api-key': token as string } })).status).toBe(200);
    expect((await raw(own.url, `/api/v1/flows/?x-api-key=${token}`)).status).toBe(403);
    await own.stop();
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });
});

describe('keys required by --require-api-key', () => {
  let server: SpawnedServer;
  let adminToken: string;
  beforeAll(async () => {
    server = await spawnServer({ args: ['--require-api-key'] });
    adminToken = (await readAdminToken(server.dataDir)) as string;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers 403 with Langflow bodies: no key, wrong key', async () => {
    for (const [method, p] of [
      ['GET', '/api/v1/flows/'],
      ['POST', '/api/v1/run/basic-prompting'],
      ['GET', '/api/v1/variables/'],
      ['GET', '/api/v1/api_key/'],
      ['POST', '/api/v1/webhook/basic-prompting'],
      ['GET', '/api/v1/settings'],
      ['POST', '/api/v1/session/link'],
      ['GET', '/api/v1/nothing-here'],
      ['GET', '/api/v2/files'],
    ] as const) {
      expect(await raw(server.url, p, { method }), `${method} ${p}`).toMatchObject({ status: 403, json: MISSING });
      expect(await raw(server.url, p, { method, headers: { 'x-api-key': 'sk-wrong' } }), `${method} ${p}`).toMatchObject({ status: 403, json: INVALID });
    }
  });

  it('refuses the capitalised and escaped spellings of the security report, on the spawned server', async () => {
    const flowId = (await raw(server.url, '/api/v1/flows/', { headers: { 'x-api-key': adminToken } })).json[0].id as string;
    for (const [method, p, body] of [
      ['GET', '/API/v1/variables/', undefined],
      ['GET', '/Api/v1/api_key/', undefined],
      ['POST', '/API/v1/api_key/', '{"name":"attacker"}'],
      ['POST', '/API/v1/run/text-template', '{"input_value":"x"}'],
      ['DELETE', `/API/v1/flows/${flowId}`, undefined],
      ['GET', '//api/v1/variables/', undefined],
      ['GET', '/%61pi/v1/variables/', undefined],
    ] as const) {
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      expect(await raw(server.url, p, { method, headers, body }), `${method} ${p}`).toMatchObject({ status: 403, json: MISSING });
    }
    // The content-type check holds on every spelling too (it comes before the key check).
    const form = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"name":"X","value":"y"}' };
    expect((await raw(server.url, '/API/v1/variables/', form)).status).toBe(415);
    expect((await raw(server.url, '/api/v1/flows/', { headers: { 'x-api-key': adminToken } })).json.some((f: any) => f.id === flowId)).toBe(true);
  });

  it('keeps /health and the session probe open', async () => {
    expect((await raw(server.url, '/health')).status).toBe(200);
    expect((await raw(server.url, '/api/v1/session')).json).toEqual({ authenticated: false, method: 'none', api_key_required: true });
  });

  it('lets a valid key in (header or query), and a revoked one no more', async () => {
    const key = await createKey(server, 'k', { 'x-api-key': adminToken });
    expect((await raw(server.url, '/api/v1/flows/', { headers: { 'x-api-key': key.api_key } })).status).toBe(200);
    expect((await raw(server.url, `/api/v1/flows/?x-api-key=${encodeURIComponent(key.api_key)}`)).status).toBe(200);
    expect((await raw(server.url, '/api/v1/session', { headers: { 'x-api-key': key.api_key } })).json).toMatchObject({ authenticated: true, method: 'api_key' });
    const revoked = await raw(server.url, `/api/v1/api_key/${key.id}`, { method: 'DELETE', headers: { 'x-api-key': key.api_key } });
    expect(revoked.status).toBe(200);
    expect(await raw(server.url, '/api/v1/flows/', { headers: { 'x-api-key': key.api_key } })).toMatchObject({ status: 403, json: INVALID });
  });

  it('reports why keys are required, and the setting cannot turn them off', async () => {
    const headers = { 'x-api-key': adminToken, 'content-type': 'application/json' };
    expect((await raw(server.url, '/api/v1/settings', { headers })).json).toEqual({ require_api_key: false, api_key_required: true, api_key_required_by: 'flag', tweaks_policy: 'permissive' });
    const patched = await raw(server.url, '/api/v1/settings', { method: 'PATCH', headers, body: '{"require_api_key": false}' });
    expect(patched.json).toMatchObject({ api_key_required: true, api_key_required_by: 'flag' });
    expect((await raw(server.url, '/api/v1/flows/')).status).toBe(403);
  });

  it('prints a one-time editor sign-in link and how to create a key in the banner', () => {
    expect(server.stdout()).toMatch(/^API keys: required .*flowdesk api-key --data-dir /m);
    expect(server.stdout()).toMatch(new RegExp(`^Editor: http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{43}$`, 'm'));
  });
});

describe('keys required by FLOWDESK_REQUIRE_API_KEY', () => {
  it('is the env twin of the flag', async () => {
    const server = await spawnServer({ env: { FLOWDESK_REQUIRE_API_KEY: 'true' } });
    try {
      expect(await raw(server.url, '/api/v1/flows/')).toMatchObject({ status: 403, json: MISSING });
    } finally {
      await server.stop();
    }
  });
});

describe('keys required by the editor setting', () => {
  it('turns keys on from a keyless editor, keeps that editor signed in, and persists across restarts', async () => {
    const dir = await tempDir();
    let server = await spawnServer({ dataDir: dir });
    const origin = server.url;
    const turnOn = await raw(server.url, '/api/v1/settings', { method: 'PATCH', headers: { 'content-type': 'application/json', origin, 'sec-fetch-site': 'same-origin' }, body: '{"require_api_key": true}' });
    expect(turnOn.json).toEqual({ require_api_key: true, api_key_required: true, api_key_required_by: 'setting' });
    const cookie = String(turnOn.headers['set-cookie']?.[0]);
    expect(cookie).toMatch(new RegExp(`^flowdesk_session_${server.port}=[A-Za-z0-9_-]{43};`));
    expect(cookie.toLowerCase()).toContain('httponly');
    expect(cookie.toLowerCase()).toContain('samesite=strict');
    const session = cookie.split(';')[0] as string;

    expect(await raw(server.url, '/api/v1/flows/')).toMatchObject({ status: 403, json: MISSING });
    expect((await raw(server.url, '/api/v1/flows/', { headers: { cookie: session } })).status).toBe(200);
    // The cookie never counts on a request from another site.
    expect((await raw(server.url, '/api/v1/flows/', { headers: { cookie: session, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' } })).status).toBe(403);

    await server.stop();
    server = await spawnServer({ dataDir: dir });
    try {
      expect(await raw(server.url, '/api/v1/flows/')).toMatchObject({ status: 403, json: MISSING });
      // Sessions end with the server.
      expect((await raw(server.url, '/api/v1/flows/', { headers: { cookie: session.replace(/_\d+=/, `_${server.port}=`) } })).status).toBe(403);
    } finally {
      await server.stop();
    }
  });
});

describe('a non-loopback host', () => {
  it('refuses to start when no key exists, saying how to create one', async () => {
    const dir = await tempDir();
    const result = await runFlowdesk(['run', '--host', '0.0.0.0', '--port', '0', '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('flowdesk api-key');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('starts with --allow-unauthenticated, warning that anyone can run flows', async () => {
    const server = await spawnServer({ args: ['--host', '0.0.0.0', '--allow-unauthenticated'] });
    try {
      for (let i = 0; i < 50 && !server.stderr().includes('warning'); i++) await sleep(20);
      expect(server.stderr()).toMatch(/warning: .*--allow-unauthenticated/);
      expect((await raw(`http://127.0.0.1:${server.port}`, '/api/v1/flows/')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('starts once `flowdesk api-key` made a key, and then requires keys', async () => {
    const dir = await tempDir();
    const made = await runFlowdesk(['api-key', '--name', 'deploy', '--data-dir', dir]);
    expect(made.code).toBe(0);
    const key = made.stdout.trim();
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(made.stderr).toContain('shown only this once');
    const server = await spawnServer({ dataDir: dir, args: ['--host', '0.0.0.0'] });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      expect(await raw(base, '/api/v1/flows/')).toMatchObject({ status: 403, json: MISSING });
      expect((await raw(base, '/api/v1/flows/', { headers: { 'x-api-key': key } })).status).toBe(200);
      expect((await raw(base, '/api/v1/settings', { headers: { 'x-api-key': key } })).json.api_key_required_by).toBe('host');
    } finally {
      await server.stop();
    }
  });
});

describe('flowdesk api-key', () => {
  it('creates a key through the running server that holds the data directory', async () => {
    const server = await spawnServer({ args: ['--require-api-key'] });
    try {
      const made = await runFlowdesk(['api-key', '--name', 'from the cli', '--data-dir', server.dataDir]);
      expect(made.code).toBe(0);
      const key = made.stdout.trim();
      expect(made.stdout.split('\n').filter(Boolean)).toEqual([key]);
      expect(made.stderr).toContain('by the server running on');
      const listed = await raw(server.url, '/api/v1/api_key/', { headers: { 'x-api-key': key } });
      expect(listed.status).toBe(200);
      expect(listed.json.api_keys.map((k: any) => k.name)).toContain('from the cli');
      expect(listed.text).not.toContain(key);
    } finally {
      await server.stop();
    }
  });

  it('uses FLOWDESK_DATA_DIR, and reports usage errors with exit code 2', async () => {
    const dir = await tempDir();
    const made = await runFlowdesk(['api-key'], { env: { FLOWDESK_DATA_DIR: dir } });
    expect(made.code).toBe(0);
    expect(made.stderr).toContain(dir);
    expect((await runFlowdesk(['api-key', '--nope'])).code).toBe(2);
    const help = await runFlowdesk(['api-key', '--help']);
    expect(help.stdout).toContain('Usage: flowdesk api-key');
  });
});
