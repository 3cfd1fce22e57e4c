/** The Koa app factory. It never listens: tests mount `app.callback()`, `start-server.ts` listens. */
import Koa from 'koa';
import Router from '@koa/router';
import type { AppDeps } from './app-deps.js';
import { apiKeyAuth } from './auth.js';
import { errorMiddleware } from './error-middleware.js';
import { adminRoutes, healthRoutes } from './routes/admin-routes.js';
import { editorRoutes } from './routes/editor-routes.js';
import { flowRoutes } from './routes/flow-routes.js';
import { runRoutes } from './routes/run-routes.js';

export function createApp(deps: AppDeps): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true;
  app.use(errorMiddleware(deps.logger));

  const open = new Router();
  healthRoutes(open, deps);
  app.use(open.routes());

  const api = new Router();
  api.use('/api/{*rest}', apiKeyAuth(deps.apiKeys, () => false));
  runRoutes(api, deps);
  flowRoutes(api, deps);
  adminRoutes(api, deps);
  app.use(api.routes());
  app.use(api.allowedMethods({ throw: true }));

  if (!deps.backendOnly) {
    const editor = new Router();
    editorRoutes(editor, deps);
    app.use(editor.routes());
  }
  return app;
}
