/** The ChatClient of Ollama's `/api/chat`, with the official `ollama` client. */
import { Ollama, type Message as OllamaMessage, type Options, type Tool as OllamaTool } from 'ollama';
import { errorMessage } from '../../../shared/errors.js';
import type { LanguageModelDescriptor } from '../../engine/language-model.js';
import { calling, deltas, parseStructured, rootCause, usage, type ChatClient, type ChatRequest } from './chat-types.js';
import { OLLAMA_DEFAULT_BASE_URL } from './provider-defaults.js';
import { providerFetch } from './provider-fetch.js';


export function ollamaChat(model: LanguageModelDescriptor): ChatClient {
  const host = model.client.baseURL ?? OLLAMA_DEFAULT_BASE_URL;
  const describe = (error: unknown) => describeOllamaError(error, host);
  /** A client whose every request ends with the run (the client itself only aborts streams). */
  const clientFor = (signal: AbortSignal) =>
    new Ollama({
      host,
      fetch: (input, init) => {
        const signals = [signal, AbortSignal.timeout(model.client.timeoutMs), init?.signal].filter((s): s is AbortSignal => s instanceof AbortSignal);
        return providerFetch(input, { ...init, signal: AbortSignal.any(signals) });
      },
    });
  const body = (request: ChatRequest) => {
    const extra = model.extra ?? {};
    const options: Partial<Options> = {
      ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
      ...(model.seed === undefined ? {} : { seed: model.seed }),
      ...(model.maxTokens === undefined ? {} : { num_predict: model.maxTokens }),
      ...(typeof extra.num_ctx === 'number' ? { num_ctx: extra.num_ctx } : {}),
      ...(typeof extra.top_k === 'number' ? { top_k: extra.top_k } : {}),
      ...(typeof extra.top_p === 'number' ? { top_p: extra.top_p } : {}),
      ...(Array.isArray(extra.stop) && extra.stop.length > 0 ? { stop: extra.stop as string[] } : {}),
    };
    return {
      model: model.model,
      messages: toMessages(request),
      ...(request.tools && request.tools.length > 0 ? { tools: request.tools.map(toTool) } : {}),
      ...(Object.keys(options).length > 0 ? { options } : {}),
      // A response schema is Ollama's structured output: the schema as `format`, the answer JSON text.
      ...(request.responseSchema
        ? { format: request.responseSchema.schema }
        : typeof extra.format === 'string' && extra.format !== ''
          ? { format: extra.format }
          : {}),
      ...(typeof extra.keep_alive === 'string' && extra.keep_alive !== '' ? { keep_alive: extra.keep_alive } : {}),
    };
  };

  return {
    async complete(request, signal) {
      const reply = await calling(describe, () => clientFor(signal).chat({ ...body(request), stream: false }));
      const toolCalls = (reply.message.tool_calls ?? []).map((call, i) => ({
        id: `call_${i}_${call.function.name}`,
        name: call.function.name,
        args: call.function.arguments ?? {},
      }));
      const text = reply.message.content ?? '';
      return {
        text,
        toolCalls,
        ...(reply.done ? { usage: usage(reply.prompt_eval_count, reply.eval_count) } : {}),
        ...(request.responseSchema ? { structured: parseStructured(text) } : {}),
      };
    },
    async stream(request, signal) {
      const chunks = await calling(describe, () => clientFor(signal).chat({ ...body(request), stream: true }));
      // The last chunk (`done`) carries the counts.
      return deltas(chunks, (chunk) => chunk.message?.content, describe, (chunk) => (chunk.done ? usage(chunk.prompt_eval_count, chunk.eval_count) : undefined));
    },
  };
}

function toMessages(request: ChatRequest): OllamaMessage[] {
  const messages: OllamaMessage[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) {
    if (message.role === 'user') messages.push({ role: 'user', content: message.content });
    else if (message.role === 'tool') messages.push({ role: 'tool', content: message.content, tool_name: message.name });
    else {
      messages.push({
        role: 'assistant',
        content: message.content,
        ...(message.toolCalls && message.toolCalls.length > 0
          ? { tool_calls: message.toolCalls.map((call) => ({ function: { name: call.name, arguments: call.args } })) }
          : {}),
      });
    }
  }
  return messages;
}

function toTool(tool: NonNullable<ChatRequest['tools']>[number]): OllamaTool {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: { ...tool.parameters } } };
}

/** Ollama's client throws `ResponseError` (with `status_code`) for HTTP errors and fetch's TypeError when unreachable. */
export function describeOllamaError(error: unknown, host: string): string {
  if (error instanceof Error && error.name === 'ResponseError') {
    const status = (error as Error & { status_code?: number }).status_code;
    return `Ollama API error${status ? ` ${status}` : ''} ${error.message}`;
  }
  if (error instanceof Error && error.name === 'TimeoutError') return `Ollama request to ${host} timed out`;
  if (error instanceof TypeError && /fetch failed/i.test(error.message)) return `Could not reach ${host}: ${rootCause(error)}`;
  return errorMessage(error);
}
