/**
 * The request guards, declared once and in order: the path (no dot segments), Host (DNS rebinding), Origin (cross-site pages),
 * content type (form posts), caller (API key or session). The Koa app (`guardMiddleware`) and the
 * run route's fast path (fast-run.ts) both walk this one list, so a guard cannot be added to one
 * way into the server only. Each guard reads the request's canonical path (request-path.ts).
 */
import type { Context, Next } from 'koa';
import { BadRequestError } from '../../shared/errors.js';
import { callerRefusal, identify, identifyRequest, type AuthDeps, type Caller } from './auth.js';
import { crossOriginRefusal, hostRefusal } from './browser-guards.js';
import { contentTypeRefusal } from './content-type-guard.js';
import type { HostPolicy } from './host-policy.js';
import { hasDotSegment, needsCaller } from './request-path.js';
import type { RequestView } from './request-view.js';

export interface GuardedRequest {
  readonly view: RequestView;
  /** Whether the request comes from an Origin listed for CORS (answered by the Koa app's CORS step). */
  readonly corsListed: boolean;
  /** The caller, identified once per request. */
  caller(): Caller;
}

export interface GuardDeps {
  hosts: HostPolicy;
  auth: AuthDeps;
}

export interface Guard {
  readonly name: string;
  refusal(request: GuardedRequest, deps: GuardDeps): Error | undefined;
}

export const DOT_SEGMENT_REFUSED = 'The path has . or .. segments: send it resolved';

export const REQUEST_GUARDS: readonly Guard[] = [
  { name: 'path', refusal: ({ view }) => (hasDotSegment(view.path) ? new BadRequestError(DOT_SEGMENT_REFUSED) : undefined) },
  { name: 'host', refusal: ({ view }, { hosts }) => hostRefusal(hosts, view) },
  { name: 'origin', refusal: ({ view, corsListed }, { hosts }) => (corsListed ? undefined : crossOriginRefusal(view, hosts)) },
  { name: 'content-type', refusal: ({ view }) => contentTypeRefusal(view) },
  // A CORS preflight carries no credentials, by the Fetch standard: the listed origin's real request will.
  { name: 'caller', refusal: (request, { auth }) => (needsCaller(request.view.path) && !isCorsPreflight(request) ? callerRefusal(request.caller(), auth) : undefined) },
];

/** A preflight of a listed CORS origin (answered by the Koa app's `corsAnswers` after the chain). */
export function isCorsPreflight({ view, corsListed }: GuardedRequest): boolean {
  return corsListed && view.method === 'OPTIONS' && view.get('access-control-request-method') !== '';
}

/** The first refusal of the chain for a request, if any. */
export function guardRefusal(request: GuardedRequest, deps: GuardDeps): Error | undefined {
  for (const guard of REQUEST_GUARDS) {
    const refused = guard.refusal(request, deps);
    if (refused) return refused;
  }
  return undefined;
}

/** A request of the fast path, over a bare request view: the caller is identified at most once. */
export function rawGuardedRequest(view: RequestView, auth: AuthDeps): GuardedRequest {
  let caller: Caller | undefined;
  return { view, corsListed: false, caller: () => (caller ??= identifyRequest(view, auth)) };
}

/** The chain as Koa middleware. */
export function guardMiddleware(deps: GuardDeps, corsOrigins: readonly string[]) {
  const listed = new Set(corsOrigins);
  return async function guardRequest(ctx: Context, next: Next): Promise<void> {
    const origin = ctx.get('origin');
    const refused = guardRefusal({ view: ctx, corsListed: origin !== '' && listed.has(origin), caller: () => identify(ctx, deps.auth) }, deps);
    if (refused) throw refused;
    await next();
  };
}
