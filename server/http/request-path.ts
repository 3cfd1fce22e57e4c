/**
 * The one path a request is judged and routed by. Every request is rewritten once, as it arrives,
 * to its canonical path (`canonicalUrl`), so the guards, the run route's fast path and the router
 * all read the same string: escapes of unreserved characters and `/` decoded (`%61` → `a`), runs of `/`
 * folded; a path left with `.` or `..` segments is refused by the first guard. What a path is (API, open API, upload, webhook, editor
 * file) is then decided by the functions below, without regard to case: a spelling the
 * case-sensitive router does not serve is still guarded as what it looks like (fail closed).
 */

/**
 * Escapes decoded before routing: RFC 3986's unreserved characters (their escapes mean the character
 * itself) and `/` (`%2F`), which Langflow's server (Starlette) decodes before routing too.
 */
const DECODED_ESCAPE = /%(?:4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]|3[0-9]|2[DEF]|5F|7E)/gi;

/** The canonical form of a request target (path plus query); the query is kept as sent. */
export function canonicalUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const canonical = canonicalPath(path);
  if (canonical === path) return url;
  return q < 0 ? canonical : canonical + url.slice(q);
}

/** The canonical form of a path; one that is already canonical is returned as it is. */
export function canonicalPath(path: string): string {
  if (!path.startsWith('/')) return path; // `*` (OPTIONS) or an absolute URL: left to the router's 404
  if (!needsWork(path)) return path;
  const decoded = path.replace(DECODED_ESCAPE, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
  return decoded.replace(/\/{2,}/g, '/');
}

/**
 * Whether a canonical path has `.` or `..` segments. Browsers and curl resolve them before sending,
 * so a path that still has them is refused (400) rather than resolved: resolving would turn an id
 * like `../../x` into another route, and a guard and a handler could disagree on which.
 */
export function hasDotSegment(path: string): boolean {
  return /\/\.\.?(?:\/|$)/.test(path);
}

/** A quick test that spares the common, already canonical path any work. */
function needsWork(path: string): boolean {
  return path.includes('//') || path.includes('%');
}

function lower(path: string): string {
  return path.toLowerCase();
}

/** Paths of the API and health checks, as opposed to the editor's page and files. */
export function isApiPath(path: string): boolean {
  const p = lower(path);
  return p.startsWith('/api/') || p === '/api' || p.startsWith('/health');
}

/** Paths under `/api/` (the ones keys and content types are checked on). */
export function isUnderApi(path: string): boolean {
  const p = lower(path);
  return p.startsWith('/api/') || p === '/api';
}

/** API paths that answer without a key: the session probe, sign-in and sign-out. */
const OPEN_API_PATHS = new Set(['/api/v1/session', '/api/v1/session/']);

/** Whether a path needs the key check: everything under `/api/` but the open session routes. */
export function needsCaller(path: string): boolean {
  return isUnderApi(path) && !OPEN_API_PATHS.has(lower(path));
}

/** Where a file is uploaded: flow and project import (and its old folders path), and Langflow's file endpoints (v1 per flow, v2). */
const UPLOAD_PATH = /^\/api\/(v1\/(flows|projects|folders)\/upload\/?|v1\/files\/upload\/[^/]+\/?|v2\/files\/?)$/i;
const WEBHOOK_PATH = /^\/api\/v1\/webhook\//i;

export function isUploadPath(path: string): boolean {
  return UPLOAD_PATH.test(path);
}

export function isWebhookPath(path: string): boolean {
  return WEBHOOK_PATH.test(path);
}
