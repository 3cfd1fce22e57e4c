/**
 * The editor's session (see services/session-service.ts):
 * - `GET /api/v1/session`: who the caller is and whether keys are required (no key needed);
 * - `POST /api/v1/session` `{"api_key"}` or `{"token"}`: signs the browser in (HttpOnly cookie);
 * - `DELETE /api/v1/session`: signs it out;
 * - `POST /api/v1/session/link` (authenticated): a one-time sign-in link, valid 5 minutes.
 */
import type { Context } from 'koa';
import type Router from '@koa/router';
import { ForbiddenError } from '../../../shared/errors.js';
import { BodyChecker } from '../../services/body-checks.js';
import type { AppDeps } from '../app-deps.js';
import { INVALID_KEY, identify, isAuthenticated, sessionFrom, setSessionCookie, type AuthDeps } from '../auth.js';
import { readJsonBody } from '../read-body.js';

/** How long a link from `POST /api/v1/session/link` stays valid. */
export const SIGN_IN_LINK_TTL_MS = 5 * 60_000;

export function authDeps(deps: AppDeps): AuthDeps {
  const { security } = deps;
  return {
    apiKeys: deps.apiKeys,
    sessions: security.sessions,
    hosts: security.hosts,
    adminToken: security.adminToken,
    apiKeyRequired: () => security.settings.apiKeyRequired(),
  };
}

/** Routes that answer without a key. */
export function openSessionRoutes(router: Router, deps: AppDeps): void {
  const auth = authDeps(deps);
  const { sessions, hosts } = deps.security;

  router.get('/api/v1/session', (ctx) => {
    const caller = identify(ctx, auth);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { authenticated: isAuthenticated(caller), method: caller.kind, api_key_required: auth.apiKeyRequired() };
  });

  router.post('/api/v1/session', async (ctx) => {
    const check = new BodyChecker(BodyChecker.object(await readJsonBody(ctx.req, deps.maxBodyBytes)));
    const apiKey = check.string('api_key', { nullable: true, maxLength: 512 });
    const token = check.string('token', { nullable: true, maxLength: 512 });
    if (apiKey === undefined && token === undefined) check.fail('api_key', 'missing', 'Field required: api_key (or a sign-in token)', null);
    check.done();
    let sessionId: string | undefined;
    if (token !== undefined) {
      sessionId = sessions.redeemSignInToken(token);
      if (sessionId === undefined) throw new ForbiddenError('This sign-in link was already used or has expired');
    } else {
      const valid = (auth.adminToken?.matches(apiKey as string) ?? false) || deps.apiKeys.verify(apiKey as string);
      if (!valid) throw new ForbiddenError(INVALID_KEY);
      sessionId = sessions.open({ strong: true });
    }
    const previous = sessionFrom(ctx, auth);
    if (previous !== undefined) sessions.close(previous);
    setSessionCookie(ctx, hosts, sessionId);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { authenticated: true, method: 'session', api_key_required: auth.apiKeyRequired() };
  });

  router.delete('/api/v1/session', (ctx) => {
    const sessionId = sessionFrom(ctx, auth);
    if (sessionId !== undefined) sessions.close(sessionId);
    setSessionCookie(ctx, hosts, null);
    ctx.status = 204;
  });
}

/** Routes behind the key check. */
export function sessionRoutes(router: Router, deps: AppDeps): void {
  const auth = authDeps(deps);
  router.post('/api/v1/session/link', (ctx) => {
    const strong = isAuthenticated(identify(ctx, auth));
    const token = deps.security.sessions.issueSignInToken({ strong, ttlMs: SIGN_IN_LINK_TTL_MS });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { url: `${ownBase(ctx, deps)}/?token=${token}`, expires_in: SIGN_IN_LINK_TTL_MS / 1000 };
  });
}

/** `http://<the Host the caller used>`, else loopback with the server's port. */
function ownBase(ctx: Context, deps: AppDeps): string {
  const host = ctx.req.headers.host;
  return host ? `http://${host}` : `http://127.0.0.1:${deps.security.hosts.port}`;
}
