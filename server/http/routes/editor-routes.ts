/**
 * `/`: the built editor, or a page saying it is not built. Not mounted with --backend-only.
 * Files are sent by `@koa/send` (resolved inside the editor folder only, dotfiles never sent, HEAD
 * answered by Koa); a path that names no file gets the single-page app's index.html.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'koa';
import type Router from '@koa/router';
import { send } from '@koa/send';
import type { AppDeps } from '../app-deps.js';
import { setSessionCookie } from '../auth.js';
import { isApiPath } from '../request-path.js';

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flowdesk</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>⛓ Flowdesk</h1><p>The flow server is running, but the editor is not built yet.</p>
<p>The API is at <code>/api/v1/</code>; see the README for curl examples.</p></body></html>`;

/** Vite's hashed bundles: their names change with their content, so they can be kept forever. */
const ASSETS_CACHE = 'public, max-age=31536000, immutable';

export function editorRoutes(router: Router, deps: AppDeps): void {
  const root = deps.editorDir;
  router.get('/{*path}', async (ctx, next) => {
    if (isApiPath(ctx.path)) return next();
    if (ctx.method === 'GET' && ctx.query.token !== undefined) return signIn(ctx, deps);
    // The editor is not built, or is being rebuilt (its folder emptied) or was removed: say so, never 500.
    if (!root || !(await isFile(path.join(root, 'index.html')))) return notBuilt(ctx);
    const sent = await sendFile(ctx, root, ctx.path);
    if (sent === undefined) await sendFile(ctx, root, '/index.html');
  });
}

/** Sends `file` from `root`; undefined when it names no file there (missing, a folder, a dotfile). */
async function sendFile(ctx: Context, root: string, file: string): Promise<string | undefined> {
  try {
    return await send(ctx, file, {
      root,
      index: 'index.html',
      hidden: false,
      brotli: false,
      gzip: false,
      setHeaders: (res, sentPath) => {
        if (sentPath.startsWith(path.join(root, 'assets') + path.sep)) res.setHeader('Cache-Control', ASSETS_CACHE);
      },
    });
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
}

function notBuilt(ctx: Context): void {
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = NOT_BUILT;
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

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
