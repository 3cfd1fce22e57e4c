/**
 * The ChatClient of OpenAI's chat-completions API, with the official `openai` client: OpenAI, every
 * OpenAI-compatible provider (Groq, DeepSeek, xAI, OpenRouter, LM Studio, NVIDIA, Mistral, vLLM: the
 * same client at the provider's base URL) and Azure OpenAI (the package's `AzureOpenAI` class).
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, AzureOpenAI } from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { errorMessage } from '../../../shared/errors.js';
import { isPlainObject } from '../../../shared/json.js';
import type { LanguageModelDescriptor } from '../../engine/language-model.js';
import { clientCache } from './client-cache.js';
import { OPENAI_DEFAULT_BASE_URL } from './provider-defaults.js';
import { providerFetch } from './provider-fetch.js';
import { calling, deltas, parseArguments, parseStructured, rootCause, usage, type ChatClient, type ChatRequest, type ResponseSchema } from './chat-types.js';


const cachedClient = clientCache<OpenAI>();

/** `fetch`: what the client sends with (default: the providers' fetch); a provider speaking the same API elsewhere (watsonx.ai) adapts its requests there. */
export function openaiChat(model: LanguageModelDescriptor, fetch: typeof globalThis.fetch = providerFetch): ChatClient {
  const apiKey = model.client.apiKey.reveal();
  const { baseURL, timeoutMs: timeout, headers: defaultHeaders } = model.client;
  const apiVersion = typeof model.extra?.apiVersion === 'string' ? model.extra.apiVersion : undefined;
  // An Azure client is bound to its deployment (the model); an OpenAI one serves every model of its endpoint.
  const key = [model.provider, baseURL ?? '', timeout, apiKey, apiVersion ?? '', model.provider === 'azure' ? model.model : '', JSON.stringify(defaultHeaders ?? {})].join('\n');
  // Everything explicit, so the SDK never reads OPENAI_* / AZURE_OPENAI_* from the server's own environment.
  const shared = { apiKey, timeout, maxRetries: 0, fetch, defaultHeaders };
  const make = () =>
    model.provider === 'azure' ? new AzureOpenAI({ ...shared, endpoint: baseURL ?? '', deployment: model.model, apiVersion }) : new OpenAI({ ...shared, baseURL });
  // A client with its own fetch is its caller's (that fetch holds per-node state).
  const client = fetch === providerFetch ? cachedClient(key, make) : make();
  const describe = (error: unknown) => describeOpenAIError(error, model);
  const extraBody = isPlainObject(model.extra?.body) ? model.extra.body : {};
  const body = (request: ChatRequest) => ({
    ...extraBody,
    model: model.model,
    messages: toMessages(request),
    ...toolOptions(request),
    ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
    ...(model.seed === undefined ? {} : { seed: model.seed }),
    ...(model.maxTokens === undefined ? {} : { max_tokens: model.maxTokens }),
    ...(model.extra?.json_mode === true ? { response_format: { type: 'json_object' as const } } : {}),
    ...(request.responseSchema?.openaiResponseFormat ? { response_format: jsonSchemaFormat(request.responseSchema) } : {}),
  });

  return {
    async complete(request, signal) {
      const completion = await calling(describe, () => client.chat.completions.create({ ...body(request), stream: false }, { signal }));
      const message = completion.choices[0]?.message;
      const toolCalls = (message?.tool_calls ?? []).flatMap((call) =>
        call.type === 'function' ? [{ id: call.id, name: call.function.name, args: parseArguments(call.function.arguments) }] : [],
      );
      const reported = completion.usage;
      const reply = { text: message?.content ?? '', toolCalls, ...(reported ? { usage: usage(reported.prompt_tokens, reported.completion_tokens, reported.total_tokens) } : {}) };
      if (!request.responseSchema) return reply;
      if (request.responseSchema.openaiResponseFormat) {
        if (message?.refusal) throw new Error(`The model refused to answer: ${message.refusal}`);
        return { ...reply, structured: parseStructured(message?.content ?? '') };
      }
      return { ...reply, structured: structuredAnswer(request.responseSchema, message?.tool_calls ?? [], message?.refusal) };
    },
    async stream(request, signal) {
      // Without include_usage OpenAI reports no usage on a stream; with it, a last chunk (no choices) carries it.
      const chunks = await calling(describe, () =>
        client.chat.completions.create({ ...body(request), stream: true, ...(model.extra?.stream_options === false ? {} : { stream_options: { include_usage: true } }) }, { signal }),
      );
      return deltas(
        chunks,
        (chunk) => chunk.choices[0]?.delta.content ?? undefined,
        describe,
        (chunk) => (chunk.usage ? usage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens, chunk.usage.total_tokens) : undefined),
      );
    },
  };
}

