/** `/`: the built editor, or a page saying it is not built. Not mounted with --backend-only. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'koa';
import type Router from '@koa/router';
import type { AppDeps } from '../app-deps.js';
import { setSessionCookie } from '../auth.js';
import { isApiPath } from '../request-path.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flowdesk</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>⛓ Flowdesk</h1><p>The flow server is running, but the editor is not built yet.</p>
<p>The API is at <code>/api/v1/</code>; see the README for curl examples.</p></body></html>`;

export function editorRoutes(router: Router, deps: AppDeps): void {
  const root = deps.editorDir;
  router.get('/{*path}', async (ctx, next) => {
    if (isApiPath(ctx.path)) return next();
    if (ctx.method === 'GET' && ctx.query.token !== undefined) return signIn(ctx, deps);
    if (!root) {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = NOT_BUILT;
      return;
    }
    // Resolve inside the editor folder only; anything else falls back to the single-page app.
    const requested = path.normalize(safeDecode(ctx.path)).replace(/^([/\\])+/, '');
    let file = path.join(root, requested);
    if (!file.startsWith(root + path.sep) || !(await isFile(file))) file = path.join(root, 'index.html');
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      // The editor is being rebuilt (its folder emptied) or was removed: say so, never 500.
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = NOT_BUILT;
      return;
    }
    ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (file.includes(`${path.sep}assets${path.sep}`)) ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.body = bytes;
  });
}

/**
 * `/?token=<one-time sign-in token>`: starts the editor's session (an HttpOnly cookie) and sends the
 * browser to the same page without the token, so it stays out of history and bookmarks. A used or
 * unknown token just leads to the page, where the editor asks to sign in.
 */
function signIn(ctx: Context, deps: AppDeps): void {
  const { sessions, hosts } = deps.security;
  const raw = ctx.query.token;
  const token = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  const sessionId = typeof token === 'string' ? sessions.redeemSignInToken(token) : undefined;
  if (sessionId !== undefined) setSessionCookie(ctx, hosts, sessionId);
  const rest = new URLSearchParams(ctx.querystring);
  rest.delete('token');
  const query = rest.toString();
  // One leading slash only: `//host` or `/\host` would leave the site.
  const target = `/${ctx.path.replace(/^[/\\]+/, '')}${query ? `?${query}` : ''}`;
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Location', target.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c)));
  ctx.status = 303;
  ctx.body = '';
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
