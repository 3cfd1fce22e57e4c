/** The Koa app factory. It never listens: `start-server.ts` listens with `createRequestListener`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import type { AppDeps } from './app-deps.js';
import { apiKeyAuth } from './auth.js';
import { crossOriginGuard, hostCheck, securityHeaders } from './browser-guards.js';
import { contentTypeGuard } from './content-type-guard.js';
import { accessLog } from './access-log.js';
import { errorMiddleware } from './error-middleware.js';
import { createFastRunHandler } from './fast-run.js';
import { MethodNotAllowedError } from './method-not-allowed.js';
import { adminRoutes, healthRoutes } from './routes/admin-routes.js';
import { editorRoutes } from './routes/editor-routes.js';
import { fileRoutes } from './routes/file-routes.js';
import { flowRoutes } from './routes/flow-routes.js';
import { editorRunRoutes } from './routes/editor-run-routes.js';
import { runRoutes } from './routes/run-routes.js';
import { authDeps, openSessionRoutes, sessionRoutes } from './routes/session-routes.js';
import { settingsRoutes } from './routes/settings-routes.js';

/** The server's request listener: the run route's fast path (fast-run.ts), and the Koa app for everything else. */
export function createRequestListener(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const koa = createApp(deps).callback();
  const fastRun = createFastRunHandler(deps, authDeps(deps));
  return (req, res) => {
    if (!fastRun(req, res)) void koa(req, res);
  };
}

export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true;
  const { security } = deps;
  if (deps.logger.enabled?.('debug') ?? true) app.use(accessLog(deps));
  app.use(errorMiddleware(deps.logger, security.redact));
  app.use(securityHeaders());
  app.use(hostCheck(security.hosts));
  app.use(crossOriginGuard(security.hosts, security.corsOrigins));
  app.use(contentTypeGuard());
  app.use(apiKeyAuth(authDeps(deps)));

  const open = new Router();
  healthRoutes(open, deps);
  openSessionRoutes(open, deps);
  app.use(open.routes());

  const api = new Router();
  runRoutes(api, deps);
  editorRunRoutes(api, deps);
  flowRoutes(api, deps);
  fileRoutes(api, deps);
  adminRoutes(api, deps);
  settingsRoutes(api, deps);
  sessionRoutes(api, deps);
  app.use(api.routes());
  // A method no route knows (TRACE, PROPFIND, …) is the client's mistake: 405, not 501.
  app.use(api.allowedMethods({ throw: true, notImplemented: () => new MethodNotAllowedError() }));

  if (!deps.backendOnly) {
    const editor = new Router();
    editorRoutes(editor, deps);
    app.use(editor.routes());
  }
  return app;
}
