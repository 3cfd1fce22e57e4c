/** The ChatClient of Anthropic's Messages API, with the official `@anthropic-ai/sdk` client. */
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import type { ContentBlockParam, MessageParam, RawMessageStreamEvent, Tool as AnthropicTool } from '@anthropic-ai/sdk/resources/messages';
import { errorMessage } from '../../../shared/errors.js';
import type { LanguageModelDescriptor } from '../../engine/language-model.js';
import type { MessageUsage } from '../../../shared/langflow-message.js';
import { calling, deltas, rootCause, usage, type ChatClient, type ChatRequest } from './chat-types.js';
import { clientCache } from './client-cache.js';
import { ANTHROPIC_DEFAULT_BASE_URL, ANTHROPIC_DEFAULT_MAX_TOKENS } from './provider-defaults.js';
import { providerFetch } from './provider-fetch.js';

/** The Messages API requires `max_tokens`; this is used when the node sets none. */

const cachedClient = clientCache<Anthropic>();

export function anthropicChat(model: LanguageModelDescriptor): ChatClient {
  // Everything explicit, so the SDK never reads ANTHROPIC_* from the server's own process environment.
  const apiKey = model.client.apiKey.reveal();
  const baseURL = model.client.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL;
  const client = cachedClient(`${baseURL}\n${model.client.timeoutMs}\n${apiKey}`, () =>
    new Anthropic({ apiKey, baseURL, timeout: model.client.timeoutMs, maxRetries: 0, fetch: providerFetch }),
  );
  const describe = (error: unknown) => describeAnthropicError(error, model);
  const body = (request: ChatRequest) => ({
    model: model.model,
    max_tokens: model.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: toMessages(request),
    ...(request.system ? { system: request.system } : {}),
    ...toolOptions(request),
    ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
  });

  return {
    async complete(request, signal) {
      const reply = await calling(describe, () => client.messages.create({ ...body(request), stream: false }, { signal }));
      let text = '';
      const toolCalls = [];
      for (const block of reply.content) {
        if (block.type === 'text') text += block.text;
        else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, args: asObject(block.input) });
      }
      const answer = { text, toolCalls, usage: usage(reply.usage.input_tokens, reply.usage.output_tokens) };
      const forced = request.responseSchema;
      if (!forced) return answer;
      const call = toolCalls.find((c) => c.name === forced.name);
      if (!call) throw new Error(`The model answered without calling the "${forced.name}" tool`);
      // The Messages API hands the tool's input over already parsed.
      return { ...answer, structured: call.args };
    },
    async stream(request, signal) {
      const events = await calling(describe, () => client.messages.create({ ...body(request), stream: true }, { signal }));
      return deltas(events as AsyncIterable<RawMessageStreamEvent>, textDelta, describe, streamUsage);
    },
  };
}

/** `message_start` reports the input tokens, `message_delta` the output tokens so far. */
function streamUsage(event: RawMessageStreamEvent, sofar: MessageUsage | undefined): MessageUsage | undefined {
  if (event.type === 'message_start') return usage(event.message.usage.input_tokens, event.message.usage.output_tokens);
  if (event.type === 'message_delta') return usage(event.usage.input_tokens ?? sofar?.input_tokens, event.usage.output_tokens);
  return undefined;
}

function textDelta(event: RawMessageStreamEvent): string | undefined {
  return event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? event.delta.text : undefined;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Tool results go back as `tool_result` blocks of one user turn, as the API requires. */
function toMessages(request: ChatRequest): MessageParam[] {
  const messages: MessageParam[] = [];
  for (const message of request.messages) {
    if (message.role === 'user') messages.push({ role: 'user', content: message.content });
    else if (message.role === 'assistant') {
      const content: ContentBlockParam[] = [];
      if (message.content) content.push({ type: 'text', text: message.content });
      for (const call of message.toolCalls ?? []) content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.args });
      messages.push({ role: 'assistant', content: content.length > 0 ? content : '' });
    } else {
      const block: ContentBlockParam = { type: 'tool_result', tool_use_id: message.callId, content: message.content, ...(message.isError ? { is_error: true } : {}) };
      const last = messages.at(-1);
      if (last && last.role === 'user' && Array.isArray(last.content) && last.content.every((b) => b.type === 'tool_result')) last.content.push(block);
      else messages.push({ role: 'user', content: [block] });
    }
  }
  return messages;
}

/** The request's tools; with a response schema, one more tool of that schema, which `tool_choice` makes the model call. */
function toolOptions(request: ChatRequest): { tools?: AnthropicTool[]; tool_choice?: { type: 'tool'; name: string } } {
  const tools = (request.tools ?? []).map(toTool);
  const forced = request.responseSchema;
  if (forced) tools.push({ name: forced.name, description: forced.description, input_schema: { type: 'object', ...forced.schema } });
  if (tools.length === 0) return {};
  return { tools, ...(forced ? { tool_choice: { type: 'tool', name: forced.name } } : {}) };
}

function toTool(tool: NonNullable<ChatRequest['tools']>[number]): AnthropicTool {
  return { name: tool.name, description: tool.description, input_schema: { ...tool.parameters } };
}

export function describeAnthropicError(error: unknown, model: LanguageModelDescriptor): string {
  const endpoint = model.client.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL;
  if (error instanceof APIConnectionTimeoutError) return `Anthropic request to ${endpoint} timed out`;
  if (error instanceof APIConnectionError) return `Could not reach ${endpoint}: ${rootCause(error)}`;
  if (error instanceof APIError) return `Anthropic API error ${error.message}`;
  return errorMessage(error);
}
