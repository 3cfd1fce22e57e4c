/**
 * Reads Langflow's streaming framing (`POST /api/v1/run/{flow}?stream=true`): each event is one JSON
 * object on one line, followed by a blank line. `createFrameParser` is pure, for tests.
 */

/** One event of Langflow's framing. */
export interface FramedEvent {
  event: string;
  data: Record<string, unknown>;
}

/**
 * Feed text chunks; get back every complete JSON line (one event each; blank lines are the
 * separators). Works for Langflow's framing and for NDJSON alike.
 */
export function createFrameParser<T = FramedEvent>(): { push(text: string): T[]; end(): T[] } {
  let buffer = '';
  const take = (final: boolean): T[] => {
    const events: T[] = [];
    const parts = buffer.split(/\r?\n/);
    buffer = final ? '' : (parts.pop() ?? '');
    for (const line of parts) {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      const parsed = JSON.parse(trimmed.startsWith('data:') ? trimmed.slice(5) : trimmed) as T;
      events.push(parsed);
    }
    return events;
  };
  return {
    push(text) {
      buffer += text;
      return take(false);
    },
    end() {
      buffer += '\n';
      return take(true);
    },
  };
}

/** Reads a streamed body line by line, calling `onEvent` for every JSON event. */
export async function readJsonLines<T = FramedEvent>(body: ReadableStream<Uint8Array>, onEvent: (event: T) => void): Promise<void> {
  const parser = createFrameParser<T>();
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const event of parser.push(decoder.decode(value, { stream: true }))) onEvent(event);
  }
  for (const event of parser.push(decoder.decode())) onEvent(event);
  for (const event of parser.end()) onEvent(event);
}
