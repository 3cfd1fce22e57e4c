/**
 * Who is calling, and whether that is enough (contract §2). A caller is one of:
 * - `api_key`: a valid key in the `x-api-key` header or query (its use is counted), or on the
 *   Responses endpoint and the MCP servers in `Authorization: Bearer` (with keys off, a wrong bearer
 *   there counts as none);
 * - `admin`: the local admin token (`x-api-key` header only), see services/admin-token.ts;
 * - `session`: the editor's session cookie, honoured only on same-origin requests;
 * - `none`: nothing; `invalid`: a key was sent and is wrong (always 403, as in Langflow).
 * Keys are required only when the settings say so; then `none` gets 403 too.
 */
import type { Context } from 'koa';
import { ForbiddenError } from '../../shared/errors.js';
import type { ApiKeyService } from '../services/api-key-service.js';
import type { SessionService } from '../services/session-service.js';
import type { HostPolicy } from './host-policy.js';
import { isSameOriginRequest } from './browser-guards.js';
import { cookieValue, lastQueryValue, type RequestView } from './request-view.js';

export type CallerKind = 'api_key' | 'admin' | 'session' | 'none' | 'invalid';

export interface Caller {
  kind: CallerKind;
  /** The session id when `kind` is `session`. */
  sessionId?: string;
}

export interface AuthDeps {
  apiKeys: ApiKeyService;
  sessions: SessionService;
  hosts: HostPolicy;
  /** The local admin token check; null when the server has none (tests). */
  adminToken: { matches(candidate: string): boolean } | null;
  apiKeyRequired(): boolean;
}

export const MISSING_KEY = 'An API key must be passed as query or header';
export const INVALID_KEY = 'Invalid or missing API key';

export function apiKeyFrom(request: RequestView): string | undefined {
  const header = request.get('x-api-key');
  if (header) return header;
  const last = lastQueryValue(request.query, 'x-api-key');
  return typeof last === 'string' && last !== '' ? last : undefined;
}

/**
 * Whether callers of a path may send their key as `Authorization: Bearer <key>`: the Responses
 * endpoint (OpenAI's clients do) and the MCP servers under `/api/v1/mcp/` (MCP clients' usual header).
 */
function takesBearerKey(path: string): boolean {
  const p = path.toLowerCase();
  return p.replace(/\/+$/, '') === '/api/v1/responses' || p.startsWith('/api/v1/mcp/');
}

/**
 * The key of an `Authorization: Bearer <key>` header, on the paths that take one (the Responses
 * endpoint, which the `openai` client calls with its `apiKey` as a bearer token, and the MCP servers).
 */
export function bearerKeyFrom(request: RequestView): string | undefined {
  // Every request without x-api-key comes here (the run path too): the header first, it is usually absent.
  const header = request.get('authorization');
  if (!header) return undefined;
  if (!takesBearerKey(request.path)) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

/** The session cookie's name: per port, since browsers share cookies between the ports of a host. */
export function sessionCookieName(hosts: HostPolicy): string {
  return `flowdesk_session_${hosts.port}`;
}

export function setSessionCookie(ctx: Context, hosts: HostPolicy, sessionId: string | null): void {
  ctx.cookies.set(sessionCookieName(hosts), sessionId ?? '', {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: false,
    overwrite: true,
    ...(sessionId === null ? { maxAge: 0, expires: new Date(0) } : {}),
  });
}

/** The session id in the request's cookie, if the cookie may count for this request. */
export function sessionFrom(request: RequestView, deps: Pick<AuthDeps, 'hosts'>): string | undefined {
  const value = cookieValue(request, sessionCookieName(deps.hosts));
  if (!value || !isSameOriginRequest(request, deps.hosts)) return undefined;
  return value;
}

/** Identifies the caller once per request (a key's use is counted once). */
export function identify(ctx: Context, deps: AuthDeps): Caller {
  const cached = ctx.state.caller as Caller | undefined;
  if (cached) return cached;
  const caller = identifyRequest(ctx, deps);
  ctx.state.caller = caller;
  return caller;
}

/** Identifies the caller of a request (counting a key's use: call it once per request). */
export function identifyRequest(request: RequestView, deps: AuthDeps): Caller {
  const key = apiKeyFrom(request);
  if (key !== undefined) {
    if (key.length > 512) return { kind: 'invalid' };
    if (deps.adminToken && request.get('x-api-key') === key && deps.adminToken.matches(key)) return { kind: 'admin' };
    return deps.apiKeys.verify(key) ? { kind: 'api_key' } : { kind: 'invalid' };
  }
  const bearer = bearerKeyFrom(request);
  if (bearer !== undefined) {
    if (bearer.length <= 512 && deps.apiKeys.verify(bearer)) return { kind: 'api_key' };
    // The openai client always sends a bearer: with keys off, a placeholder (`apiKey: "unused"`) is no key at all.
    if (deps.apiKeyRequired()) return { kind: 'invalid' };
  }
  const sessionId = sessionFrom(request, deps);
  const session = sessionId === undefined ? undefined : deps.sessions.lookup(sessionId);
  // A weak session (made while keys were off, without a credential) never counts once keys are on.
  if (session && (session.strong || !deps.apiKeyRequired())) return { kind: 'session', sessionId };
  return { kind: 'none' };
}

/** Whether the caller proved a credential (as opposed to being let in because keys are off). */
export function isAuthenticated(caller: Caller): boolean {
  return caller.kind === 'api_key' || caller.kind === 'admin' || caller.kind === 'session';
}

/** The refusal (403) for a caller, if it is refused. */
export function callerRefusal(caller: Caller, deps: Pick<AuthDeps, 'apiKeyRequired'>): ForbiddenError | undefined {
  if (caller.kind === 'invalid') return new ForbiddenError(INVALID_KEY);
  if (caller.kind === 'none' && deps.apiKeyRequired()) return new ForbiddenError(MISSING_KEY);
  return undefined;
}
