/**
 * A local fake of an OpenAI-compatible chat completions API, for measuring what Flowdesk adds when
 * it relays a model's stream. `POST /v1/chat/completions` with `"stream": true` answers Server-Sent
 * Events, one `data: {chat.completion.chunk}` per token and `data: [DONE]`, a token every
 * `delayMs`; without it, one `chat.completion`. Token i is the text `w<i> `, so a reader can tell
 * which token it holds. The time each token was written is kept (performance.now() of this
 * process) for the latest streamed request, so a reader in the same process can compute per-token
 * latency without comparing clocks across processes.
 *
 * In-process: `const p = await startFakeProvider({ tokens: 300, delayMs: 2 })`.
 * Standalone: `node --import tsx bench/fake-provider.ts --port 0 --tokens 300 --delay-ms 2`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface FakeProviderOptions {
  host?: string;
  port?: number;
  /** Tokens per streamed answer; default 300. */
  tokens?: number;
  /** Pause between two tokens, ms; default 2. 0 writes them all at once. */
  delayMs?: number;
}

export interface StreamRecord {
  /** performance.now() when the request's body had been read. */
  receivedAt: number;
  /** performance.now() right after token i was written to the socket. */
  emittedAt: number[];
  /** The request body as parsed. */
  body: unknown;
}

export interface FakeProvider {
  url: string;
  /** The base URL an OpenAI client wants: `<url>/v1`. */
  baseURL: string;
  options: Required<Pick<FakeProviderOptions, 'tokens' | 'delayMs'>>;
  /** The latest streamed request (undefined before the first). */
  last: StreamRecord | undefined;
  /** Number of completion requests served. */
  requests: number;
  close(): Promise<void>;
}

export const MODEL = 'fake-gpt';

export function tokenText(i: number): string {
  return `w${i} `;
}

/** The whole answer of `n` tokens (what a non-streamed request returns). */
export function answerText(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += tokenText(i);
  return s;
}

export function chunkLine(id: string, created: number, delta: Record<string, unknown>, finish: string | null): string {
  const chunk = { id, object: 'chat.completion.chunk', created, model: MODEL, system_fingerprint: null, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}


export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const state: FakeProvider = {
    url: '',
    baseURL: '',
    options: { tokens: options.tokens ?? 300, delayMs: options.delayMs ?? 2 },
    last: undefined,
    requests: 0,
    close: async () => undefined,
  };
  let serial = 0;

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err), type: 'server_error' } }));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'bench' }] }));
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } }));
      return;
    }
    const raw = await readBody(req);
    const receivedAt = performance.now();
    let body: { stream?: unknown };
    try {
      body = JSON.parse(raw) as { stream?: unknown };
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'body is not JSON', type: 'invalid_request_error' } }));
      return;
    }
    state.requests++;
    const id = `chatcmpl-bench-${++serial}`;
    const created = Math.floor(Date.now() / 1000);
    const { tokens, delayMs } = state.options;
    if (body.stream !== true) {
      const text = answerText(tokens);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model: MODEL,
          choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1, completion_tokens: tokens, total_tokens: tokens + 1 },
        }),
      );
      return;
    }
    const record: StreamRecord = { receivedAt, emittedAt: [], body };
    state.last = record;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    res.write(chunkLine(id, created, { role: 'assistant', content: '' }, null));
    for (let i = 0; i < tokens; i++) {
      if (delayMs > 0 && i > 0) await sleep(delayMs);
      if (res.destroyed) return;
      res.write(chunkLine(id, created, { content: tokenText(i) }, null));
      record.emittedAt.push(performance.now());
    }
    res.write(chunkLine(id, created, {}, 'stop'));
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  state.url = `http://${address.address}:${address.port}`;
  state.baseURL = `${state.url}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      tokens: { type: 'string', default: '300' },
      'delay-ms': { type: 'string', default: '2' },
    },
  });
  const provider = await startFakeProvider({ host: values.host, port: Number(values.port), tokens: Number(values.tokens), delayMs: Number(values['delay-ms']) });
  process.stdout.write(`Fake provider listening on ${provider.url} (OpenAI base URL ${provider.baseURL})\n`);
  const stop = () => void provider.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
