/**
 * A local stand-in for OpenAI's chat-completions and embeddings APIs, speaking the real wire
 * protocol: JSON answers, `text/event-stream` chunks ending with `data: [DONE]`, `GET /v1/models`,
 * `POST /v1/embeddings` (hashed bag-of-words vectors), `json_schema` response formats, and OpenAI's error bodies. The one fake
 * OpenAI of the tests and the benchmark: tests script answers, errors and keys and read the recorded
 * requests; the bench streams `benchAnswer(tokens, delayMs)` (token i is `w<i> `) over many
 * connections and reads `lastStream`, the time each token of the latest streamed answer was written
 * (performance.now() of this process), to measure the latency a relay adds.
 *
 * In-process: `await startFakeOpenAI(benchAnswer(300, 2))`.
 * Standalone: `node --import tsx test/support/fake-openai.ts --port 0 --tokens 300 --delay-ms 2`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fakeEmbedding, FAKE_EMBEDDING_DIMENSIONS, sampleOf, sendJson, startFakeModel, type FakeModel, type FakeModelOptions, type FakeRequest, type FakeTurn } from './fake-provider.js';
import { setTimeout as sleep } from 'node:timers/promises';

export type { FakeTurn } from './fake-provider.js';

export interface FakeOpenAIOptions extends Omit<FakeModelOptions, 'error'> {
  /** Answer every request with this HTTP error and OpenAI's error body. */
  error?: { status: number; message: string; type?: string; code?: string | null };
  /** Accept only these API keys: any other bearer gets OpenAI's 401 `invalid_api_key` answer. */
  keys?: string[];
  /** Answer this one request with an HTTP error and OpenAI's error body (undefined: answer it normally). */
  errorFor?: (body: Record<string, unknown>) => { status: number; message: string } | undefined;
  /** Pause before a non-streamed answer (to see requests overlap; `maxInFlight` counts them). */
  delayMs?: number;
  /**
   * Where the API lives (default `/v1`): an OpenAI-compatible provider's path, e.g. Groq's
   * `/openai/v1`, OpenRouter's `/api/v1`, DeepSeek's `` (the root).
   */
  basePath?: string;
  /**
   * Speak Azure OpenAI's variant: `POST /openai/deployments/{deployment}/chat/completions?api-version=…`,
   * the key in the `api-key` header (checked against `keys`), a missing `api-version` a 404 as Azure answers.
   */
  azure?: boolean;
}

export type FakeOpenAIRequest = FakeRequest;

/** When the latest streamed answer's request arrived and each of its chunks was written. */
export interface StreamRecord {
  /** performance.now() when the request's body had been read. */
  receivedAt: number;
  /** performance.now() right after chunk i was written to the socket. */
  emittedAt: number[];
  body: Record<string, unknown>;
}

/** `baseURL` ends in `/v1`. */
export interface FakeOpenAI extends FakeModel {
  /** The latest streamed answer (undefined before the first). */
  readonly lastStream: StreamRecord | undefined;
}

/** Token i of a bench answer. */
export function tokenText(i: number): string {
  return `w${i} `;
}

/** The whole bench answer of `tokens` tokens (what a non-streamed request gets). */
export function answerText(tokens: number): string {
  let text = '';
  for (let i = 0; i < tokens; i++) text += tokenText(i);
  return text;
}

/** The bench's answer: `tokens` tokens streamed `delayMs` apart (0: all at once). */
export function benchAnswer(tokens: number, delayMs: number): FakeOpenAIOptions {
  return { reply: answerText(tokens), chunks: Array.from({ length: tokens }, (_, i) => tokenText(i)), chunkDelayMs: delayMs };
}

