/**
 * A local stand-in for Ollama's `POST /api/chat` and `POST /api/embed`, speaking the real wire protocol: one JSON answer
 * (with `tool_calls` when scripted), or newline-delimited JSON chunks ending with `done: true`, and
 * Ollama's `{"error": …}` bodies.
 */
import { fakeEmbedding, FAKE_EMBEDDING_DIMENSIONS, sampleOf, sendJson, startFakeModel, type FakeModel, type FakeModelOptions } from './fake-provider.js';

export type FakeOllama = FakeModel;

export function startFakeOllama(options: FakeModelOptions = {}): Promise<FakeOllama> {
  return startFakeModel(options, '', async ({ req, res, body, reply, paced, completed }) => {
    if (options.error) {
      sendJson(res, options.error.status, { error: options.error.message });
      return;
    }
    if (req.method === 'POST' && req.url === '/api/embed') {
      // One hashed-bag-of-words vector per input (see fakeEmbedding).
      const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input : [];
      if (typeof body.model !== 'string' || !body.model) {
        sendJson(res, 400, { error: 'model is required' });
        return;
      }
      const dimensions = typeof body.dimensions === 'number' ? body.dimensions : FAKE_EMBEDDING_DIMENSIONS;
      const embeddings = inputs.map((text) => fakeEmbedding(String(text), dimensions));
      sendJson(res, 200, { model: body.model, embeddings, total_duration: 1000, load_duration: 10, prompt_eval_count: inputs.length });
      completed();
      return;
    }
    if (req.method !== 'POST' || req.url !== '/api/chat') {
      sendJson(res, 404, { error: `404 page not found: ${req.url}` });
      return;
    }
    const model = typeof body.model === 'string' ? body.model : 'llama3.2';
    const stats = { total_duration: 1000, load_duration: 10, prompt_eval_count: 12, prompt_eval_duration: 100, eval_count: 7, eval_duration: 200 };
    const at = () => new Date().toISOString();

    // A JSON schema as `format`: the answer's content is JSON text that fits it (Ollama's structured outputs).
    const schema = typeof body.format === 'object' && body.format !== null ? (body.format as Record<string, unknown>) : undefined;

    if (body.stream === false) {
      const turn = options.respond?.(body) ?? (schema ? { text: JSON.stringify(options.structured ? options.structured(schema, body) : sampleOf(schema)) } : { text: reply });
      const toolCalls = (turn.toolCalls ?? []).map((call) => ({ function: { name: call.name, arguments: call.arguments } }));
      sendJson(res, 200, {
        model,
        created_at: at(),
        message: { role: 'assistant', content: turn.text ?? '', ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        done: true,
        done_reason: 'stop',
        ...stats,
      });
      completed();
      return;
    }

    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const line = (data: Record<string, unknown>) => res.write(`${JSON.stringify(data)}\n`);
    if (!(await paced((chunk) => line({ model, created_at: at(), message: { role: 'assistant', content: chunk }, done: false })))) return;
    line({ model, created_at: at(), message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', ...stats });
    res.end();
    completed();
  });
}
