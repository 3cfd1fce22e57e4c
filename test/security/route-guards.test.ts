/**
 * Every route the server serves, read from its own routers, sent in many spellings of its path
 * (case, `//`, `%61`, `%2F`, `./`, `../`, a trailing slash) without a key, with a wrong key and with a good
 * key, against the real server with keys required. A route added later is covered without anyone
 * touching this file; a route added as open (no key) fails here until it is listed below on purpose.
 * Both ways into the server are walked: `POST /api/v1/run/<ref>` takes the fast path, its other
 * spellings the Koa app.
 */
import { rm } from 'node:fs/promises';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../server/config/resolve-config.js';
import { readAdminToken } from '../../server/services/admin-token.js';
import { startServer, type RunningServer } from '../../server/start-server.js';
import { makeTempDir } from '../support/spawn-server.js';
import { raw, type RawRequest, type RawResponse } from '../support/http.js';

/** Routes that answer without a key, on purpose. */
const OPEN_ROUTES = new Set([
  'GET /health',
  'HEAD /health',
  'GET /health_check',
  'HEAD /health_check',
  'GET /api/v1/session',
  'HEAD /api/v1/session',
  'POST /api/v1/session',
  'DELETE /api/v1/session',
  // The editor's page and files (its handler passes API-looking paths on, case aside).
  'GET /{*path}',
  'HEAD /{*path}',
]);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The webhook takes any body, as Langflow's does. */
const ANY_BODY = /^\/api\/v1\/webhook\//;
/** Routes whose answer is an event stream that stays open (MCP's SSE): judged by their status alone. */
const EVENT_STREAM = /(\/|%2f)sse\/?$/i;

/** The status of an answer, without waiting for its end (the connection is then dropped). */
function status(base: string, path: string, options: RawRequest): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '', json: undefined });
      req.destroy();
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A concrete path for a route pattern: every parameter filled. */
function concrete(pattern: string): string {
  return pattern.replace(/\{\/?\*\w+\}|:\w+|\*\w+/g, (param) => (param.startsWith('{/') ? '/x' : 'x'));
}

