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
  component_failed: 500,
  unauthorized: 401,
  forbidden: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  cancelled: 499,
  storage: 500,
};

export function statusOf(err: AppError): number {
  return STATUS[err.code];
}

/** The JSON body for an error: Langflow's `detail`, plus the error's extra fields. */
export function errorBody(err: AppError): Record<string, unknown> {
  if (err.code === 'component_failed') return { detail: `Error running graph: ${err.message}`, ...err.extra };
  return { detail: err.detail, ...err.extra };
}

/** Masks secrets in a `detail` string (a provider error may echo the key it was sent). */
function redactBody(body: Record<string, unknown>, redact: (text: string) => string): Record<string, unknown> {
  return typeof body.detail === 'string' ? { ...body, detail: redact(body.detail) } : body;
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
      if (err instanceof AppError) {
        ctx.status = statusOf(err);
        ctx.body = redactBody(errorBody(err), redact);
        if (err.code === 'payload_too_large') ctx.set('Connection', 'close');
        if (err.code === 'too_many_requests' && 'retryAfterSeconds' in err) ctx.set('Retry-After', String(err.retryAfterSeconds));
        if (err.code === 'storage' || err.code === 'component_failed') logger.error(`${ctx.method} ${ctx.path}: ${err.message}`);
        return;
      }
      const status = httpStatusOf(err);
      if (status !== undefined && status < 500) {
        ctx.status = status;
        ctx.body = { detail: redact((err as Error).message || 'Bad Request') };
        return;
      }
      logger.error(`${ctx.method} ${ctx.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      ctx.status = 500;
      ctx.body = { detail: 'Internal Server Error' };
    }
  };
}

/** Status of errors thrown by Koa itself or its middleware (`http-errors`). */
function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { status?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}
