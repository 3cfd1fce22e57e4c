/**
 * Many slow conversations at once: `count` streamed runs (`POST …?stream=true`) opened either all
 * at once (one synchronous loop) or spread evenly over `spreadMs`, each read to its end. Per
 * conversation: time to first token (request sent → first `token` event read), time to the end,
 * and whether it ended well (status 200, an `end` event, the provider's whole text, no `error`).
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { BlockSplitter, parseLangflowBlock, tokenChunk } from './sse.js';
import type { ServerProcess } from './procs.js';

export interface Conversation {
  ok: boolean;
  error?: string;
  ttftMs: number;
  totalMs: number;
}

export interface CrowdOptions {
  url: string;
  count: number;
  /** 0: all at once; else opened evenly over this many ms. */
  spreadMs: number;
  body: (i: number) => unknown;
  expectedText: string;
  /** Per conversation, ms (default 120 s). */
  timeoutMs?: number;
}

/** One streamed conversation, read to its end. Never rejects: failures are in the result. */
export function converse(url: string, body: unknown, expectedText: string, timeoutMs = 120_000): Promise<Conversation> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const split = new BlockSplitter();
    let text = '';
    let first = NaN;
    let ended = false;
    let failure: string | undefined;
    let settled = false;
    const sentAt = performance.now();
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      const totalMs = performance.now() - sentAt;
      const why = error ?? failure ?? (!ended ? 'no end event' : text !== expectedText ? `text differs (${text.length} vs ${expectedText.length} chars)` : undefined);
      resolve({ ok: why === undefined, ...(why === undefined ? {} : { error: why }), ttftMs: first - sentAt, totalMs });
    };
    const onBlocks = (blocks: string[]) => {
      for (const block of blocks) {
        let event;
        try {
          event = parseLangflowBlock(block);
        } catch (err) {
          failure ??= String(err);
          continue;
        }
        if (event.event === 'token') {
          if (Number.isNaN(first)) first = performance.now();
          text += tokenChunk(event.data);
        } else if (event.event === 'error') failure ??= `error event: ${JSON.stringify(event.data).slice(0, 200)}`;
        else if (event.event === 'end') ended = true;
      }
    };
    const req = http.request(url, { method: 'POST', agent: false, timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      if (res.statusCode !== 200) failure = `status ${res.statusCode}`;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => onBlocks(split.push(chunk)));
      res.on('end', () => {
        onBlocks(split.end());
        finish();
      });
      res.on('error', (err) => finish(err.message));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => finish(err.message));
    req.end(payload);
  });
}

/** Opens the conversations as asked and waits for all of them. */
export async function crowd(options: CrowdOptions): Promise<Conversation[]> {
  const pending: Promise<Conversation>[] = [];
  if (options.spreadMs <= 0) {
    for (let i = 0; i < options.count; i++) pending.push(converse(options.url, options.body(i), options.expectedText, options.timeoutMs));
  } else {
    const t0 = performance.now();
    for (let i = 0; i < options.count; i++) {
      const due = t0 + (i * options.spreadMs) / options.count;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
      pending.push(converse(options.url, options.body(i), options.expectedText, options.timeoutMs));
    }
  }
  return Promise.all(pending);
}

export interface LoopReport {
  /** Longest event-loop stall (timer drift beyond its 5 ms interval), ms. */
  maxStallMs: number;
  /** When the longest stall ended: process.hrtime in µs (a --cpu-prof profile's clock). */
  maxStallEndUs: number;
  p99DelayMs: number;
  maxDelayMs: number;
  samples: number;
}

/** Asks a server started with `--import bench/loop-probe.mjs` for its report (SIGUSR2) and resets it. */
export async function readLoopProbe(server: ServerProcess, timeoutMs = 30_000): Promise<LoopReport> {
  const count = () => server.stderr().split('\n').filter((l) => l.startsWith('loop-probe ')).length;
  const before = count();
  server.child.kill('SIGUSR2');
  const t0 = performance.now();
  while (count() === before) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`${server.name} did not answer the loop probe (started without bench/loop-probe.mjs?)`);
    await sleep(5);
  }
  const lines = server.stderr().split('\n').filter((l) => l.startsWith('loop-probe '));
  return JSON.parse((lines[lines.length - 1] as string).slice('loop-probe '.length)) as LoopReport;
}
