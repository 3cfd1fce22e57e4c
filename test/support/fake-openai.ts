/**
 * A local stand-in for OpenAI's chat-completions API, speaking the real wire protocol: JSON
 * answers, `text/event-stream` chunks ending with `data: [DONE]`, and OpenAI's error bodies.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOpenAIOptions {
  /** The answer's text. Default: "Hello from the fake model". */
  reply?: string;
  /** How a streamed answer is cut. Default: the reply, word by word. */
  chunks?: string[];
  /** Pause before each streamed chunk after the first. */
  chunkDelayMs?: number;
  /** Streamed answers send this many chunks, then wait for `release()` before the rest. */
  holdAfterChunks?: number;
  /** Answer every request with this HTTP error and OpenAI's error body. */
  error?: { status: number; message: string; type?: string; code?: string | null };
  /** Decides each (non-streamed) answer from the request: text and/or tool calls. Overrides `reply`. */
  respond?: (body: Record<string, unknown>) => FakeTurn;
}

/** One scripted model turn: a text answer, or tool calls the client is asked to make. */
export interface FakeTurn {
  text?: string;
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
}

export interface FakeOpenAIRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeOpenAI {
  /** Base URL to give the client, ending in `/v1`. */
  readonly baseURL: string;
  readonly requests: FakeOpenAIRequest[];
  /** How many requests the client abandoned before the answer was complete. */
  readonly abortedCount: number;
  /** How many answers were sent completely. */
  readonly completedCount: number;
  /** Resolves when the next request is abandoned by the client. */
  nextAbort(): Promise<void>;
  /** Lets held streams (`holdAfterChunks`) finish. */
  release(): void;
  close(): Promise<void>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const reply = options.reply ?? 'Hello from the fake model';
  const chunks = options.chunks ?? reply.split(/(?<= )/);
  const requests: FakeOpenAIRequest[] = [];
  let abortedCount = 0;
  let completedCount = 0;
  let abortWaiters: (() => void)[] = [];
  let releaseHold!: () => void;
  const held = new Promise<void>((resolve) => (releaseHold = resolve));
  let sequence = 0;

  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const part of req) raw += String(part);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    res.on('close', () => {
      if (res.writableFinished) return;
      abortedCount++;
      for (const wake of abortWaiters) wake();
      abortWaiters = [];
    });

    if (options.error) {
      const { status, message, type = 'invalid_request_error', code = null } = options.error;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, type, param: null, code } }));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `Unknown path ${req.url}`, type: 'invalid_request_error', param: null, code: null } }));
      return;
    }
    const id = `chatcmpl-fake${++sequence}`;
    const model = typeof body.model === 'string' ? body.model : 'gpt-4o-mini';
    const created = Math.floor(Date.now() / 1000);

    if (body.stream !== true) {
      const turn = options.respond?.(body) ?? { text: reply };
      const toolCalls = (turn.toolCalls ?? []).map((call, i) => ({
        id: `call_fake${sequence}_${i}`,
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(call.arguments) },
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model,
          system_fingerprint: 'fp_fake',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: turn.text ?? null, refusal: null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
              logprobs: null,
              finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
            },
          ],
          usage: { prompt_tokens: 9, completion_tokens: chunks.length, total_tokens: 9 + chunks.length },
        }),
      );
      completedCount++;
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (delta: Record<string, unknown>, finish: string | null) =>
      res.write(
        `data: ${JSON.stringify({
          id,
          object: 'chat.completion.chunk',
          created,
          model,
          system_fingerprint: 'fp_fake',
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        })}\n\n`,
      );
    send({ role: 'assistant', content: '', refusal: null }, null);
    for (const [i, chunk] of chunks.entries()) {
      if (res.destroyed) return;
      if (i === options.holdAfterChunks) await held;
      else if (i > 0 && options.chunkDelayMs) await delay(options.chunkDelayMs);
      if (res.destroyed) return;
      send({ content: chunk }, null);
    }
    if (options.holdAfterChunks === chunks.length) await held;
    if (res.destroyed) return;
    send({}, 'stop');
    res.end('data: [DONE]\n\n');
    completedCount++;
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get abortedCount() {
      return abortedCount;
    },
    get completedCount() {
      return completedCount;
    },
    nextAbort: () => new Promise<void>((resolve) => abortWaiters.push(resolve)),
    release: () => releaseHold(),
    close: () =>
      new Promise<void>((resolve) => {
        releaseHold();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
