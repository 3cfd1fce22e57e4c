/**
 * One load cell: autocannon (programmatic API, in this process, which runs on the load core)
 * against one URL. Latencies are collected per response from autocannon's `response` event (its
 * own histogram keeps whole milliseconds only, too coarse below 1 ms) and summarised here.
 */
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { summarize, type LatencySummary } from './stats.js';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationSec?: number;
  /** Stop after this many requests instead of after a duration. */
  amount?: number;
  method?: 'GET' | 'POST';
  /** JSON body (POST). */
  body?: unknown;
  /** Seconds to wait for one response; default 10. */
  timeoutSec?: number;
}

export interface LoadResult {
  connections: number;
  /** Wall-clock seconds the load ran. */
  seconds: number;
  /** 2xx responses. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx responses per second. */
  rps: number;
  /** Latency of 2xx responses, ms. */
  latency: LatencySummary;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSec ?? 5 }),
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    ...(body === undefined ? {} : { body }),
    headers,
    timeout: options.timeoutSec ?? 10,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const t0 = performance.now();
  const result = await instance;
  const seconds = (performance.now() - t0) / 1000;
  const ok = result['2xx'];
  return {
    connections: options.connections,
    seconds,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rps: seconds > 0 ? ok / seconds : NaN,
    latency: summarize(latencies),
  };
}
