/**
 * Outgoing HTTP for components (`ctx.http`): fetch with a default timeout, Flowdesk's user agent
 * unless the request sets one, errors that name the URL and the cause, and the outbound rule:
 * http and https only, and connections checked by the outbound policy (outbound-policy.ts).
 */
import { OutboundRefusedError, outboundRefusal } from '../engine/capabilities.js';
import type { HttpAccess } from '../engine/define-component.js';
import { createOutboundDispatchers, type OutboundDispatchers } from './outbound-dispatcher.js';
import { createOutboundPolicy } from './outbound-policy.js';

export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

export interface HttpAccessOptions {
  timeoutMs?: number;
  userAgent?: string;
  /** Where connections may go; default: anywhere but the server's own address (none known). */
  outbound?: OutboundDispatchers;
}

export function createHttpAccess(options: HttpAccessOptions = {}): HttpAccess {
  const defaultTimeout = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const userAgent = options.userAgent ?? 'Flowdesk';
  const outbound = options.outbound ?? createOutboundDispatchers(createOutboundPolicy());
  return async (url, init = {}) => {
    const { timeoutMs, ...rest } = init;
    const target = httpUrl(url);
    const timeout = AbortSignal.timeout(timeoutMs && timeoutMs > 0 ? timeoutMs : defaultTimeout);
    const headers = new Headers(rest.headers);
    if (!headers.has('user-agent')) headers.set('user-agent', userAgent);
    try {
      return await fetch(target, {
        ...rest,
        headers,
        signal: rest.signal ? AbortSignal.any([rest.signal, timeout]) : timeout,
        // undici's Agent (the package) and Node's bundled fetch share the Dispatcher interface.
        dispatcher: outbound.current() as unknown as NonNullable<RequestInit['dispatcher']>,
      } as RequestInit);
    } catch (error) {
      const refusal = outboundRefusal(error);
      if (refusal) throw new OutboundRefusedError(refusal.reason, String(url));
      if (timeout.aborted && !rest.signal?.aborted) throw new Error(`Request to ${String(url)} timed out after ${Math.round((timeoutMs || defaultTimeout) / 1000)} s`, { cause: error });
      if (rest.signal?.aborted) throw error;
      throw new Error(`Could not reach ${String(url)}: ${rootCause(error)}`, { cause: error });
    }
  };
}

/** The URL as a URL, refused unless it is http or https (fetch would read `data:` and `blob:` URLs itself). */
function httpUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Invalid URL: ${String(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new OutboundRefusedError(`only http and https URLs can be fetched, not ${parsed.protocol}`, String(url));
  }
  return parsed;
}

function rootCause(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
