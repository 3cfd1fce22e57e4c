/**
 * The ChatClient of Google's Gemini API (`generateContent`, `streamGenerateContent?alt=sse`), with
 * the official `@google/genai` client: the system text as `systemInstruction`, tools as function
 * declarations (their JSON schema as `parametersJsonSchema`), a structured answer as JSON text
 * (`responseMimeType: application/json` with `responseJsonSchema`).
 */
import { ApiError, FunctionCallingConfigMode, GoogleGenAI, type Content, type GenerateContentConfig, type GenerateContentResponse, type Part } from '@google/genai';
import { errorMessage } from '../../../shared/errors.js';
import type { LanguageModelDescriptor } from '../../engine/language-model.js';
import { calling, deltas, parseStructured, rootCause, usage, type ChatClient, type ChatMessage, type ChatRequest, type ToolCall } from './chat-types.js';
import { clientCache } from './client-cache.js';
import { statusHint } from './openai-chat.js';
import { GOOGLE_DEFAULT_BASE_URL } from './provider-defaults.js';
import { providerFetch } from './provider-fetch.js';

const cachedClient = clientCache<GoogleGenAI>();
const SERVICE = 'Google Generative AI';

export function googleChat(model: LanguageModelDescriptor): ChatClient {
  const apiKey = model.client.apiKey.reveal();
  const baseUrl = model.client.baseURL ?? GOOGLE_DEFAULT_BASE_URL;
  // Everything explicit (the SDK would otherwise read GOOGLE_API_KEY / GEMINI_API_KEY from the server's environment); no retries.
  // `v1beta`, not the SDK's default `v1`: JSON-schema function parameters and answers are v1beta's.
  const client = cachedClient(`${baseUrl}\n${model.client.timeoutMs}\n${apiKey}`, () =>
    new GoogleGenAI({ apiKey, apiVersion: 'v1beta', httpOptions: { baseUrl, timeout: model.client.timeoutMs, retryOptions: { attempts: 1 }, fetch: providerFetch } }),
  );
  const params = (request: ChatRequest, signal: AbortSignal) => ({ model: model.model, contents: toContents(request.messages), config: { ...config(model, request), abortSignal: signal } });
  const describe = (signal: AbortSignal) => (error: unknown) => describeGoogleError(error, model, signal);

  return {
    async complete(request, signal) {
      const response = await calling(describe(signal), () => client.models.generateContent(params(request, signal)));
      const reply = { text: textOf(response), toolCalls: toolCallsOf(response), ...usageOf(response) };
      if (!request.responseSchema) return reply;
      const blocked = response.promptFeedback?.blockReason;
      if (blocked) throw new Error(`Gemini refused to answer: ${blocked}`);
      return { ...reply, structured: parseStructured(reply.text) };
    },
    async stream(request, signal) {
      const chunks = await calling(describe(signal), () => client.models.generateContentStream(params(request, signal)));
      return deltas(chunks, textOf, describe(signal), (chunk) => usageOf(chunk).usage);
    },
  };
}

function config(model: LanguageModelDescriptor, request: ChatRequest): GenerateContentConfig {
  const extra = model.extra ?? {};
  const out: GenerateContentConfig = {
    ...(request.system ? { systemInstruction: request.system } : {}),
    ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
    ...(model.maxTokens === undefined ? {} : { maxOutputTokens: model.maxTokens }),
    ...(typeof extra.topK === 'number' ? { topK: extra.topK } : {}),
    ...(typeof extra.topP === 'number' ? { topP: extra.topP } : {}),
    ...(typeof extra.candidateCount === 'number' ? { candidateCount: extra.candidateCount } : {}),
  };
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    out.tools = [{ functionDeclarations: tools.map((tool) => ({ name: tool.name, description: tool.description, parametersJsonSchema: { ...tool.parameters } })) }];
    out.toolConfig = { functionCallingConfig: { mode: FunctionCallingConfigMode.AUTO } };
  }
  if (request.responseSchema) {
    out.responseMimeType = 'application/json';
    out.responseJsonSchema = { ...request.responseSchema.schema };
  }
  return out;
}

