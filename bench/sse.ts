/**
 * Incremental readers for the two streams the bench reads: an OpenAI-compatible provider's
 * Server-Sent Events (`data: {…}\n\n`, `data: [DONE]`) and Flowdesk's Langflow framing
 * (`{"event": …, "data": …}\n\n`). Both are blocks separated by a blank line.
 */

/** Splits a byte stream into blocks at blank lines; keeps the incomplete tail for the next push. */
export class BlockSplitter {
  #tail = '';

  /** Feeds a chunk; returns the complete blocks it finished (without their separator). */
  push(chunk: string): string[] {
    const text = (this.#tail + chunk).replace(/\r\n/g, '\n');
    const parts = text.split('\n\n');
    this.#tail = parts.pop() ?? '';
    return parts.filter((p) => p.trim() !== '');
  }

  /** What is left once the stream ended (a last block without its blank line), if anything. */
  end(): string[] {
    const rest = this.#tail.trim();
    this.#tail = '';
    return rest ? [rest] : [];
  }
}

export type SseItem = { kind: 'done' } | { kind: 'data'; json: unknown };

/** One SSE block: the `data:` lines joined; `[DONE]` ends the stream. Comments and other fields are skipped. */
export function parseSseBlock(block: string): SseItem | undefined {
  const data = block
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, ''))
    .join('\n');
  if (data === '') return undefined;
  if (data === '[DONE]') return { kind: 'done' };
  return { kind: 'data', json: JSON.parse(data) as unknown };
}

/** The text delta of a `chat.completion.chunk` ('' when it carries none). */
export function chunkDelta(json: unknown): string {
  const choices = (json as { choices?: { delta?: { content?: unknown } }[] }).choices;
  const content = choices?.[0]?.delta?.content;
  return typeof content === 'string' ? content : '';
}

export interface LangflowEvent {
  event: string;
  data: unknown;
}

export function parseLangflowBlock(block: string): LangflowEvent {
  const value = JSON.parse(block) as Partial<LangflowEvent>;
  if (typeof value !== 'object' || value === null || typeof value.event !== 'string') throw new Error(`not a Langflow event: ${block.slice(0, 200)}`);
  return { event: value.event, data: value.data };
}

/** The chunk text of a Langflow `token` event. */
export function tokenChunk(data: unknown): string {
  const chunk = (data as { chunk?: unknown } | null)?.chunk;
  return typeof chunk === 'string' ? chunk : '';
}
