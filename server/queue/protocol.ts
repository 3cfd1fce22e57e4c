/**
 * What servers and workers say to each other through Redis: the queue's name and keys, a job's
 * data, the replies a worker sends to the server that holds the request, and errors as data.
 *
 * Replies go to one Redis stream per server (`<prefix>:reply:<server id>`), written by workers with
 * XADD and read by the server from the start: a stream keeps what was written before anyone reads,
 * so no event can be lost the way a pub/sub message published before the subscription would be.
 * The server trims what it has read. Cancels go the other way on one pub/sub channel.
 */
import type { RunResponse, StreamEvent } from '../../shared/api.js';
import { AppError, CancelledError, ComponentError, TooManyRequestsError, type ErrorCode } from '../../shared/errors.js';
import type { RunEvent } from '../../shared/run-events.js';
import type { PrepareOptions } from '../services/run-service-types.js';

export const QUEUE_NAME = 'runs';

/** The Redis key prefix: `FLOWDESK_QUEUE_PREFIX`, default `flowdesk` (several deployments, or tests, on one Redis). */
export function queuePrefix(env: Record<string, string | undefined>): string {
  const raw = env.FLOWDESK_QUEUE_PREFIX?.trim();
  return raw ? raw : 'flowdesk';
}

export const keys = {
  reply: (prefix: string, serverId: string) => `${prefix}:reply:${serverId}`,
  cancel: (prefix: string) => `${prefix}:cancel`,
  running: (prefix: string) => `${prefix}:running`,
  messages: (prefix: string, jobId: string) => `${prefix}:run:${jobId}:messages`,
};

/** One queued run. */
export interface RunJob {
  /** The flow's id (the server resolved endpoint names). */
  flowId: string;
  body: unknown;
  options: PrepareOptions;
  /** The server that holds the request: its reply stream. */
  replyTo: string;
  /** Which events the caller listens to: Langflow's stream events, the engine's run events. */
  listen: { stream: boolean; run: boolean };
  /** Epoch milliseconds after which the server has given up (the run timeout). */
  deadline: number;
}

/** A worker's reply about one job. */
export type Reply =
  | { t: 'stream'; event: StreamEvent }
  | { t: 'run'; event: RunEvent }
  | { t: 'end'; result: RunResponse }
  | { t: 'error'; error: ErrorData };

export interface ErrorData {
  message: string;
  code?: ErrorCode;
  detail?: unknown;
  extra?: Record<string, unknown>;
  component?: { id: string; name: string; cause: string; causeName: string };
  retryAfter?: number;
}

export function errorToData(err: unknown): ErrorData {
  if (err instanceof ComponentError) {
    const cause = err.cause;
    return { message: err.message, code: err.code, component: { id: err.componentId, name: err.displayName, cause: err.causeMessage, causeName: cause instanceof Error ? cause.name : 'Error' } };
  }
  if (err instanceof TooManyRequestsError) return { message: err.message, code: err.code, retryAfter: err.retryAfterSeconds };
  if (err instanceof AppError) return { message: err.message, code: err.code, detail: err.detail, extra: err.extra };
  return { message: err instanceof Error ? err.message : String(err) };
}

/** The error a worker reported, as the class the server's callers know (same status, same body). */
export function errorFromData(data: ErrorData): Error {
  if (data.component) {
    const cause = new Error(data.component.cause);
    cause.name = data.component.causeName;
    return new ComponentError(data.component.id, data.component.name, data.component.cause, cause);
  }
  if (data.code === 'cancelled') return new CancelledError(data.message);
  if (data.code === 'too_many_requests') return new TooManyRequestsError(data.message, data.retryAfter ?? 2);
  if (data.code) {
    const detail = data.detail;
    return new AppError(data.code, data.message, {
      ...(Array.isArray(detail) || (typeof detail === 'object' && detail !== null) ? { detail: detail as Record<string, unknown> } : {}),
      ...(data.extra ? { extra: data.extra } : {}),
    });
  }
  return new Error(data.message);
}
