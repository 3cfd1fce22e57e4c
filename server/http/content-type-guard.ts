/**
 * State-changing API requests that carry a body must say `Content-Type: application/json`: the
 * types a cross-site HTML form or a "simple" fetch can send (form-encoded, multipart, text/plain)
 * are refused with 415. Exceptions: uploads (flow import, files) also take multipart/form-data, and the
 * webhook takes any body, as Langflow's does (services post JSON, form data or text); browsers
 * cannot reach it from another site anyway, since every such request carries a foreign Origin.
 */
import type { Context, Next } from 'koa';
import { AppError } from '../../shared/errors.js';
import type { RequestView } from './request-view.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Where a file is uploaded: flow import, and Langflow's file endpoints (v1 per flow, v2). */
const UPLOAD_PATH = /^\/api\/(v1\/flows\/upload\/?|v1\/files\/upload\/[^/]+\/?|v2\/files\/?)$/;
const WEBHOOK_PATH = /^\/api\/v1\/webhook\//;

function hasBody(request: Pick<RequestView, 'headers'>): boolean {
  const length = request.headers['content-length'];
  if (request.headers['transfer-encoding'] !== undefined) return true;
  return length !== undefined && length.trim() !== '0';
}

/** The refusal (415) for a state-changing API request whose body is not of an accepted type, if it is one. */
export function contentTypeRefusal(request: RequestView): AppError | undefined {
  if (!STATE_CHANGING.has(request.method) || !request.path.startsWith('/api/') || !hasBody(request) || WEBHOOK_PATH.test(request.path)) return undefined;
  // The media type as Koa's `request.type` gives it: the header up to its first `;`.
  const type = (request.get('content-type').split(';')[0] as string).toLowerCase();
  const allowed = type === 'application/json' || (type === 'multipart/form-data' && UPLOAD_PATH.test(request.path));
  if (allowed) return undefined;
  const shown = type === '' ? 'none' : `'${type.slice(0, 100)}'`;
  return new AppError('unsupported_media_type', `Unsupported Content-Type ${shown}: send the body as JSON with Content-Type: application/json`);
}

export function contentTypeGuard() {
  return async function checkContentType(ctx: Context, next: Next): Promise<void> {
    const refused = contentTypeRefusal(ctx);
    if (refused) throw refused;
    await next();
  };
}
