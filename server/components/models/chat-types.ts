/** The provider-neutral chat shapes and helpers the provider clients share. */
import type { MessageUsage } from '../../../shared/langflow-message.js';
import type { Tool } from '../../engine/tool.js';

export interface ToolCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
  /** Opaque to all but the provider that made the call (Gemini's thought signature), given back with it. */
  signature?: string;
}

export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; callId: string; name: string; content: string; isError?: boolean };

/**
 * An answer forced into a JSON schema, by each provider's native means: OpenAI and Anthropic are
 * made to call a tool of that name and schema (the tool's arguments are the answer), Ollama gets
 * the schema as its `format`.
 */
export interface ResponseSchema {
  /** The tool's name (Langflow's schema name). */
  name: string;
  description: string;
  /** A JSON schema whose root is an object. */
  schema: Record<string, unknown>;
  /**
   * For OpenAI: `response_format` (a `json_schema` format, not strict, the answer's text the JSON),
   * as LangChain's `with_structured_output` asks by default, instead of the forced tool.
   */
  openaiResponseFormat?: boolean;
}

export interface ChatRequest {
  system: string;
  messages: ChatMessage[];
  tools?: readonly Tool[];
  /** Ask for a structured answer: the reply's `structured` is then the parsed JSON (not yet checked against the schema). */
  responseSchema?: ResponseSchema;
}

export interface ChatReply {
  text: string;
  toolCalls: ToolCall[];
  /** With `responseSchema`: the answer as parsed JSON. */
  structured?: unknown;
  /** The tokens the provider says the answer took, when it says. */
  usage?: MessageUsage;
}

/** A streamed answer: text deltas, then (once iterated to its end) the usage the provider reported, if any. */
export interface ChatStream extends AsyncIterable<string> {
  readonly usage: MessageUsage | undefined;
}

export interface ChatClient {
  /** The whole answer. Rejects with an Error whose message says what went wrong at the provider. */
  complete(request: ChatRequest, signal: AbortSignal): Promise<ChatReply>;
  /** Resolves once the provider accepted the request; then yields text deltas (throwing provider errors as messages). */
  stream(request: ChatRequest, signal: AbortSignal): Promise<ChatStream>;
}

/** The innermost cause's message (e.g. `connect ECONNREFUSED 127.0.0.1:9`). */
export function rootCause(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** Parses a tool call's JSON arguments; anything but an object becomes `{}` (or `{input: text}`). */
export function parseArguments(raw: unknown): Record<string, unknown> {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw !== 'string' || raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { input: parsed };
  } catch {
    return { input: raw };
  }
}

/** Strictly parses JSON the model wrote as a structured answer; an answer that is not JSON fails saying so. */
export function parseStructured(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    const shown = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
    throw new Error(`The model's structured answer is not valid JSON (${(error as Error).message}): ${shown}`, { cause: error });
  }
}

/** Wraps provider errors into Errors with a readable message, keeping the original as the cause. */
export async function calling<T>(describe: (error: unknown) => string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new Error(describe(error), { cause: error });
  }
}

/** Token counts in Langflow's names; total is the sum unless the provider gives it. */
export function usage(input: number | null | undefined, output: number | null | undefined, total?: number | null): MessageUsage {
  const inTokens = typeof input === 'number' ? input : null;
  const outTokens = typeof output === 'number' ? output : null;
  const sum = inTokens !== null && outTokens !== null ? inTokens + outTokens : null;
  return { input_tokens: inTokens, output_tokens: outTokens, total_tokens: typeof total === 'number' ? total : sum };
}

/**
 * Maps a provider's chunk iterator to text deltas, rewording its errors; `pickUsage` reads the usage
 * a chunk reports (given what earlier chunks reported), kept as the stream's `usage`.
 */
export function deltas<C>(
  chunks: AsyncIterable<C>,
  pick: (chunk: C) => string | undefined,
  describe: (error: unknown) => string,
  pickUsage?: (chunk: C, sofar: MessageUsage | undefined) => MessageUsage | undefined,
): ChatStream {
  const stream = {
    usage: undefined as MessageUsage | undefined,
    async *[Symbol.asyncIterator](): AsyncIterator<string> {
      try {
        for await (const chunk of chunks) {
          if (pickUsage) stream.usage = pickUsage(chunk, stream.usage) ?? stream.usage;
          const delta = pick(chunk);
          if (delta) yield delta;
        }
      } catch (error) {
        throw new Error(describe(error), { cause: error });
      }
    },
  };
  return stream;
}