const MODELS = { object: 'list', data: ['gpt-4o-mini', 'gpt-4o'].map((id) => ({ id, object: 'model', created: 0, owned_by: 'system' })) };

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let sequence = 0;
  let lastStream: StreamRecord | undefined;
  const basePath = options.azure ? '/openai' : (options.basePath ?? '/v1');
  const model = await startFakeModel(options, basePath, async ({ req, res, body, chunks, reply, paced, completed }) => {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    const receivedAt = performance.now();
    if (options.error) {
      const { status, message, type = 'invalid_request_error', code = null } = options.error;
      sendJson(res, status, { error: { message, type, param: null, code } });
      return;
    }
    const failure = options.errorFor?.(body);
    if (failure) {
      sendJson(res, failure.status, { error: { message: failure.message, type: 'invalid_request_error', param: null, code: null } });
      return;
    }
    if (options.delayMs) await sleep(options.delayMs);
    const bearer = options.azure ? String(req.headers['api-key'] ?? '') : (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (options.keys && !options.keys.includes(bearer)) {
      sendJson(res, 401, { error: { message: `Incorrect API key provided: ${bearer}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      return;
    }
    if (req.method === 'GET' && path === `${basePath}/models`) {
      sendJson(res, 200, MODELS);
      return;
    }
    if (req.method === 'POST' && path === `${basePath}/embeddings`) {
      answerEmbeddings(res, body);
      completed();
      return;
    }
    const chatPath = options.azure ? /^\/openai\/deployments\/[^/]+\/chat\/completions$/.test(path) && /(^|&)api-version=/.test(query) : path === `${basePath}/chat/completions` && query === '';
    if (req.method !== 'POST' || !chatPath) {
      sendJson(res, 404, { error: { message: `Unknown path ${req.url}`, type: 'invalid_request_error', param: null, code: null } });
      return;
    }
    const id = `chatcmpl-fake${++sequence}`;
    const model = typeof body.model === 'string' ? body.model : 'gpt-4o-mini';
    const created = Math.floor(Date.now() / 1000);

    const forced = forcedTool(body);
    if (forced && 'error' in forced) {
      sendJson(res, 400, { error: { message: forced.error, type: 'invalid_request_error', param: 'tool_choice', code: null } });
      return;
    }

    if (body.stream !== true) {
      // A `json_schema` response format: the answer's text is JSON of that schema (unless `respond` says otherwise).
      const format = body.response_format as { type?: unknown; json_schema?: { schema?: Record<string, unknown> } } | undefined;
      const formatSchema = format?.type === 'json_schema' ? (format.json_schema?.schema ?? {}) : undefined;
      const formatted = formatSchema ? { text: JSON.stringify(options.structured ? options.structured(formatSchema, body) : sampleOf(formatSchema)) } : undefined;
      let turn: FakeTurn = options.respond?.(body) ?? formatted ?? { text: reply };
      // As the real API: a forced tool is always called, and the answer then has no text.
      if (forced && !(turn.toolCalls ?? []).some((call) => call.name === forced.name)) {
        const args = options.structured ? options.structured(forced.parameters, body) : sampleOf(forced.parameters);
        turn = { toolCalls: [{ name: forced.name, arguments: args as Record<string, unknown> }] };
      }
      const toolCalls = (turn.toolCalls ?? []).map((call, i) => ({
        id: `call_fake${sequence}_${i}`,
        type: 'function',
        function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
      }));
      sendJson(res, 200, {
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
            // With a named tool_choice OpenAI ends the turn with "stop", not "tool_calls".
            finish_reason: toolCalls.length > 0 && !forced ? 'tool_calls' : 'stop',
          },
        ],
        usage: { prompt_tokens: 9, completion_tokens: chunks.length, total_tokens: 9 + chunks.length },
      });
      completed();
      return;
    }

    const record: StreamRecord = { receivedAt, emittedAt: [], body };
    lastStream = record;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    res.socket?.setNoDelay(true);
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
    const sent = await paced((chunk) => {
      send({ content: chunk }, null);
      record.emittedAt.push(performance.now());
    });
    if (!sent) return;
    send({}, 'stop');
    // As OpenAI does: asked for it, a last chunk with no choices reports the usage.
    if ((body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true) {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices: [], usage: { prompt_tokens: 9, completion_tokens: chunks.length, total_tokens: 9 + chunks.length } })}\n\n`);
    }
    res.end('data: [DONE]\n\n');
    completed();
  });
  return Object.defineProperty(model, 'lastStream', { get: () => lastStream, enumerable: true }) as FakeOpenAI;
}

/**
 * The function `tool_choice` forces (`{"type": "function", "function": {"name": …}}`) with its
 * parameters from `tools`; naming a function `tools` lacks is OpenAI's 400.
 */
function forcedTool(body: Record<string, unknown>): { name: string; parameters: Record<string, unknown> } | { error: string } | undefined {
  const choice = body.tool_choice as { type?: unknown; function?: { name?: unknown } } | undefined;
  if (typeof choice !== 'object' || choice === null || choice.type !== 'function') return undefined;
  const name = String(choice.function?.name ?? '');
  const tools = (Array.isArray(body.tools) ? body.tools : []) as { type?: string; function?: { name?: string; parameters?: Record<string, unknown> } }[];
  const tool = tools.find((t) => t.type === 'function' && t.function?.name === name);
  if (!tool) return { error: `Invalid value for 'tool_choice': function '${name}' is not among the tools provided.` };
  return { name, parameters: tool.function?.parameters ?? {} };
}

/**
 * `POST /v1/embeddings`: one hashed-bag-of-words vector per input text (`fakeEmbedding`), as floats
 * or, with `encoding_format: "base64"`, as base64 of little-endian float32 (what the SDK asks by default).
 */
function answerEmbeddings(res: Parameters<typeof sendJson>[0], body: Record<string, unknown>): void {
  const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : undefined;
  if (!inputs || inputs.length === 0 || !inputs.every((item) => typeof item === 'string')) {
    sendJson(res, 400, { error: { message: "'input' : input must be a string or an array of strings", type: 'invalid_request_error', param: 'input', code: null } });
    return;
  }
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : FAKE_EMBEDDING_DIMENSIONS;
  const base64 = body.encoding_format === 'base64';
  const data = (inputs as string[]).map((text, index) => {
    const vector = fakeEmbedding(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
  });
  const tokens = (inputs as string[]).reduce((sum, text) => sum + text.split(/\s+/).filter(Boolean).length, 0);
  sendJson(res, 200, { object: 'list', data, model: typeof body.model === 'string' ? body.model : 'text-embedding-3-small', usage: { prompt_tokens: tokens, total_tokens: tokens } });
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
  const fake = await startFakeOpenAI({ ...benchAnswer(Number(values.tokens), Number(values['delay-ms'])), host: values.host, port: Number(values.port) });
  process.stdout.write(`Fake OpenAI listening on ${fake.url} (OpenAI base URL ${fake.baseURL})\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
