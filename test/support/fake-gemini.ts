/**
 * A local stand-in for Google's Gemini API (the Generative Language API, `v1beta`), speaking its
 * REST protocol closely enough for `@google/genai` unchanged: `POST /v1beta/models/{model}:generateContent`
 * (a GenerateContentResponse), `POST …:streamGenerateContent?alt=sse` (one `data:` event per chunk,
 * the last with `finishReason` and `usageMetadata`), the key in `x-goog-api-key` (a wrong one gets
 * Gemini's 400 `API_KEY_INVALID`), function calls as `functionCall` parts, and a JSON answer when
 * `generationConfig.responseMimeType` is `application/json` (of its `responseJsonSchema`).
 */
import { sampleOf, sendJson, startFakeModel, type FakeModel, type FakeModelOptions, type FakeTurn } from './fake-provider.js';

export interface FakeGeminiOptions extends Omit<FakeModelOptions, 'error'> {
  /** Answer every request with this HTTP error and Gemini's error body (`status` is Gemini's, e.g. `RESOURCE_EXHAUSTED`). */
  error?: { code: number; message: string; status: string };
  /** Accept only these API keys. */
  keys?: string[];
}

/** `baseURL` is the origin: the client adds `/v1beta/models/…`. */
export type FakeGemini = FakeModel;

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  return startFakeModel({ ...options, error: undefined }, '', async ({ req, res, body, chunks, reply, paced, completed }) => {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    const route = ROUTE.exec(path);
    if (req.method !== 'POST' || !route) {
      sendJson(res, 404, { error: { code: 404, message: `Method not found: ${req.method} ${path}`, status: 'NOT_FOUND' } });
      return;
    }
    if (options.error) {
      sendJson(res, options.error.code, { error: options.error });
      return;
    }
    const key = String(req.headers['x-goog-api-key'] ?? '');
    if (options.keys && !options.keys.includes(key)) {
      sendJson(res, 400, {
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
        },
      });
      return;
    }
    const model = route[1]!;
    const usage = (output: number) => ({ promptTokenCount: 9, candidatesTokenCount: output, totalTokenCount: 9 + output });
    const candidate = (parts: unknown[], finish?: string) => ({ content: { role: 'model', parts }, index: 0, ...(finish ? { finishReason: finish } : {}) });

    if (route[2] === 'generateContent') {
      const config = (body.generationConfig ?? {}) as { responseMimeType?: string; responseJsonSchema?: Record<string, unknown>; responseSchema?: Record<string, unknown> };
      const schema = config.responseMimeType === 'application/json' ? (config.responseJsonSchema ?? config.responseSchema ?? {}) : undefined;
      const turn: FakeTurn = options.respond?.(body) ?? (schema ? { text: JSON.stringify(options.structured ? options.structured(schema, body) : sampleOf(schema)) } : { text: reply });
      const parts = [
        ...(turn.text !== undefined ? [{ text: turn.text }] : []),
        ...(turn.toolCalls ?? []).map((call) => ({ functionCall: { name: call.name, args: typeof call.arguments === 'string' ? JSON.parse(call.arguments) : call.arguments }, thoughtSignature: `sig-${call.name}` })),
      ];
      sendJson(res, 200, { candidates: [candidate(parts, 'STOP')], usageMetadata: usage(chunks.length), modelVersion: model, responseId: 'fake-response' });
      completed();
      return;
    }

    if (!/(^|&)alt=sse(&|$)/.test(query)) {
      sendJson(res, 400, { error: { code: 400, message: 'Only alt=sse streams are served by this fake', status: 'INVALID_ARGUMENT' } });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\r\n\r\n`);
    const last = chunks.length - 1;
    const sent = await paced((chunk, i) =>
      send({ candidates: [candidate([{ text: chunk }], i === last ? 'STOP' : undefined)], ...(i === last ? { usageMetadata: usage(chunks.length) } : {}), modelVersion: model }),
    );
    if (!sent) return;
    res.end();
    completed();
  });
}