function toMessages(request: ChatRequest): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) {
    if (message.role === 'user') messages.push({ role: 'user', content: message.content });
    else if (message.role === 'tool') messages.push({ role: 'tool', tool_call_id: message.callId, content: message.content });
    else if (message.toolCalls && message.toolCalls.length > 0) {
      messages.push({
        role: 'assistant',
        content: message.content || null,
        tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } })),
      });
    } else messages.push({ role: 'assistant', content: message.content });
  }
  return messages;
}

/** The request's tools; with a response schema, one more tool of that schema, which the model is made to call. */
function toolOptions(request: ChatRequest): { tools?: ChatCompletionTool[]; tool_choice?: { type: 'function'; function: { name: string } } } {
  const tools = (request.tools ?? []).map(toTool);
  const forced = request.responseSchema?.openaiResponseFormat ? undefined : request.responseSchema;
  if (forced) tools.push({ type: 'function', function: { name: forced.name, description: forced.description, parameters: { ...forced.schema } } });
  if (tools.length === 0) return {};
  return { tools, ...(forced ? { tool_choice: { type: 'function', function: { name: forced.name } } } : {}) };
}

/** LangChain's `json_schema` response format of a schema: named, described, not strict. */
function jsonSchemaFormat(schema: ResponseSchema) {
  return { type: 'json_schema' as const, json_schema: { name: schema.name, description: schema.description, schema: { ...schema.schema }, strict: false } };
}

/** The forced tool call's arguments, parsed; a refusal or an answer without that call fails saying so. */
function structuredAnswer(schema: ResponseSchema, calls: readonly { type: string; function?: { name: string; arguments: string } }[], refusal: string | null | undefined): unknown {
  const call = calls.find((c) => c.type === 'function' && c.function?.name === schema.name);
  if (call?.function) return parseStructured(call.function.arguments);
  if (refusal) throw new Error(`The model refused to answer: ${refusal}`);
  throw new Error(`The model answered without calling the "${schema.name}" tool`);
}

function toTool(tool: NonNullable<ChatRequest['tools']>[number]): ChatCompletionTool {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: { ...tool.parameters } } };
}

/**
 * A provider error as a user can act on it: the service and endpoint, the provider's own message,
 * and what a refused key (401, 403), a rate limit or exhausted quota (429) or a timeout means.
 */
export function describeOpenAIError(error: unknown, model: { readonly label?: string; readonly provider: string; readonly client: { readonly baseURL: string | null; readonly timeoutMs: number } }): string {
  const service = model.label ?? (model.provider === 'azure' ? 'Azure OpenAI' : 'OpenAI');
  const endpoint = model.client.baseURL ?? OPENAI_DEFAULT_BASE_URL;
  if (error instanceof APIConnectionTimeoutError) return `${service} request to ${endpoint} timed out after ${model.client.timeoutMs / 1000} s`;
  if (error instanceof APIConnectionError) return `Could not reach ${endpoint}: ${rootCause(error)}`;
  if (error instanceof APIError) return `${service} API error ${error.message}${statusHint(service, error.status)}`;
  return errorMessage(error);
}

/** What an HTTP status from a provider means for the user ('' when nothing more is to say). */
export function statusHint(service: string, status: number | undefined): string {
  if (status === 401 || status === 403) return ` (${service} refused the API key: check the key, or the variable it comes from)`;
  if (status === 429) return ` (${service}'s rate limit or quota was reached: wait, or check the plan)`;
  return '';
}

/** The model ids the server lists (`GET {baseURL}/models`). */
export async function openaiModelIds(model: LanguageModelDescriptor, signal: AbortSignal): Promise<string[]> {
  const client = new OpenAI({ apiKey: model.client.apiKey.reveal(), baseURL: model.client.baseURL, timeout: model.client.timeoutMs, maxRetries: 0, fetch: providerFetch });
  const ids: string[] = [];
  await calling((error) => describeOpenAIError(error, model), async () => {
    for await (const entry of client.models.list({ signal })) ids.push(entry.id);
  });
  return ids;
}
