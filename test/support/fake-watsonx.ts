/**
 * A local IBM watsonx.ai: IBM Cloud IAM's token exchange (`POST /identity/token`, form
 * `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=…`; an unknown key answers 400 with
 * IAM's `errorCode`/`errorMessage`) and the chat API (`POST /ml/v1/text/chat` and
 * `/ml/v1/text/chat_stream`, `?version=` required, `Authorization: Bearer <IAM token>`, body with
 * `model_id` and `project_id`). The model's turns come from the fake OpenAI behind it, whose chat
 * completions have the shape watsonx.ai answers in; the stream is re-framed as watsonx.ai frames it
 * (`id:`, `event: message`, `data:`, no `[DONE]`), and errors come back as watsonx.ai's
 * `{errors: [{code, message}], trace, status_code}`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from './fake-openai.js';

export interface FakeWatsonxRequest {
  path: string;
  query: string;
  authorization: string | undefined;
  body: Record<string, any>;
}

export interface FakeWatsonx {
  url: string;
  /** The chat requests as watsonx.ai received them. */
  requests: FakeWatsonxRequest[];
  /** How many tokens IAM handed out. */
  tokensIssued(): number;
  model: FakeOpenAI;
  close(): Promise<void>;
}

export interface FakeWatsonxOptions extends FakeOpenAIOptions {
  apiKey: string;
  /** Answer chat requests with this status and watsonx.ai's error body. */
  failWith?: () => { status: number; code: string; message: string } | undefined;
}

export async function startFakeWatsonx(options: FakeWatsonxOptions): Promise<FakeWatsonx> {
  const model = await startFakeOpenAI(options);
  const requests: FakeWatsonxRequest[] = [];
  const issued = new Set<string>();
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const watsonxError = (res: http.ServerResponse, status: number, code: string, message: string) =>
    send(res, status, { errors: [{ code, message, more_info: 'https://cloud.ibm.com/apidocs/watsonx-ai' }], trace: 'fake-trace', status_code: status });

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const [path = '', query = ''] = (req.url ?? '').split('?');

    if (req.method === 'POST' && path === '/identity/token') {
      const form = new URLSearchParams(text);
      if (form.get('grant_type') !== 'urn:ibm:params:oauth:grant-type:apikey' || form.get('apikey') !== options.apiKey) {
        send(res, 400, { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.', context: { requestId: 'fake' } });
        return;
      }
      const token = `iam-token-${issued.size + 1}`;
      issued.add(token);
      send(res, 200, { access_token: token, refresh_token: 'not_supported', token_type: 'Bearer', expires_in: 3600, expiration: Math.floor(Date.now() / 1000) + 3600, scope: 'ibm openid' });
      return;
    }
    const chat = /^\/ml\/v1\/text\/(chat|chat_stream)$/.exec(path);
    if (req.method !== 'POST' || !chat) return watsonxError(res, 404, 'not_found', `Not found: ${req.method} ${path}`);
    const body = JSON.parse(text || '{}') as Record<string, any>;
    requests.push({ path, query, authorization: req.headers.authorization, body });
    if (!new URLSearchParams(query).get('version')) return watsonxError(res, 400, 'missing_query_parameter', 'Missing query parameter `version`');
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!issued.has(token)) return watsonxError(res, 401, 'authentication_token_not_valid', 'Failed to authenticate the request due to invalid token');
    if (!body.project_id && !body.space_id) return watsonxError(res, 400, 'json_validation_error', 'Either project_id or space_id must be specified');
    const failure = options.failWith?.();
    if (failure) return watsonxError(res, failure.status, failure.code, failure.message);

    const { model_id: modelId, project_id: _project, time_limit: _limit, ...rest } = body;
    const stream = chat[1] === 'chat_stream';
    const answer = await fetch(`${model.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer fake' },
      body: JSON.stringify({ ...rest, model: modelId, ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}) }),
    });
    if (!stream) {
      const completion = (await answer.json()) as Record<string, unknown>;
      const { model: name, ...others } = completion;
      send(res, answer.status, { ...others, model_id: name, model_version: '1.0.0' });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let id = 0;
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const piece of answer.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(piece, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = frame.replace(/^data: /, '');
        if (data === '[DONE]') continue;
        const chunk = JSON.parse(data) as Record<string, unknown>;
        const { model: name, ...others } = chunk;
        res.write(`id: ${++id}\nevent: message\ndata: ${JSON.stringify({ ...others, model_id: name })}\n\n`);
      }
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    tokensIssued: () => issued.size,
    model,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await model.close();
    },
  };
}
