/** `POST /api/v1/run/{flow}` (blocking and streamed) and `POST /api/v1/webhook/{flow}`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Router from '@koa/router';
import { frameStreamEvent, type RunResponse, type StreamEvent } from '../../../shared/api.js';
import { AppError, ComponentError, errorMessage } from '../../../shared/errors.js';
import { langflowErrorMessageEvent } from '../../../shared/langflow-message.js';
import { messageTimestamp } from '../../../shared/message.js';
import type { StartedRun } from '../../services/run-lifecycle.js';
import type { AppDeps } from '../app-deps.js';
import { errorText } from '../error-middleware.js';
import { decodeUtf8, readJsonBody, readRawBody } from '../read-body.js';
import { queryBool } from '../query.js';
import { TurnGate } from '../turn-gate.js';

/**
 * Runs started per event-loop turn; more arriving together wait for the next turns (turn-gate.ts).
 * One gate per process: it is about the process's one event loop.
 */
export const RUNS_STARTED_PER_TURN = 16;
const startGate = new TurnGate(RUNS_STARTED_PER_TURN);

/** Cancels the run when the client goes away before the response is complete. */
export function cancelWhenClientGone(res: ServerResponse, run: Pick<StartedRun, 'abort'>): void {
  res.once('close', () => {
    if (!res.writableFinished) run.abort();
  });
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

/** What a failed streamed run tells its client: the error's detail as text, secrets masked; unexpected errors are logged. */
export function runErrorText(err: unknown, deps: AppDeps): string {
  if (!(err instanceof AppError)) deps.logger.error(`streamed run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return deps.security.redact(err instanceof AppError ? errorText(err) : errorMessage(err));
}

/**
 * Whether a run streams: `?stream=true`, or `"stream": true` in the body. Langflow reads only the
 * query, but its Python SDK's `stream()` sends the flag in the body; Flowdesk honours both.
 */
export function wantsStream(streamQuery: boolean, body: unknown): boolean {
  return streamQuery || (typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true);
}

/**
 * The stream events of a failed run, as Langflow 1.8 sends them: for a failed component, its error
 * message (a red message of category `error`), then `{"error": "<detail text>"}`.
 */
export function failureEvents(err: unknown, run: Pick<StartedRun, 'flowId' | 'sessionId'>, deps: AppDeps): StreamEvent[] {
  const events: StreamEvent[] = [];
  if (err instanceof ComponentError) {
    const original = err.cause;
    events.push({
      event: 'error',
      data: langflowErrorMessageEvent({
        id: crypto.randomUUID(),
        flowId: run.flowId,
        sessionId: run.sessionId,
        componentId: err.componentId,
        componentName: err.displayName,
        cause: deps.security.redact(err.causeMessage),
        errorType: original instanceof Error ? original.name : 'Error',
        timestamp: messageTimestamp(),
      }),
    });
  }
  events.push({ event: 'error', data: { error: runErrorText(err, deps) } });
  return events;
}

/**
 * Serves one run of `POST /api/v1/run/{flow}` on a bare request: the blocking answer's body is
 * returned for the caller to send; a streamed answer (`?stream=true` or `"stream": true` in the
 * body) is written here and undefined is returned, `beforeStream` being called just before its
 * head is written. Errors before the run starts are thrown, to be answered with their status.
 */
export async function serveRun(
  req: IncomingMessage,
  res: ServerResponse,
  flowRef: string,
  streamQuery: boolean,
  deps: AppDeps,
  beforeStream?: () => void,
): Promise<RunResponse | undefined> {
  const body = await readJsonBody(req, deps.maxBodyBytes);
  const stream = wantsStream(streamQuery, body);
  const run = await deps.runs.start(flowRef, body, { stream });
  cancelWhenClientGone(res, run);
  // Admitted (or refused) at once, in order; started at most RUNS_STARTED_PER_TURN a turn.
  const turn = startGate.wait();
  if (turn) await turn;
  if (!stream) return run.execute();
  beforeStream?.();
  const write = openStream(res, 'text/event-stream; charset=utf-8');
  const send = (event: StreamEvent) => write(frameStreamEvent(event));
  try {
    const result = await run.execute({ onStreamEvent: send });
    send({ event: 'end', data: { result } });
  } catch (err) {
    if (!run.cancelled) for (const event of failureEvents(err, run, deps)) send(event);
  } finally {
    res.end();
  }
  return undefined;
}

/** The run routes on the Koa router. `POST /api/v1/run/{flow}` usually takes the fast path (fast-run.ts) instead. */
export function runRoutes(router: Router, deps: AppDeps): void {
  router.post('/api/v1/run/:flow', async (ctx) => {
    const streamQuery = queryBool(ctx, 'stream', false);
    try {
      const result = await serveRun(ctx.req, ctx.res, ctx.params.flow as string, streamQuery, deps, () => {
        ctx.respond = false;
      });
      if (result !== undefined) ctx.body = result;
    } catch (err) {
      // Failed before streaming began: Koa answers the error.
      ctx.respond = true;
      throw err;
    }
  });

  router.post('/api/v1/webhook/:flow', async (ctx) => {
    const raw = decodeUtf8(await readRawBody(ctx.req, deps.maxBodyBytes));
    await deps.webhooks.trigger(ctx.params.flow as string, raw);
    ctx.status = 202;
    ctx.body = { message: 'Task started in the background', status: 'in progress' };
  });
}
