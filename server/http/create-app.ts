/** The Koa app factory. It never listens: `start-server.ts` listens with `createRequestListener`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import type { AppDeps } from './app-deps.js';
import { corsAnswers, securityHeaders } from './browser-guards.js';
import { guardMiddleware } from './guard-chain.js';
import { canonicalUrl } from './request-path.js';
import { accessLog } from './access-log.js';
import { errorMiddleware } from './error-middleware.js';
import { createFastRunHandler } from './fast-run.js';
import { MethodNotAllowedError } from './method-not-allowed.js';
import { adminRoutes, healthRoutes } from './routes/admin-routes.js';
import { editorRoutes } from './routes/editor-routes.js';
import { fileRoutes } from './routes/file-routes.js';
import { knowledgeRoutes } from './routes/knowledge-routes.js';
import { flowRoutes } from './routes/flow-routes.js';
import { projectRoutes } from './routes/project-routes.js';
import { editorRunRoutes } from './routes/editor-run-routes.js';
import { runRoutes } from './routes/run-routes.js';
import { authDeps, openSessionRoutes, sessionRoutes } from './routes/session-routes.js';
import { settingsRoutes } from './routes/settings-routes.js';
import { modelRoutes } from './routes/model-routes.js';
import { mcpRoutes } from './routes/mcp-routes.js';
import { mcpFlowRoutes } from './routes/mcp-flow-routes.js';
import { mcpSettingsRoutes } from './routes/mcp-settings-routes.js';
import { responsesRoutes } from './routes/responses-routes.js';

/**
 * The server's request listener: each request's target is rewritten to its canonical path
 * (request-path.ts) before anything reads it, then served by the run route's fast path
 * (fast-run.ts) or the Koa app; both walk the same guard chain (guard-chain.ts).
 */
export function createRequestListener(deps: AppDeps): { listener: (req: IncomingMessage, res: ServerResponse) => void; routes: RouteInfo[] } {
  const routers = createRouters(deps);
  const koa = createApp(deps, routers).callback();
  const fastRun = createFastRunHandler(deps, authDeps(deps));
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== undefined) req.url = canonicalUrl(req.url);
    if (!fastRun(req, res)) void koa(req, res);
  };
  return { listener, routes: routeTable(routers) };
}

/** The app's routers; case-sensitive as Langflow's (Starlette's) routes are: `/API/…` is not `/api/…`. */
export interface AppRouters {
  /** Routes that answer without a key (health checks, the session probe and sign-in). */
  open: Router;
  api: Router;
  /** The editor's page and files; absent with --backend-only. */
  editor?: Router;
}

export function createRouters(deps: AppDeps): AppRouters {
  const open = new Router({ sensitive: true });
  healthRoutes(open, deps);
  openSessionRoutes(open, deps);

  const api = new Router({ sensitive: true });
  runRoutes(api, deps);
  editorRunRoutes(api, deps);
  flowRoutes(api, deps);
  projectRoutes(api, deps);
  fileRoutes(api, deps);
  knowledgeRoutes(api, deps);
  adminRoutes(api, deps);
  settingsRoutes(api, deps);
  modelRoutes(api, deps);
  mcpRoutes(api, deps);
  mcpFlowRoutes(api, deps);
  mcpSettingsRoutes(api, deps);
  responsesRoutes(api, deps);
  sessionRoutes(api, deps);

  if (deps.backendOnly) return { open, api };
  const editor = new Router({ sensitive: true });
  editorRoutes(editor, deps);
  return { open, api, editor };
}

/** One route: a method and the path pattern the router matches. */
export interface RouteInfo {
  method: string;
  path: string;
  /** Declared on the open router (no key needed), or the editor's files. */
  open: boolean;
}

/** Every route the app serves, from the routers themselves. */
export function routeTable(routers: AppRouters): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const [name, router] of Object.entries(routers) as [keyof AppRouters, Router][]) {
    for (const layer of router.stack) {
      for (const method of layer.methods) out.push({ method, path: layer.path as string, open: name !== 'api' });
    }
  }
  return out;
}

export function createApp(deps: AppDeps, routers: AppRouters = createRouters(deps)): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true;
  const { security } = deps;
  if (deps.logger.enabled?.('debug') ?? true) app.use(accessLog(deps));
  app.use(errorMiddleware(deps.logger, security.redact));
  app.use(securityHeaders());
  app.use(guardMiddleware({ hosts: security.hosts, auth: authDeps(deps) }, security.corsOrigins));
  app.use(corsAnswers(security.corsOrigins));

  const { open, api, editor } = routers;
  app.use(open.routes());
  app.use(api.routes());
  // A method no route knows (TRACE, PROPFIND, …) is the client's mistake: 405, not 501.
  app.use(api.allowedMethods({ throw: true, notImplemented: () => new MethodNotAllowedError() }));
  if (editor) app.use(editor.routes());
  return app;
}
