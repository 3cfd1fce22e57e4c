/**
 * The editor's files as the server sends them (@koa/send behind the editor router): the real routes,
 * error table and security headers on a Koa app over HTTP, with an editor folder made for the test.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Koa from 'koa';
import Router from '@koa/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../server/http/app-deps.js';
import { securityHeaders } from '../../server/http/browser-guards.js';
import { errorMiddleware } from '../../server/http/error-middleware.js';
import { editorRoutes } from '../../server/http/routes/editor-routes.js';
import { silentLogger } from '../../server/logger.js';
import { raw } from '../support/http.js';
import { makeTempDir } from '../support/temp-dir.js';

const INDEX = '<!doctype html><title>editor</title><div id="root"></div>';
const BUNDLE = 'console.log("bundle");';

async function serve(editorDir: string | null): Promise<{ url: string; close(): void }> {
  const app = new Koa();
  app.silent = true; // as create-app.ts: a HEAD leaves the file stream unread, and Koa reports its close
  app.use(errorMiddleware(silentLogger));
  app.use(securityHeaders());
  const router = new Router({ sensitive: true });
  editorRoutes(router, { editorDir, security: {} } as unknown as AppDeps);
  app.use(router.routes());
  app.use(router.allowedMethods());
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

let root: string;
let app: Awaited<ReturnType<typeof serve>>;
beforeAll(async () => {
  root = await makeTempDir('flowdesk-editor-');
  await mkdir(path.join(root, 'assets'));
  await mkdir(path.join(root, 'nested'));
  await writeFile(path.join(root, 'index.html'), INDEX);
  await writeFile(path.join(root, 'assets', 'index-abc123.js'), BUNDLE);
  await writeFile(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(root, '.env'), 'SECRET=1');
  app = await serve(root);
});
afterAll(async () => {
  app.close();
  await rm(root, { recursive: true, force: true });
});

describe('editor files', () => {
  it('serves index.html at / with the security headers and no long cache', async () => {
    const res = await raw(app.url, '/');
    expect(res.status).toBe(200);
    expect(res.text).toBe(INDEX);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('max-age=0');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('serves hashed bundles as immutable with their type, and answers HEAD without a body', async () => {
    const res = await raw(app.url, '/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.text).toBe(BUNDLE);
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const head = await raw(app.url, '/assets/index-abc123.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(BUNDLE)));
    expect((await raw(app.url, '/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it("answers the editor's own routes, folders and missing files with the single-page app", async () => {
    for (const p of ['/flow/abc', '/settings/keys', '/nested', '/nested/', '/assets/missing.js', '/assets/']) {
      const res = await raw(app.url, p);
      expect(res.status, p).toBe(200);
      expect(res.text, p).toBe(INDEX);
    }
  });

  it('never sends a dotfile or a file outside the folder', async () => {
    for (const p of ['/.env', '/%2Eenv', '/assets/..%2F.env', '/..%2F..%2Fetc%2Fpasswd']) {
      const res = await raw(app.url, p);
      expect(res.text, p).not.toContain('SECRET');
      expect(res.text, p).not.toContain('root:');
      expect([200, 403], p).toContain(res.status);
    }
  });

  it('answers other methods 405 and leaves API paths to the API routers (404 JSON here)', async () => {
    expect((await raw(app.url, '/flow/abc', { method: 'POST' })).status).toBe(405);
    const api = await raw(app.url, '/api/v1/nothing');
    expect(api.status).toBe(404);
    expect(api.json).toEqual({ detail: 'Not Found' });
  });
});

describe('editor not built', () => {
  it('says so at every editor path, also when the folder was emptied while running', async () => {
    const none = await serve(null);
    const emptied = await makeTempDir('flowdesk-editor-');
    const gone = await serve(emptied);
    try {
      for (const [server, p] of [[none, '/'], [none, '/flow/x'], [gone, '/'], [gone, '/assets/a.js']] as const) {
        const res = await raw(server.url, p);
        expect(res.status, p).toBe(200);
        expect(res.text, p).toContain('the editor is not built yet');
      }
    } finally {
      none.close();
      gone.close();
      await rm(emptied, { recursive: true, force: true });
    }
  });
});
