/**
 * Outgoing HTTP for components (`ctx.http`): fetch with a default timeout, Flowdesk's user agent
 * unless the request sets one, and errors that name the URL and the cause.
 */
import type { HttpAccess } from '../engine/define-component.js';

export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

export function createHttpAccess(options: { timeoutMs?: number; userAgent?: string } = {}): HttpAccess {
  const defaultTimeout = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const userAgent = options.userAgent ?? 'Flowdesk';
  return async (url, init = {}) => {
    const { timeoutMs, ...rest } = init;
    const timeout = AbortSignal.timeout(timeoutMs && timeoutMs > 0 ? timeoutMs : defaultTimeout);
    const headers = new Headers(rest.headers);
    if (!headers.has('user-agent')) headers.set('user-agent', userAgent);
    try {
      return await fetch(url, { ...rest, headers, signal: rest.signal ? AbortSignal.any([rest.signal, timeout]) : timeout });
    } catch (error) {
      if (timeout.aborted && !rest.signal?.aborted) throw new Error(`Request to ${String(url)} timed out after ${Math.round((timeoutMs || defaultTimeout) / 1000)} s`, { cause: error });
      if (rest.signal?.aborted) throw error;
      throw new Error(`Could not reach ${String(url)}: ${rootCause(error)}`, { cause: error });
    }
  };
}

function rootCause(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
