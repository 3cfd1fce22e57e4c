/** Asking a Flowdesk server whether it is up: `GET /health` answering 200. */
import http from 'node:http';

/** The URL to connect to for a server URL: a wildcard listen address is reached on loopback. */
export function connectableUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.origin;
}

/** True when `GET <url>/health` answers 200 within `timeoutMs`; never throws. */
export function probeHealth(serverUrl: string, timeoutMs = 1_500): Promise<boolean> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL('/health', connectableUrl(serverUrl));
    } catch {
      resolve(false);
      return;
    }
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve(false));
  });
}

export interface WaitForHealthOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Stops waiting early (the server process exited): resolves false. */
  signal?: AbortSignal;
}

/** Polls `/health` until it answers 200 (true), the deadline passes or the signal aborts (false). */
export async function waitForHealth(serverUrl: string, options: WaitForHealthOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 100;
  for (;;) {
    if (options.signal?.aborted) return false;
    if (await probeHealth(serverUrl, Math.max(100, Math.min(2_000, deadline - Date.now())))) return true;
    if (options.signal?.aborted || Date.now() + intervalMs >= deadline) return false;
    await delay(intervalMs, options.signal);
  }
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
