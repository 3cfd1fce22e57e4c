/**
 * Streaming relay cost: read the fake provider's stream directly, and the same stream through a
 * Flowdesk flow (ChatInput → OpenAIModel → ChatOutput, `?stream=true`). The provider runs in this
 * process, so its token write times and our arrival times share one clock (performance.now()).
 *
 * - time to first token: request sent → first token's text received.
 * - per-token latency: token i received − token i written by the provider. Flowdesk's added
 *   per-token delay is the difference of the medians (through Flowdesk − direct).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FakeOpenAI } from '../test/support/fake-openai.js';
import { BlockSplitter, chunkDelta, parseLangflowBlock, parseSseBlock, tokenChunk } from './sse.js';

export interface StreamSample {
  /** Request sent → first token, ms. */
  ttftMs: number;
  /** Request sent → the provider has read the completion request, ms (Flowdesk's work before the model call). */
  reachedMs: number;
  /** Per token: arrival − the provider's write, ms. */
  tokenLatencies: number[];
  /** Gaps between consecutive token arrivals, ms. */
  gaps: number[];
  tokens: number;
  text: string;
}

const TOKEN = /w(\d+) /g;

/** POSTs `body` and hands every received text chunk to `onText` with its arrival time. */
function postStream(url: string, body: unknown, onText: (text: string, at: number) => void): Promise<{ status: number; sentAt: number }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => onText(chunk, performance.now()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sentAt }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setNoDelay(true);
    const sentAt = performance.now();
    req.end(payload);
  });
}

/** Token indexes (`w<i> `) found in a piece of text. */
export function tokenIndexes(text: string): number[] {
  return [...text.matchAll(TOKEN)].map((m) => Number(m[1]));
}

function sample(sentAt: number, arrivals: Map<number, number>, provider: FakeOpenAI, text: string): StreamSample {
  const emitted = provider.lastStream?.emittedAt ?? [];
  const order = [...arrivals.entries()].sort((a, b) => a[0] - b[0]);
  const tokenLatencies: number[] = [];
  const gaps: number[] = [];
  let prev = NaN;
  for (const [i, at] of order) {
    const writtenAt = emitted[i];
    if (writtenAt !== undefined) tokenLatencies.push(at - writtenAt);
    if (Number.isFinite(prev)) gaps.push(at - prev);
    prev = at;
  }
  const first = order.length ? Math.min(...order.map(([, at]) => at)) : NaN;
  return { ttftMs: first - sentAt, reachedMs: (provider.lastStream?.receivedAt ?? NaN) - sentAt, tokenLatencies, gaps, tokens: order.length, text };
}

/** Reads the provider's stream directly (what a client calling OpenAI itself sees). */
export async function streamDirect(provider: FakeOpenAI): Promise<StreamSample> {
  const split = new BlockSplitter();
  const arrivals = new Map<number, number>();
  let text = '';
  const onBlocks = (blocks: string[], at: number) => {
    for (const block of blocks) {
      const item = parseSseBlock(block);
      if (item?.kind !== 'data') continue;
      const delta = chunkDelta(item.json);
      text += delta;
      for (const i of tokenIndexes(delta)) if (!arrivals.has(i)) arrivals.set(i, at);
    }
  };
  const body = { model: 'fake-gpt', stream: true, messages: [{ role: 'user', content: 'hello' }] };
  const { status, sentAt } = await postStream(`${provider.baseURL}/chat/completions`, body, (chunk, at) => onBlocks(split.push(chunk), at));
  onBlocks(split.end(), performance.now());
  if (status !== 200) throw new Error(`fake provider answered ${status}`);
  return sample(sentAt, arrivals, provider, text);
}

/** Reads the same stream through a Flowdesk flow run with `?stream=true`. */
export async function streamThroughFlowdesk(baseUrl: string, flowId: string, provider: FakeOpenAI): Promise<StreamSample> {
  const split = new BlockSplitter();
  const arrivals = new Map<number, number>();
  let text = '';
  let error: unknown;
  let ended = false;
  const onBlocks = (blocks: string[], at: number) => {
    for (const block of blocks) {
      const event = parseLangflowBlock(block);
      if (event.event === 'token') {
        const chunk = tokenChunk(event.data);
        text += chunk;
        for (const i of tokenIndexes(chunk)) if (!arrivals.has(i)) arrivals.set(i, at);
      } else if (event.event === 'error') error = event.data;
      else if (event.event === 'end') ended = true;
    }
  };
  const { status, sentAt } = await postStream(`${baseUrl}/api/v1/run/${flowId}?stream=true`, { input_value: 'hello' }, (chunk, at) => onBlocks(split.push(chunk), at));
  onBlocks(split.end(), performance.now());
  if (status !== 200) throw new Error(`Flowdesk stream answered ${status}`);
  if (error !== undefined) throw new Error(`Flowdesk stream failed: ${JSON.stringify(error)}`);
  if (!ended) throw new Error('Flowdesk stream ended without an end event');
  return sample(sentAt, arrivals, provider, text);
}
