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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CORS_METHODS = 'GET, POST, PATCH, DELETE';
const CORS_HEADERS = 'content-type, x-api-key';

export const CROSS_ORIGIN_REFUSED = 'Cross-origin requests are not allowed';

/** Paths of the API and health checks, as opposed to the editor's page and files. */
export function isApiPath(path: string): boolean {
  return path.startsWith('/api/') || path === '/api' || path.startsWith('/health');
}

export function securityHeaders() {
  return async function setSecurityHeaders(ctx: Context, next: Next): Promise<void> {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', "frame-ancestors 'none'");
    // `same-origin`, not `no-referrer`: with the latter browsers send `Origin: null` on the editor's own POSTs.
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    await next();
  };
}

export function hostCheck(hosts: HostPolicy) {
  return async function checkHost(ctx: Context, next: Next): Promise<void> {
    // No Host at all (HTTP/1.0 tools) cannot come from a browser, hence not from a rebinding page.
    const host = ctx.req.headers.host;
    if (host !== undefined && !hosts.allowsHost(host)) throw new ForbiddenError('Invalid Host header');
    await next();
  };
}

/**
 * Whether an `Origin` header names this server. `null` counts only when the browser itself vouches
 * the request is same-origin (`Sec-Fetch-Site` cannot be set by a page): some send `null` on a
 * page's own POSTs under strict referrer policies.
 */
function ownOrigin(ctx: Context, hosts: HostPolicy, origin: string): boolean {
  return hosts.isOwnOrigin(origin) || (origin === 'null' && ctx.get('sec-fetch-site') === 'same-origin');
}

/** Whether the request comes from a page of this server (or from no page at all: curl, scripts). */
export function isSameOriginRequest(ctx: Context, hosts: HostPolicy): boolean {
  const origin = ctx.get('origin');
  if (origin !== '' && !ownOrigin(ctx, hosts, origin)) return false;
  const site = ctx.get('sec-fetch-site');
  return site === '' || site === 'same-origin' || site === 'none';
}

export function crossOriginGuard(hosts: HostPolicy, corsOrigins: readonly string[]) {
  const listed = new Set(corsOrigins);
  return async function checkOrigin(ctx: Context, next: Next): Promise<void> {
    const origin = ctx.get('origin');
    if (origin !== '' && listed.has(origin)) {
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
      return;
    }
    if (origin !== '' && !ownOrigin(ctx, hosts, origin)) throw new ForbiddenError(CROSS_ORIGIN_REFUSED);
    // OPTIONS serves only CORS preflights of listed origins (above).
    if (ctx.method === 'OPTIONS') throw new MethodNotAllowedError();
    const site = ctx.get('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') {
      const navigation = ctx.method === 'GET' && ctx.get('sec-fetch-mode') === 'navigate';
      const editorFile = SAFE_METHODS.has(ctx.method) && !isApiPath(ctx.path);
      if (!navigation && !editorFile) throw new ForbiddenError(CROSS_ORIGIN_REFUSED);
    }
    await next();
  };
}
