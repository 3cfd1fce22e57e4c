/**
 * Guards against web pages attacking the local server through the user's browser:
 * - DNS rebinding: a Host that is not this server's own gets 403;
 * - cross-site requests: an `Origin` other than the server's own (or a listed CORS origin) gets 403,
 *   and so does a request the browser marks cross-site or same-site (`Sec-Fetch-Site`) unless it
 *   is a top-level navigation or a read of the editor's static files;
 * - CORS: off unless origins are listed; listed ones get CORS headers (never with cookies), and
 *   OPTIONS answers their preflights only (405 otherwise);
 * - headers that stop framing, sniffing, referrer leaks and cross-origin embedding.
 */
import type { Context, Next } from 'koa';
import { ForbiddenError } from '../../shared/errors.js';
import type { HostPolicy } from './host-policy.js';
import { MethodNotAllowedError } from './method-not-allowed.js';
import { isApiPath } from './request-path.js';
import type { RequestView } from './request-view.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CORS_METHODS = 'GET, POST, PATCH, DELETE';
const CORS_HEADERS = 'content-type, x-api-key';

export const CROSS_ORIGIN_REFUSED = 'Cross-origin requests are not allowed';

/** Headers on every answer: no framing, no sniffing, no referrer leaks, no cross-origin embedding. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
  // `same-origin`, not `no-referrer`: with the latter browsers send `Origin: null` on the editor's own POSTs.
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function securityHeaders() {
  return async function setSecurityHeaders(ctx: Context, next: Next): Promise<void> {
    for (const name in SECURITY_HEADERS) ctx.set(name, SECURITY_HEADERS[name] as string);
    await next();
  };
}

/** The refusal for a Host that is not this server's own (DNS rebinding), if it is not. */
export function hostRefusal(hosts: HostPolicy, request: Pick<RequestView, 'headers'>): ForbiddenError | undefined {
  // No Host at all (HTTP/1.0 tools) cannot come from a browser, hence not from a rebinding page.
  const host = request.headers.host;
  return host !== undefined && !hosts.allowsHost(host) ? new ForbiddenError('Invalid Host header') : undefined;
}

/**
 * Whether an `Origin` header names this server. `null` counts only when the browser itself vouches
 * the request is same-origin (`Sec-Fetch-Site` cannot be set by a page): some send `null` on a
 * page's own POSTs under strict referrer policies.
 */
function ownOrigin(request: RequestView, hosts: HostPolicy, origin: string): boolean {
  return hosts.isOwnOrigin(origin) || (origin === 'null' && request.get('sec-fetch-site') === 'same-origin');
}

/** Whether the request comes from a page of this server (or from no page at all: curl, scripts). */
export function isSameOriginRequest(request: RequestView, hosts: HostPolicy): boolean {
  const origin = request.get('origin');
  if (origin !== '' && !ownOrigin(request, hosts, origin)) return false;
  const site = request.get('sec-fetch-site');
  return site === '' || site === 'same-origin' || site === 'none';
}

/**
 * The refusal for a request from another site's page, if it is one. Requests from a listed CORS
 * origin are not checked here: `crossOriginGuard` answers them.
 */
export function crossOriginRefusal(request: RequestView, hosts: HostPolicy): Error | undefined {
  const origin = request.get('origin');
  if (origin !== '' && !ownOrigin(request, hosts, origin)) return new ForbiddenError(CROSS_ORIGIN_REFUSED);
  // OPTIONS serves only CORS preflights of listed origins.
  if (request.method === 'OPTIONS') return new MethodNotAllowedError();
  const site = request.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') {
    const navigation = request.method === 'GET' && request.get('sec-fetch-mode') === 'navigate';
    const editorFile = SAFE_METHODS.has(request.method) && !isApiPath(request.path);
    if (!navigation && !editorFile) return new ForbiddenError(CROSS_ORIGIN_REFUSED);
  }
  return undefined;
}

/**
 * CORS for listed origins, after the guard chain (guard-chain.ts) let the request in: their
 * answers get CORS headers (never with cookies), and their preflights are answered here.
 */
export function corsAnswers(corsOrigins: readonly string[]) {
  const listed = new Set(corsOrigins);
  return async function answerCors(ctx: Context, next: Next): Promise<void> {
    const origin = ctx.get('origin');
    if (origin === '' || !listed.has(origin)) return next();
    ctx.vary('Origin');
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Expose-Headers', 'Retry-After, Content-Disposition');
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method') !== '') {
      ctx.set('Access-Control-Allow-Methods', CORS_METHODS);
      ctx.set('Access-Control-Allow-Headers', CORS_HEADERS);
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    await next();
  };
}
