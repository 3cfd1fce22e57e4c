/**
 * The OpenAI Responses API shapes of `POST /api/v1/responses` (Langflow 1.10's endpoint): the
 * request as the `openai` client sends it, the response object, its stream events and errors.
 */
import type { MessageUsage } from './langflow-message.js';

/** The request fields the endpoint reads (others, e.g. `instructions`, are accepted and ignored as Langflow does). */
export interface ResponsesRequest {
  /** A flow id or endpoint name. */
  model: string;
  /** The input text: a string, or the message-list form's last user text. */
  input: string;
  stream: boolean;
  previous_response_id: string | null;
  /** Present when the caller sent `tools` (refused: `tools_not_supported`). */
  tools: unknown;
}

export interface ResponsesUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

export interface ResponsesError {
  error: { message: string; type: string; code: string | null; param: null };
}

export function responsesError(message: string, type: string, code: string | null = null): ResponsesError {
  return { error: { message, type, code, param: null } };
}

/** Why a request body is not a Responses request, or undefined. */
export function responsesRequestProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The request body must be a JSON object';
  const { model, input, previous_response_id: previous } = body as Record<string, unknown>;
  if (typeof model !== 'string' || model === '') return "'model' must be a flow id or endpoint name";
  if (typeof input !== 'string' && !Array.isArray(input)) return "'input' must be a string or a list of messages";
  if (previous !== undefined && previous !== null && typeof previous !== 'string') return "'previous_response_id' must be a string";
  return undefined;
}

/** Reads a body `responsesRequestProblem` accepted. */
export function parseResponsesRequest(body: Record<string, unknown>): ResponsesRequest {
  return {
    model: body.model as string,
    input: inputText(body.input as string | unknown[]),
    stream: body.stream === true,
    previous_response_id: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
    tools: body.tools ?? undefined,
  };
}

/** The text of `input`: the string itself, or the last user message's text (its `input_text` parts joined). */
export function inputText(input: string | unknown[]): string {
  if (typeof input === 'string') return input;
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i] as { role?: unknown; content?: unknown; type?: unknown } | null;
    if (!item || typeof item !== 'object' || item.role !== 'user') continue;
    if (typeof item.content === 'string') return item.content;
    if (Array.isArray(item.content)) {
      return item.content
        .filter((part): part is { type: string; text: string } => typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'input_text' && typeof (part as { text?: unknown }).text === 'string')
        .map((part) => part.text)
        .join('');
    }
  }
  return '';
}

/** A model's usage as the Responses API counts it, or null when the model reported none. */
export function responsesUsage(usage: MessageUsage | null | undefined): ResponsesUsage | null {
  if (!usage || (usage.input_tokens === null && usage.output_tokens === null)) return null;
  const input = usage.input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  return { input_tokens: input, output_tokens: output, total_tokens: usage.total_tokens ?? input + output };
}

export interface OutputTextPart {
  type: 'output_text';
  text: string;
  annotations: [];
}

export interface OutputMessage {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed';
  role: 'assistant';
  content: OutputTextPart[];
}

export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: 'in_progress' | 'completed' | 'failed';
  error: { code: string; message: string } | null;
  incomplete_details: null;
  instructions: null;
  max_output_tokens: null;
  model: string;
  output: OutputMessage[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: null; summary: null };
  store: boolean;
  temperature: null;
  text: { format: { type: 'text' } };
  tool_choice: 'auto';
  tools: [];
  top_p: null;
  truncation: 'disabled';
  usage: ResponsesUsage | null;
  user: null;
  metadata: Record<string, string>;
}

/** The assistant message of a response (Langflow's `msg_<response id>`). */
export function outputMessage(responseId: string, text: string, status: OutputMessage['status'] = 'completed'): OutputMessage {
  return { type: 'message', id: `msg_${responseId}`, status, role: 'assistant', content: status === 'completed' ? [{ type: 'output_text', text, annotations: [] }] : [] };
}

export function responseObject(fields: {
  id: string;
  createdAt: number;
  model: string;
  previousResponseId: string | null;
  status: ResponseObject['status'];
  output: OutputMessage[];
  usage: ResponsesUsage | null;
  error?: ResponseObject['error'];
}): ResponseObject {
  return {
    id: fields.id,
    object: 'response',
    created_at: fields.createdAt,
    status: fields.status,
    error: fields.error ?? null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: true,
    previous_response_id: fields.previousResponseId,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage: fields.usage,
    user: null,
    metadata: {},
  };
}

/** One server-sent event of the Responses stream: `event: <type>` and its JSON (which repeats `type`). */
export function frameResponsesEvent(event: { type: string } & Record<string, unknown>): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
