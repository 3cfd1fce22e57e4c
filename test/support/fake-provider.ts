/**
 * The bookkeeping the fake model servers share: a loopback HTTP server that records requests,
 * counts answers completed and abandoned, and can hold a stream until the test releases it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One scripted model turn: a text answer, or tool calls the client is asked to make. */
export interface FakeTurn {
  text?: string;
  /** `arguments` as text is sent as it is (OpenAI's arguments are a JSON string the model wrote, possibly broken). */
  toolCalls?: { name: string; arguments: Record<string, unknown> | string }[];
}

export interface FakeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeModelOptions {
  /** The answer's text. Default: "Hello from the fake model". */
  reply?: string;
  /** How a streamed answer is cut. Default: the reply, word by word. */
  chunks?: string[];
  /** Pause before each streamed chunk after the first. */
  chunkDelayMs?: number;
  /** Streamed answers send this many chunks, then wait for `release()` before the rest. */
  holdAfterChunks?: number;
  /** Answer every request with this HTTP status and the provider's error body. */
  error?: { status: number; message: string; type?: string };
  /** Decides each non-streamed answer from the request (text and/or tool calls). Overrides `reply`. */
  respond?: (body: Record<string, unknown>) => FakeTurn;
  /**
   * The structured answer to a request that forces one (a forced tool, Ollama's schema `format`),
   * given that schema, when `respond` does not make the forced call itself. Default: `sampleOf(schema)`.
   */
  structured?: (schema: Record<string, unknown>, body: Record<string, unknown>) => unknown;
  /** Where to listen; default 127.0.0.1 on a free port. */
  host?: string;
  port?: number;
}

/**
 * A value that fits a JSON schema, as a model asked for one would write it: text naming its field,
 * 42, 4.2, true, one item per array (at least minItems), every property of an object.
 */
export function sampleOf(schema: Record<string, unknown>, key = 'value'): unknown {
  switch (schema.type) {
    case 'string':
      return `${key} from the fake model`;
    case 'integer':
      return 42;
    case 'number':
      return 4.2;
    case 'boolean':
      return true;
    case 'array': {
      const items = (schema.items ?? {}) as Record<string, unknown>;
      const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
      return Array.from({ length: count }, () => (items.type ? sampleOf(items, key) : `${key} item`));
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, sampleOf(property, name)]));
    }
    default:
      return null;
  }
}

export interface FakeModel {
  /** The server's origin, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** What to give the client as its base URL / host. */
  readonly baseURL: string;
  readonly requests: FakeRequest[];
  readonly abortedCount: number;
  readonly completedCount: number;
  /** The most requests that were open at one time. */
  readonly maxInFlight: number;
  nextAbort(): Promise<void>;
  release(): void;
  close(): Promise<void>;
}

export interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  body: Record<string, unknown>;
  chunks: string[];
  reply: string;
  /** Sends the chunks with the configured pauses and hold; false when the client went away. */
  paced(send: (chunk: string, index: number) => void): Promise<boolean>;
  completed(): void;
}


export async function startFakeModel(options: FakeModelOptions, basePath: string, handle: (exchange: Exchange) => Promise<void> | void): Promise<FakeModel> {
  const reply = options.reply ?? 'Hello from the fake model';
  const chunks = options.chunks ?? reply.split(/(?<= )/);
  const requests: FakeRequest[] = [];
  let abortedCount = 0;
  let completedCount = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let abortWaiters: (() => void)[] = [];
  let releaseHold!: () => void;
  const held = new Promise<void>((resolve) => (releaseHold = resolve));

  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const part of req) raw += String(part);
    let body: Record<string, unknown>;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      sendJson(res, 400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error', param: null, code: null } });
      return;
    }
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    res.on('close', () => void inFlight--);
    res.on('close', () => {
      if (res.writableFinished) return;
      abortedCount++;
      for (const wake of abortWaiters) wake();
      abortWaiters = [];
    });
    const paced = async (send: (chunk: string, index: number) => void) => {
      for (const [i, chunk] of chunks.entries()) {
        if (res.destroyed) return false;
        if (i === options.holdAfterChunks) await held;
        else if (i > 0 && options.chunkDelayMs) await sleep(options.chunkDelayMs);
        if (res.destroyed) return false;
        send(chunk, i);
      }
      if (options.holdAfterChunks === chunks.length) await held;
      return !res.destroyed;
    };
    await handle({ req, res, body, chunks, reply, paced, completed: () => void completedCount++ });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A long accept queue: the bench opens thousands of streams at once (Node's default is 511).
    server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 }, resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    baseURL: `http://${address}:${port}${basePath}`,
    requests,
    get abortedCount() {
      return abortedCount;
    },
    get completedCount() {
      return completedCount;
    },
    get maxInFlight() {
      return maxInFlight;
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

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Dimensions of the fakes' embeddings unless the request asks for others. */
export const FAKE_EMBEDDING_DIMENSIONS = 64;

/**
 * A deterministic embedding: a hashed bag of words (lower-cased letters and digits), L2-normalised,
 * so that texts sharing words are near each other and the same text always gives the same vector.
 */
export function fakeEmbedding(text: string, dimensions = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 2166136261;
    for (const char of word) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
    vector[hash % dimensions]! += (hash >>> 31) === 1 ? -1 : 1;
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}
