/** `POST /api/v1/run/{flow}` (blocking and streamed) and `POST /api/v1/webhook/{flow}`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Router from '@koa/router';
import { frameStreamEvent, type RunResponse, type StreamEvent } from '../../../shared/api.js';
import { AppError, CancelledError, errorMessage } from '../../../shared/errors.js';
import { RunTracker, type RunScope, type RunSignal } from '../../services/run-tracker.js';
import type { AppDeps } from '../app-deps.js';
import { errorBody } from '../error-middleware.js';
import { decodeUtf8, readJsonBody, readRawBody } from '../read-body.js';
import { queryBool } from '../query.js';

/** Cancels the run when the client goes away before the response is complete. */
export function cancelWhenClientGone(res: ServerResponse, run: RunScope): void {
  res.once('close', () => {
    if (!res.writableFinished) run.abort();
  });
}

/** A run stopped by the run timeout fails like a component would (500, Langflow's wording), not as a cancel. */
export function timeoutError(err: unknown, signal: RunSignal, deps: AppDeps): unknown {
  if (!(err instanceof CancelledError) || !RunTracker.timedOut(signal)) return err;
  const seconds = Math.round((deps.tracker.runTimeoutMs ?? 0) / 100) / 10;
  return new AppError('component_failed', `The run took longer than the server's run timeout (${seconds} s) and was stopped`);
}

/**
 * Starts a streamed answer of `contentType` (the caller's headers so far are kept); the returned
 * function writes while the client listens. Under Koa, set `ctx.respond = false` first.
 */
export function openStream(res: ServerResponse, contentType: string): (chunk: string) => void {
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  return (chunk) => {
    if (!res.writableEnded && !res.destroyed) res.write(chunk);
  };
}

/** What a failed streamed run tells its client: the error's detail, secrets masked; unexpected errors are logged. */
export function runErrorText(err: unknown, deps: AppDeps): string {
  if (!(err instanceof AppError)) deps.logger.error(`streamed run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return deps.security.redact(err instanceof AppError ? detailText(errorBody(err).detail, err.message) : errorMessage(err));
}

/** A `detail` as one line of text: itself when it is a string, else the error's message. */
function detailText(detail: unknown, message: string): string {
  return typeof detail === 'string' ? detail : message;
}

/**
 * Serves one run of `POST /api/v1/run/{flow}` on a bare request: the blocking answer's body is
 * returned for the caller to send; a streamed answer (`stream`) is written here and undefined is
 * returned. Errors before the run starts are thrown, to be answered with their status.
 */
export async function serveRun(req: IncomingMessage, res: ServerResponse, flowRef: string, stream: boolean, deps: AppDeps): Promise<RunResponse | undefined> {
  const body = await readJsonBody(req, deps.maxBodyBytes);
  const prepared = deps.runs.prepare(flowRef, body, { stream });
  const run = deps.tracker.begin();
  cancelWhenClientGone(res, run);
  const { signal } = run;
  if (!stream) {
    try {
      return await run.track(prepared.execute({ signal }));
    } catch (err) {
      throw timeoutError(err, signal, deps);
    }
  }
  const write = openStream(res, 'text/event-stream; charset=utf-8');
  const send = (event: StreamEvent) => write(frameStreamEvent(event));
  try {
    const result = await run.track(prepared.execute({ signal, onStreamEvent: send }));
    send({ event: 'end', data: { result } });
  } catch (caught) {
    const err = timeoutError(caught, signal, deps);
    if (!signal.aborted || RunTracker.timedOut(signal)) send({ event: 'error', data: { error: runErrorText(err, deps) } });
  } finally {
    res.end();
  }
  return undefined;
}

/** The run routes on the Koa router. `POST /api/v1/run/{flow}` usually takes the fast path (fast-run.ts) instead. */
export function runRoutes(router: Router, deps: AppDeps): void {
  router.post('/api/v1/run/:flow', async (ctx) => {
    const stream = queryBool(ctx, 'stream', false);
    if (stream) ctx.respond = false;
    try {
      const result = await serveRun(ctx.req, ctx.res, ctx.params.flow as string, stream, deps);
      if (result !== undefined) ctx.body = result;
    } catch (err) {
      // Failed before streaming began: Koa answers the error.
      ctx.respond = true;
      throw err;
    }
  });

  router.post('/api/v1/webhook/:flow', async (ctx) => {
    const raw = decodeUtf8(await readRawBody(ctx.req, deps.maxBodyBytes));
    deps.webhooks.trigger(ctx.params.flow as string, raw);
    ctx.status = 202;
    ctx.body = { message: 'Task started in the background', status: 'in progress' };
  });
}
