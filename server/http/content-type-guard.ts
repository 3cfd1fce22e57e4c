/**
 * State-changing API requests that carry a body must say `Content-Type: application/json`: the
 * types a cross-site HTML form or a "simple" fetch can send (form-encoded, multipart, text/plain)
 * are refused with 415. Exceptions: uploads (flow import, files) also take multipart/form-data, and the
 * webhook takes any body, as Langflow's does (services post JSON, form data or text); browsers
 * cannot reach it from another site anyway, since every such request carries a foreign Origin.
 */
import { AppError } from '../../shared/errors.js';
import { isUnderApi, isUploadPath, isWebhookPath } from './request-path.js';
import type { RequestView } from './request-view.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(request: Pick<RequestView, 'headers'>): boolean {
  const length = request.headers['content-length'];
  if (request.headers['transfer-encoding'] !== undefined) return true;
  return length !== undefined && length.trim() !== '0';
}

/** The refusal (415) for a state-changing API request whose body is not of an accepted type, if it is one. */
export function contentTypeRefusal(request: RequestView): AppError | undefined {
  if (!STATE_CHANGING.has(request.method) || !isUnderApi(request.path) || !hasBody(request) || isWebhookPath(request.path)) return undefined;
  // The media type as Koa's `request.type` gives it: the header up to its first `;`.
  const type = (request.get('content-type').split(';')[0] as string).toLowerCase();
  const allowed = type === 'application/json' || (type === 'multipart/form-data' && isUploadPath(request.path));
  if (allowed) return undefined;
  const shown = type === '' ? 'none' : `'${type.slice(0, 100)}'`;
  return new AppError('unsupported_media_type', `Unsupported Content-Type ${shown}: send the body as JSON with Content-Type: application/json`);
}