/** The conversation as Gemini's contents: `user` and `model` turns, tool results as `functionResponse` parts of a user turn. */
function toContents(messages: readonly ChatMessage[]): Content[] {
  const contents: Content[] = [];
  const add = (role: 'user' | 'model', parts: Part[]) => {
    const last = contents.at(-1);
    // Gemini wants turns to alternate: the results of one round of calls go in one user turn.
    if (last?.role === role && role === 'user' && parts.every((p) => p.functionResponse)) last.parts!.push(...parts);
    else contents.push({ role, parts });
  };
  for (const message of messages) {
    if (message.role === 'user') add('user', [{ text: message.content }]);
    else if (message.role === 'tool') {
      add('user', [{ functionResponse: { ...ownId(message.callId), name: message.name, response: message.isError ? { error: message.content } : { output: message.content } } }]);
    } else {
      const calls = (message.toolCalls ?? []).map(
        (call): Part => ({ functionCall: { ...ownId(call.id), name: call.name, args: call.args }, ...(call.signature ? { thoughtSignature: call.signature } : {}) }),
      );
      add('model', [...(message.content ? [{ text: message.content }] : []), ...calls]);
    }
  }
  return contents;
}

/** The answer's text parts (not its thoughts), joined. */
function textOf(response: GenerateContentResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.filter((part) => typeof part.text === 'string' && !part.thought).map((part) => part.text).join('');
}

/** Ids made here for calls Gemini gave none (it then matches results by name); never sent back to it. */
const LOCAL_ID = 'flowdesk-call-';

function ownId(id: string): { id?: string } {
  return id.startsWith(LOCAL_ID) ? {} : { id };
}

/** The function calls, with an id when Gemini gives none, and the thought signature Gemini wants back. */
function toolCallsOf(response: GenerateContentResponse): ToolCall[] {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.flatMap((part, index) => {
    const call = part.functionCall;
    if (!call?.name) return [];
    return [{ id: call.id ?? `${LOCAL_ID}${index}`, name: call.name, args: call.args ?? {}, ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}) }];
  });
}

function usageOf(response: GenerateContentResponse) {
  const meta = response.usageMetadata;
  return meta ? { usage: usage(meta.promptTokenCount, meta.candidatesTokenCount, meta.totalTokenCount) } : {};
}

/** Gemini's error body is JSON text in the ApiError's message: its `error.message`, else the text. */
export function describeGoogleError(error: unknown, model: Pick<LanguageModelDescriptor, 'client'>, signal: AbortSignal): string {
  const endpoint = model.client.baseURL ?? GOOGLE_DEFAULT_BASE_URL;
  if (error instanceof ApiError) {
    let message = error.message;
    try {
      const body = JSON.parse(error.message) as { error?: { message?: unknown; status?: unknown } };
      if (typeof body.error?.message === 'string') message = `${typeof body.error.status === 'string' ? `${body.error.status}: ` : ''}${body.error.message}`;
    } catch {
      // not JSON: the text as it is
    }
    // A wrong key is Gemini's 400 INVALID_ARGUMENT "API key not valid".
    const status = /API key not valid|API_KEY_INVALID/.test(message) ? 401 : error.status;
    return `${SERVICE} API error ${error.status} ${message}${statusHint(SERVICE, status)}`;
  }
  if (error instanceof Error && error.name === 'AbortError' && !signal.aborted) return `${SERVICE} request to ${endpoint} timed out after ${model.client.timeoutMs / 1000} s`;
  if (error instanceof TypeError && /fetch failed/.test(error.message)) return `Could not reach ${endpoint}: ${rootCause(error)}`;
  return errorMessage(error);
}
