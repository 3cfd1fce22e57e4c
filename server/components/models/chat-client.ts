/**
 * One chat interface over the providers' official clients, for model components and the Agent:
 * a system text, a conversation (with tool calls and their results), optional tools; a complete
 * answer or a stream of text deltas. A provider's SDK is loaded on its first use, so a server
 * whose flows never call a provider does not pay for loading it at start.
 */
import type { LanguageModelDescriptor } from '../../engine/language-model.js';
import type { ChatClient } from './chat-types.js';

export type { ChatClient, ChatMessage, ChatReply, ChatRequest, ChatStream, ToolCall } from './chat-types.js';

type ClientFactory = (model: LanguageModelDescriptor) => ChatClient;

const FACTORIES: Record<string, () => Promise<ClientFactory>> = {
  openai: () => import('./openai-chat.js').then((m) => m.openaiChat),
  azure: () => import('./openai-chat.js').then((m) => m.openaiChat),
  google: () => import('./google-chat.js').then((m) => m.googleChat),
  anthropic: () => import('./anthropic-chat.js').then((m) => m.anthropicChat),
  ollama: () => import('./ollama-chat.js').then((m) => m.ollamaChat),
  watsonx: () => import('./watsonx-chat.js').then((m) => m.watsonxChat),
};

export function chatClient(model: LanguageModelDescriptor): ChatClient {
  const load = FACTORIES[model.provider];
  if (!load) throw new Error(`Unsupported model provider "${String(model.provider)}"`);
  let client: Promise<ChatClient> | undefined;
  const ready = () => (client ??= load().then((make) => make(model)));
  return {
    complete: async (request, signal) => (await ready()).complete(request, signal),
    stream: async (request, signal) => (await ready()).stream(request, signal),
  };
}

/** The models an OpenAI-compatible server lists (`GET /models`), e.g. a vLLM server's. */
export async function listModels(model: LanguageModelDescriptor, signal: AbortSignal): Promise<string[]> {
  return (await import('./openai-chat.js')).openaiModelIds(model, signal);
}
