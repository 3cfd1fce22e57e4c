/** The debug access log: one line per request, from the Koa app and from the run route's fast path. */
import type { Context, Next } from 'koa';
import type { AppDeps } from './app-deps.js';

/** Method, path (never the query, which may hold a key), status and time since `started`. */
export function accessLine(method: string, path: string, status: number, started: number): string {
  return `${method} ${path.slice(0, 200)} ${status} ${Math.round(performance.now() - started)}ms`;
}

/** Logs `accessLine` for every request the Koa app answers. */
export function accessLog(deps: AppDeps) {
  return async function logRequest(ctx: Context, next: Next): Promise<void> {
    const started = performance.now();
    try {
      await next();
    } finally {
      deps.logger.debug(accessLine(ctx.method, ctx.path, ctx.status, started));
    }
  };
}
