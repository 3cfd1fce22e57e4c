/** The ChatClient of OpenAI's chat-completions API (and any OpenAI-compatible endpoint), with the official `openai` client. */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { errorMessage } from '../../../shared/errors.js';
import type { LanguageModelDescriptor } from '../../engine/language-model.js';
import { clientCache } from './client-cache.js';
import { OPENAI_DEFAULT_BASE_URL } from './provider-defaults.js';
import { providerFetch } from './provider-fetch.js';
import { calling, deltas, parseArguments, parseStructured, rootCause, usage, type ChatClient, type ChatRequest, type ResponseSchema } from './chat-types.js';


const cachedClient = clientCache<OpenAI>();

export function openaiChat(model: LanguageModelDescriptor): ChatClient {
  const apiKey = model.client.apiKey.reveal();
  const client = cachedClient(`${model.client.baseURL ?? ''}\n${model.client.timeoutMs}\n${apiKey}`, () =>
    new OpenAI({ apiKey, baseURL: model.client.baseURL, timeout: model.client.timeoutMs, maxRetries: 0, fetch: providerFetch }),
  );
  const describe = (error: unknown) => describeOpenAIError(error, model);
  const body = (request: ChatRequest) => ({
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
        client.chat.completions.create({ ...body(request), stream: true, stream_options: { include_usage: true } }, { signal }),
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

export function describeOpenAIError(error: unknown, model: { readonly client: { readonly baseURL: string | null } }): string {
  const endpoint = model.client.baseURL ?? OPENAI_DEFAULT_BASE_URL;
  if (error instanceof APIConnectionTimeoutError) return `OpenAI request to ${endpoint} timed out`;
  if (error instanceof APIConnectionError) return `Could not reach ${endpoint}: ${rootCause(error)}`;
  if (error instanceof APIError) return `OpenAI API error ${error.message}`;
  return errorMessage(error);
}
