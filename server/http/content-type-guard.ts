/**
 * State-changing API requests that carry a body must say `Content-Type: application/json`: the
 * types a cross-site HTML form or a "simple" fetch can send (form-encoded, multipart, text/plain)
 * are refused with 415. Exceptions: uploads (flow import, files) also take multipart/form-data, and the
 * webhook takes any body, as Langflow's does (services post JSON, form data or text); browsers
 * cannot reach it from another site anyway, since every such request carries a foreign Origin.
 */
import type { Context, Next } from 'koa';
import { AppError } from '../../shared/errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Where a file is uploaded: flow import, and Langflow's file endpoints (v1 per flow, v2). */
const UPLOAD_PATH = /^\/api\/(v1\/flows\/upload\/?|v1\/files\/upload\/[^/]+\/?|v2\/files\/?)$/;
const WEBHOOK_PATH = /^\/api\/v1\/webhook\//;

function hasBody(ctx: Context): boolean {
  const length = ctx.req.headers['content-length'];
  if (ctx.req.headers['transfer-encoding'] !== undefined) return true;
  return length !== undefined && length.trim() !== '0';
}

export function contentTypeGuard() {
  return async function checkContentType(ctx: Context, next: Next): Promise<void> {
    if (STATE_CHANGING.has(ctx.method) && ctx.path.startsWith('/api/') && hasBody(ctx) && !WEBHOOK_PATH.test(ctx.path)) {
      const type = ctx.request.type.toLowerCase();
      const allowed = type === 'application/json' || (type === 'multipart/form-data' && UPLOAD_PATH.test(ctx.path));
      if (!allowed) {
        const shown = type === '' ? 'none' : `'${type.slice(0, 100)}'`;
        throw new AppError('unsupported_media_type', `Unsupported Content-Type ${shown}: send the body as JSON with Content-Type: application/json`);
      }
    }
    await next();
  };
}
