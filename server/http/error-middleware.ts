/** The one place where errors become HTTP statuses and `{"detail": …}` bodies. */
import type { Context, Next } from 'koa';
import { AppError, type ErrorCode } from '../../shared/errors.js';
import type { Logger } from '../logger.js';

const STATUS: Record<ErrorCode, number> = {
  not_found: 404,
  validation: 422,
  bad_request: 400,
  conflict: 409,
  invalid_flow: 400,
  tweak_refused: 422,
  component_failed: 500,
  unauthorized: 401,
  forbidden: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  cancelled: 499,
  storage: 500,
  unavailable: 503,
};

export function statusOf(err: AppError): number {
  return STATUS[err.code];
}

/** An error's `detail` as text: for a failed component, Langflow's `Error running graph: …`. */
export function errorText(err: AppError): string {
  if (err.code === 'component_failed') return `Error running graph: ${err.message}`;
  return typeof err.detail === 'string' ? err.detail : err.message;
}

/**
 * The JSON body for an error: Langflow's `detail`, plus the error's extra fields. A failed run
 * answers as Langflow 1.8's APIException does: `{"detail": "<ExceptionBody as JSON text>"}`, the
 * text holding `message`, `traceback`, `description`, `code` and `suggestion` (its SDK parses it),
 * and nothing beside `detail`. `redact` masks secrets in the text before it is encoded.
 */
export function errorBody(err: AppError, redact: (text: string) => string = (text) => text): Record<string, unknown> {
  if (err.code === 'component_failed') {
    return { detail: JSON.stringify({ message: redact(errorText(err)), traceback: null, description: null, code: null, suggestion: null }) };
  }
  return redactBody({ detail: err.detail, ...err.extra }, redact);
}

/** Masks secrets in a `detail` string (a provider error may echo the key it was sent). */
function redactBody(body: Record<string, unknown>, redact: (text: string) => string): Record<string, unknown> {
  return typeof body.detail === 'string' ? { ...body, detail: redact(body.detail) } : body;
}

/** What an error answers: its status, `{"detail": …}` body and extra headers. */
export interface ErrorAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** The answer for an error thrown while serving `method path`; server faults are logged, client mistakes are not. */
export function errorAnswer(err: unknown, logger: Logger, redact: (text: string) => string, method: string, path: string): ErrorAnswer {
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    if (err.code === 'payload_too_large') headers.Connection = 'close';
    if (err.code === 'too_many_requests' && 'retryAfterSeconds' in err) headers['Retry-After'] = String(err.retryAfterSeconds);
    if (err.code === 'storage' || err.code === 'component_failed') logger.error(`${method} ${path}: ${err.message}`);
    return { status: statusOf(err), body: errorBody(err, redact), headers };
  }
  const status = httpStatusOf(err);
  if (status !== undefined && status < 500) return { status, body: { detail: redact((err as Error).message || 'Bad Request') }, headers: {} };
  logger.error(`${method} ${path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { status: 500, body: { detail: 'Internal Server Error' }, headers: {} };
}

export function errorMiddleware(logger: Logger, redact: (text: string) => string = (text) => text) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.respond !== false) {
        ctx.status = 404;
        ctx.body = { detail: 'Not Found' };
      }
    } catch (err) {
      if (ctx.headerSent || !ctx.writable) {
        logger.warn(`${ctx.method} ${ctx.path}: ${String(err)} (after the response started)`);
        return;
      }
      ctx.remove('Content-Disposition');
      const answer = errorAnswer(err, logger, redact, ctx.method, ctx.path);
      ctx.status = answer.status;
      ctx.body = answer.body;
      for (const name in answer.headers) ctx.set(name, answer.headers[name] as string);
    }
  };
}

/** Status of errors thrown by Koa itself or its middleware (`http-errors`). */
function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { status?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}
