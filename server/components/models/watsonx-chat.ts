/**
 * The ChatClient of IBM watsonx.ai's chat API. Its requests and answers have the shape of OpenAI's
 * chat completions (messages, tools and tool calls, choices, usage; a stream of `data:` chunks with
 * deltas), at other paths: `POST {endpoint}/ml/v1/text/chat` and `/ml/v1/text/chat_stream`
 * (`?version=`), the model as `model_id` with the `project_id`, and an IBM Cloud IAM bearer token
 * exchanged for the API key. So the `openai` client does the chat (openai-chat.ts: messages, tools,
 * structured output, streaming), and this file's fetch adapts each request to watsonx.ai: path,
 * body, token, and watsonx.ai's error bodies (`{errors: [{code, message}]}`) into OpenAI's.
 *
 * The IAM endpoint is `https://iam.cloud.ibm.com`, or WATSONX_IAM_URL in the server's environment
 * (for tests and private clouds; never a field: the API key goes there). Tokens are kept until a
 * minute before they expire.
 */
import type { LanguageModelDescriptor } from '../../engine/language-model.js';
import { openaiChat } from './openai-chat.js';
import { providerFetch } from './provider-fetch.js';
import type { ChatClient } from './chat-types.js';

export const WATSONX_IAM_URL = 'https://iam.cloud.ibm.com';
/** The API version watsonx.ai's chat endpoints are asked for. */
export const WATSONX_API_VERSION = '2024-10-08';

const tokens = new Map<string, { token: string; expires: number }>();

export function watsonxChat(model: LanguageModelDescriptor): ChatClient {
  const endpoint = (model.client.baseURL ?? '').replace(/\/+$/, '');
  const projectId = typeof model.extra?.projectId === 'string' ? model.extra.projectId : '';
  const iamUrl = (typeof model.extra?.iamUrl === 'string' && model.extra.iamUrl ? model.extra.iamUrl : WATSONX_IAM_URL).replace(/\/+$/, '');
  const apiKey = model.client.apiKey.reveal();
  const adapted: typeof fetch = async (input, init) => {
    const sent = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Record<string, unknown>;
    const { model: modelId, stream, stream_options: _options, ...rest } = sent;
    const url = `${endpoint}/ml/v1/text/${stream ? 'chat_stream' : 'chat'}?version=${WATSONX_API_VERSION}`;
    const token = await iamToken(iamUrl, apiKey, init?.signal ?? undefined);
    if (token instanceof Response) return token;
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    headers.set('content-type', 'application/json');
    headers.set('accept', stream ? 'text/event-stream' : 'application/json');
    const res = await providerFetch(url, { ...init, headers, body: JSON.stringify({ ...rest, model_id: modelId, project_id: projectId }) });
    return res.ok ? res : openaiShapedError(res, await res.text());
  };
  return openaiChat({ ...model, client: { ...model.client, baseURL: `${endpoint}/ml/v1` } }, adapted);

  /** A bearer token for the key; a refusal comes back as the Response the client words (a 401 saying IAM refused the key). */
  async function iamToken(iam: string, key: string, signal: AbortSignal | undefined): Promise<string | Response> {
    const cacheKey = `${iam}\n${key}`;
    const cached = tokens.get(cacheKey);
    if (cached && cached.expires > Date.now()) return cached.token;
    const res = await providerFetch(`${iam}/identity/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: key }).toString(),
      ...(signal ? { signal } : {}),
    });
    const text = await res.text();
    if (!res.ok) {
      const detail = iamMessage(text);
      const status = res.status === 400 || res.status === 401 ? 401 : res.status;
      return Response.json({ error: { message: `IBM Cloud IAM did not accept the API key: ${detail}`, code: 'iam_refused' } }, { status });
    }
    let body: { access_token?: string; expires_in?: number } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // not JSON: no token
    }
    if (!body.access_token) return Response.json({ error: { message: 'IBM Cloud IAM answered no access token' } }, { status: 502 });
    tokens.set(cacheKey, { token: body.access_token, expires: Date.now() + Math.max(0, (body.expires_in ?? 3600) - 60) * 1000 });
    return body.access_token;
  }
}

/** IAM's `errorMessage`, else the start of its answer. */
function iamMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { errorMessage?: unknown }).errorMessage;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** watsonx.ai's `{errors: [{code, message}]}` as OpenAI's `{error: {message, code}}`, so the client's error says watsonx.ai's words. */
function openaiShapedError(res: Response, text: string): Response {
  let message = text.replace(/\s+/g, ' ').trim().slice(0, 300);
  let code: string | undefined;
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    const first = body.errors?.[0];
    if (first?.message) [message, code] = [first.message, first.code];
  } catch {
    // not JSON
  }
  return Response.json({ error: { message, ...(code ? { code } : {}) } }, { status: res.status, headers: { 'retry-after': res.headers.get('retry-after') ?? '' } });
}
