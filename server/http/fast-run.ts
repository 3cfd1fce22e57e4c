/**
 * `POST /api/v1/run/{flow}` without Koa: the run route is the server's hot path, and Koa's context,
 * middleware chain and router cost as much per request as running a small flow (profiles under
 * issue 7). This path walks the very same guard chain as the Koa app (guard-chain.ts: Host, Origin,
 * content type, API key or session), reads the body with the same limits, answers errors with the same statuses
 * and bodies, and sets the same headers. Any request it is not sure about (another method or path,
 * a trailing slash, an unusual flow reference, an Origin listed for CORS) goes to the Koa app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { accessLine } from './access-log.js';
import type { AppDeps } from './app-deps.js';
import type { AuthDeps } from './auth.js';
import { SECURITY_HEADERS } from './browser-guards.js';
import { errorAnswer } from './error-middleware.js';
import { guardRefusal, rawGuardedRequest } from './guard-chain.js';
import { queryBool } from './query.js';
import { RawRequestView } from './request-view.js';
import { serveRun } from './routes/run-routes.js';

const PREFIX = '/api/v1/run/';
/** Flow ids and endpoint names; anything else (escapes, dots, spaces) is left to the router. */
const PLAIN_REF = /^[A-Za-z0-9_-]{1,200}$/;

/** The security headers as a raw header list, sent with every answer of this path. */
const SECURITY_HEADER_LIST: readonly string[] = Object.entries(SECURITY_HEADERS).flat();

/** Returns a handler that serves the run route and answers true, or answers false and touches nothing. */
export function createFastRunHandler(deps: AppDeps, auth: AuthDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { security, logger } = deps;
  const corsListed = new Set(security.corsOrigins);
  const accessLog = logger.enabled?.('debug') ?? true;
  const guardDeps = { hosts: security.hosts, auth };

  async function serve(req: IncomingMessage, res: ServerResponse, view: RawRequestView, flowRef: string): Promise<void> {
    const started = accessLog ? performance.now() : 0;
    try {
      const refused = guardRefusal(rawGuardedRequest(view, auth), guardDeps);
      if (refused) throw refused;
      const result = await serveRun(req, res, flowRef, queryBool(view, 'stream', false), deps, () => {
        for (let i = 0; i < SECURITY_HEADER_LIST.length; i += 2) res.setHeader(SECURITY_HEADER_LIST[i] as string, SECURITY_HEADER_LIST[i + 1] as string);
      });
      if (result !== undefined) sendJson(res, 200, result, []);
    } catch (err) {
      if (res.headersSent || res.writableEnded || res.destroyed) {
        logger.warn(`${view.method} ${view.path}: ${String(err)} (after the response started)`);
        return;
      }
      const answer = errorAnswer(err, logger, security.redact, view.method, view.path);
      sendJson(res, answer.status, answer.body, Object.entries(answer.headers).flat());
    } finally {
      if (accessLog) logger.debug(accessLine(view.method, view.path, res.statusCode, started));
    }
  }

  return function fastRun(req, res) {
    const target = fastRunTarget(req.method, req.url, req.headers.origin, corsListed);
    if (!target) return false;
    const view = new RawRequestView(req, target.path, target.search);
    serve(req, res, view, target.flowRef).catch((err: unknown) => {
      logger.error(`${view.method} ${view.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.writableEnded) res.destroy();
    });
    return true;
  };
}

export interface FastRunTarget {
  flowRef: string;
  path: string;
  /** The query string, without its `?`. */
  search: string;
}

/** Whether the fast path takes a request, and what it runs; undefined leaves it to the Koa app. */
export function fastRunTarget(method: string | undefined, url: string | undefined, origin: string | undefined, corsListed: ReadonlySet<string>): FastRunTarget | undefined {
  if (method !== 'POST' || url === undefined || !url.startsWith(PREFIX)) return undefined;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const flowRef = path.slice(PREFIX.length);
  if (!PLAIN_REF.test(flowRef)) return undefined;
  if (origin !== undefined && corsListed.has(origin)) return undefined;
  return { flowRef, path, search: q < 0 ? '' : url.slice(q + 1) };
}

/** Sends a JSON answer the way Koa does (`application/json; charset=utf-8`, a Content-Length), plus the security headers. */
function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: string[]): void {
  const text = JSON.stringify(body);
  res.writeHead(status, [
    ...SECURITY_HEADER_LIST,
    ...extraHeaders,
    'Content-Type',
    'application/json; charset=utf-8',
    'Content-Length',
    String(Buffer.byteLength(text)),
  ]);
  res.end(text);
}
