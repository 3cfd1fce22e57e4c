/**
 * The editor's own session: a one-time sign-in link (banner, desktop app, POST /api/v1/session/link)
 * or an API key sent once sets an HttpOnly SameSite=Strict cookie that works on same-origin requests
 * only; sessions made while keys were off end when keys are turned on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAdminToken } from '../../server/services/admin-token.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { raw } from '../support/http.js';

const cookieOf = (setCookie: string[] | undefined): string | undefined => setCookie?.find((c) => /=[^;]+;/.test(c))?.split(';')[0];

describe('with keys required', () => {
  let server: SpawnedServer;
  let admin: string;
  beforeAll(async () => {
    server = await spawnServer({ args: ['--require-api-key'] });
    admin = (await readAdminToken(server.dataDir)) as string;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the banner link signs a browser in once, then leads to the page without the token', async () => {
    const link = new URL(/^Editor: (\S+)$/m.exec(server.stdout())?.[1] as string);
    const first = await raw(server.url, link.pathname + link.search);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers['cache-control']).toBe('no-store');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = cookieOf(first.headers['set-cookie']) as string;
    expect((await raw(server.url, '/api/v1/flows/', { headers: { cookie } })).status).toBe(200);
    expect((await raw(server.url, '/api/v1/session', { headers: { cookie } })).json).toMatchObject({ authenticated: true, method: 'session' });

    const again = await raw(server.url, link.pathname + link.search);
    expect(again.status).toBe(303);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('the cookie counts for same-origin requests only', async () => {
    const cookie = cookieOf((await raw(server.url, '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: admin }) })).headers['set-cookie']) as string;
    const own = server.url;
    const create = (headers: Record<string, string>) =>
      raw(server.url, '/api/v1/flows/', { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: '{"name": "from the editor"}' });
    expect((await create({ origin: own, 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    expect((await create({ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await create({ origin: `http://127.0.0.1:${server.port + 1}`, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await raw(server.url, '/api/v1/flows/', { headers: { cookie, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' } })).status).toBe(403);
  });

  it('signs in with an API key at POST /api/v1/session, refuses a wrong one, and signs out', async () => {
    const wrong = await raw(server.url, '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"api_key": "sk-wrong"}' });
    expect(wrong).toMatchObject({ status: 403, json: { detail: 'Invalid or missing API key' } });
    const key = (await raw(server.url, '/api/v1/api_key/', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': admin }, body: '{"name": "editor"}' })).json.api_key;
    const signedIn = await raw(server.url, '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: key }) });
    expect(signedIn.json).toMatchObject({ authenticated: true, method: 'session' });
    const cookie = cookieOf(signedIn.headers['set-cookie']) as string;
    expect((await raw(server.url, '/api/v1/variables/', { headers: { cookie } })).status).toBe(200);
    const out = await raw(server.url, '/api/v1/session', { method: 'DELETE', headers: { cookie } });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/expires=Thu, 01 Jan 1970/i);
    expect((await raw(server.url, '/api/v1/variables/', { headers: { cookie } })).status).toBe(403);
  });

  it('gives the desktop app (holding the admin token) a fresh one-time link; anonymous callers get none', async () => {
    expect((await raw(server.url, '/api/v1/session/link', { method: 'POST' })).status).toBe(403);
    const link = await raw(server.url, '/api/v1/session/link', { method: 'POST', headers: { 'x-api-key': admin } });
    expect(link.json.expires_in).toBe(300);
    const url = new URL(link.json.url);
    expect(url.origin).toBe(server.url);
    const signIn = await raw(server.url, url.pathname + url.search);
    const cookie = cookieOf(signIn.headers['set-cookie']) as string;
    expect((await raw(server.url, '/api/v1/flows/', { headers: { cookie } })).status).toBe(200);
    const reused = await raw(server.url, '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: url.searchParams.get('token') }) });
    expect(reused).toMatchObject({ status: 403, json: { detail: 'This sign-in link was already used or has expired' } });
  });

  it('never redirects off the site', async () => {
    for (const p of ['//evil.example/x?token=t', '/\\evil.example?token=t', '/%2F%2Fevil.example?token=t']) {
      const res = await raw(server.url, p);
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/[^/\\]/);
    }
  });
});

describe('turning keys on from the editor', () => {
  it('ends sessions made while keys were off, keeping the caller signed in', async () => {
    const server = await spawnServer();
    try {
      // While keys are off anyone on the machine can make a (weak) session.
      const link = (await raw(server.url, '/api/v1/session/link', { method: 'POST' })).json.url as string;
      const weak = cookieOf((await raw(server.url, new URL(link).pathname + new URL(link).search)).headers['set-cookie']) as string;
      expect((await raw(server.url, '/api/v1/session', { headers: { cookie: weak } })).json).toMatchObject({ authenticated: true });

      const editor = await raw(server.url, '/api/v1/settings', { method: 'PATCH', headers: { 'content-type': 'application/json', origin: server.url }, body: '{"require_api_key": true}' });
      const kept = cookieOf(editor.headers['set-cookie']) as string;
      expect((await raw(server.url, '/api/v1/flows/', { headers: { cookie: kept } })).status).toBe(200);
      expect((await raw(server.url, '/api/v1/flows/', { headers: { cookie: weak } })).status).toBe(403);

      // And back off, by the signed-in editor.
      const off = await raw(server.url, '/api/v1/settings', { method: 'PATCH', headers: { 'content-type': 'application/json', cookie: kept }, body: '{"require_api_key": false}' });
      expect(off.json).toEqual({ require_api_key: false, api_key_required: false, api_key_required_by: null });
      expect((await raw(server.url, '/api/v1/flows/')).status).toBe(200);
      expect((await raw(server.url, '/api/v1/settings', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"require_api_key": "yes"}' })).status).toBe(422);
    } finally {
      await server.stop();
    }
  });
});