/** Spellings that name the same route once the path is made canonical. */
function sameRouteSpellings(path: string): string[] {
  const toggled = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
  const rest = path.slice(1);
  return [
    path,
    toggled,
    `/${path}`,
    `/${rest.replace('/', '//')}`,
    `/%61${rest.slice(1)}`,
    `/${rest.replace(/\/(\w)/, (_, c: string) => `/%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    `/${rest.replace(/\//g, '%2F')}`,
    path.replace(/^\/api\//, '/api%2f'),
  ];
}

/** Spellings with dot segments, plain or escaped: refused (400) before anything else looks at them. */
function dotSpellings(path: string): string[] {
  const rest = path.slice(1);
  return [`/.${path}`, `/%2e${path}`, `/x/..${path}`, `/x/%2E%2E${path}`, `/api/../${rest}`, `/x%2F..%2F${rest}`, `${path.replace(/\/$/, '')}/.`];
}

/** Spellings that differ in case: guarded all the same, never served (routes are case-sensitive, as Langflow's). */
function caseSpellings(path: string): string[] {
  return [path.toUpperCase(), path.replace(/^\/api\//, '/API/'), path.replace(/^\/api\//, '/Api/'), `/%41${path.slice(2)}`, path.replace(/\/v(\d)\//, '/V$1/')].filter((p) => p !== path);
}

interface Route {
  method: string;
  path: string;
}

describe.each([
  ['with the editor', []],
  ['with --backend-only', ['--backend-only']],
])('route table × spellings × keys, keys required, %s', (_mode, extraArgs: string[]) => {
  let server: RunningServer;
  let dataDir: string;
  let goodKey: string;
  let routes: Route[];
  let open: Route[];

  beforeAll(async () => {
    dataDir = await makeTempDir();
    server = await startServer(resolveRunConfig(['--port', '0', '--data-dir', dataDir, '--require-api-key', '--log-level', 'silent', ...extraArgs], {}));
    const table = server.routes?.() ?? [];
    routes = table.filter((r) => !r.open);
    open = table.filter((r) => r.open);
    const admin = (await readAdminToken(dataDir)) as string;
    const created = await raw(server.url, '/api/v1/api_key/', send('POST', { 'x-api-key': admin }, { name: 'route table' }));
    expect(created.status).toBe(200);
    goodKey = created.json.api_key;
  });
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function send(method: string, headers: Record<string, string>, body: unknown = {}, type = 'application/json') {
    const withBody = STATE_CHANGING.has(method);
    return { method, headers: { ...headers, ...(withBody ? { 'content-type': type } : {}) }, ...(withBody ? { body: JSON.stringify(body) } : {}) };
  }

  async function sendAll(method: string, paths: string[], headers: Record<string, string>, type?: string): Promise<Map<string, RawResponse>> {
    const out = new Map<string, RawResponse>();
    for (const path of paths) out.set(path, await (EVENT_STREAM.test(path) ? status : raw)(server.url, path, send(method, headers, {}, type)));
    return out;
  }

  function failures(answers: Map<string, RawResponse>, method: string, ok: (status: number) => boolean): string[] {
    return [...answers].filter(([, res]) => !ok(res.status)).map(([path, res]) => `${method} ${path} → ${res.status}`);
  }

  it('reads the whole route table, guarded routes and the few open ones', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContainEqual({ method: 'POST', path: '/api/v1/run/:flow', open: false });
    const unlisted = open.map((r) => `${r.method} ${r.path}`).filter((name) => !OPEN_ROUTES.has(name));
    expect(unlisted, 'an open route (no key needed) must be listed in OPEN_ROUTES on purpose').toEqual([]);
    // Every guarded route's path is under /api/, where the caller guard applies.
    expect(routes.filter((r) => !r.path.startsWith('/api/'))).toEqual([]);
  });

  it('refuses every guarded route in every spelling without a key and with a wrong one', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const path = concrete(route.path);
      const spellings = [...sameRouteSpellings(path), ...caseSpellings(path)];
      wrong.push(...failures(await sendAll(route.method, spellings, {}), route.method, (s) => s === 403));
      wrong.push(...failures(await sendAll(route.method, spellings, { 'x-api-key': 'sk-wrong' }), route.method, (s) => s === 403));
    }
    expect(wrong).toEqual([]);
  });

  it('serves every guarded route with a good key in each spelling of the same path, and no other case', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const path = concrete(route.path);
      wrong.push(...failures(await sendAll(route.method, sameRouteSpellings(path), { 'x-api-key': goodKey }), route.method, (s) => s !== 401 && s !== 403));
      // Not served: 404, or 405 where the editor's catch-all serves GET on every path.
      wrong.push(...failures(await sendAll(route.method, caseSpellings(path), { 'x-api-key': goodKey }), route.method, (s) => s === 404 || s === 405));
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every guarded route spelt with dot segments, whatever the key', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const spellings = dotSpellings(concrete(route.path));
      for (const headers of [{}, { 'x-api-key': 'sk-wrong' }, { 'x-api-key': goodKey }] as Record<string, string>[]) {
        wrong.push(...failures(await sendAll(route.method, spellings, headers), route.method, (s) => s === 400));
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a form-like body on every state-changing route in every spelling, with a good key', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => STATE_CHANGING.has(r.method) && !ANY_BODY.test(r.path))) {
      const path = concrete(route.path);
      const answers = await sendAll(route.method, [...sameRouteSpellings(path), ...caseSpellings(path)], { 'x-api-key': goodKey }, 'text/plain');
      wrong.push(...failures(answers, route.method, (s) => s === 415));
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the open routes open, and only them', async () => {
    expect((await raw(server.url, '/health')).status).toBe(200);
    expect((await raw(server.url, '/api/v1/session')).status).toBe(200);
    expect((await raw(server.url, '/api/v1/session/link', { method: 'POST' })).status).toBe(403);
    // API-looking paths the editor's catch-all would otherwise serve.
    for (const path of ['/API/v1/variables/', '/Api/v1/api_key/', '/api', '/API']) {
      expect((await raw(server.url, path)).status, path).toBe(403);
    }
  });
});
