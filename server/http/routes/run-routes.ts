/** `POST /api/v1/run/{flow}` (blocking and streamed) and `POST /api/v1/webhook/{flow}`. */
import type { Context } from 'koa';
import type Router from '@koa/router';
import { frameStreamEvent, type StreamEvent } from '../../../shared/api.js';
import { AppError, CancelledError, errorMessage } from '../../../shared/errors.js';
import { RunTracker, type RunScope, type RunSignal } from '../../services/run-tracker.js';
import type { AppDeps } from '../app-deps.js';
import { errorBody } from '../error-middleware.js';
import { decodeUtf8, readJsonBody, readRawBody } from '../read-body.js';
import { queryBool } from '../query.js';

/** Cancels the run when the client goes away before the response is complete. */
export function cancelWhenClientGone(ctx: Context, run: RunScope): void {
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) run.abort();
  });
}

/** A run stopped by the run timeout fails like a component would (500, Langflow's wording), not as a cancel. */
export function timeoutError(err: unknown, signal: RunSignal, deps: AppDeps): unknown {
  if (!(err instanceof CancelledError) || !RunTracker.timedOut(signal)) return err;
  const seconds = Math.round((deps.tracker.runTimeoutMs ?? 0) / 100) / 10;
  return new AppError('component_failed', `The run took longer than the server's run timeout (${seconds} s) and was stopped`);
}

/** Takes over the response for a stream of `contentType`; the returned function writes while the client listens. */
export function openStream(ctx: Context, contentType: string): (chunk: string) => void {
  ctx.respond = false;
  const res = ctx.res;
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  return (chunk) => {
    if (!res.writableEnded && !res.destroyed) res.write(chunk);
  };
}

/** What a failed streamed run tells its client: the error's detail, secrets masked; unexpected errors are logged. */
export function runErrorText(err: unknown, deps: AppDeps): string {
  if (!(err instanceof AppError)) deps.logger.error(`streamed run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return deps.security.redact(err instanceof AppError ? String(errorBody(err).detail) : errorMessage(err));
}

export function runRoutes(router: Router, deps: AppDeps): void {
  router.post('/api/v1/run/:flow', async (ctx) => {
    const stream = queryBool(ctx, 'stream', false);
    const body = await readJsonBody(ctx.req, deps.maxBodyBytes);
    const prepared = deps.runs.prepare(ctx.params.flow as string, body, { stream });
    const run = deps.tracker.begin();
    cancelWhenClientGone(ctx, run);
    const { signal } = run;
    if (!stream) {
      try {
        ctx.body = await run.track(prepared.execute({ signal }));
      } catch (err) {
        throw timeoutError(err, signal, deps);
      }
      return;
    }
    const write = openStream(ctx, 'text/event-stream; charset=utf-8');
    const send = (event: StreamEvent) => write(frameStreamEvent(event));
    try {
      const result = await run.track(prepared.execute({ signal, onStreamEvent: send }));
      send({ event: 'end', data: { result } });
    } catch (caught) {
      const err = timeoutError(caught, signal, deps);
      if (!signal.aborted || RunTracker.timedOut(signal)) send({ event: 'error', data: { error: runErrorText(err, deps) } });
    } finally {
      ctx.res.end();
    }
  });

  router.post('/api/v1/webhook/:flow', async (ctx) => {
    const raw = decodeUtf8(await readRawBody(ctx.req, deps.maxBodyBytes));
    deps.webhooks.trigger(ctx.params.flow as string, raw);
    ctx.status = 202;
    ctx.body = { message: 'Task started in the background', status: 'in progress' };
  });
}
