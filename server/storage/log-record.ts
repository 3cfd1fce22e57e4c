/**
 * The records of the message log (`messages.jsonl`, see message-log.ts), one JSON line each: a
 * message as it is, or a tombstone `{"$delete": {"session_id": …}}` / `{"$delete": {"flow_id": …}}`
 * that forgets the messages written before it.
 */
import type { Message } from '../../shared/message.js';

export type LogRecord = { kind: 'message'; message: Message } | { kind: 'delete_session'; sessionId: string } | { kind: 'delete_flow'; flowId: string };

/** Where a record's line is in the file: byte offset and length, newline included. */
export interface Span {
  offset: number;
  length: number;
}

/** What the log can store as a message: an object with a string `id` and `session_id`. */
export function isStorableMessage(value: unknown): value is Message {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<Message>;
  return typeof m.id === 'string' && typeof m.session_id === 'string';
}

export function toLine(record: LogRecord): string {
  if (record.kind === 'message') return JSON.stringify(record.message) + '\n';
  return JSON.stringify({ $delete: record.kind === 'delete_session' ? { session_id: record.sessionId } : { flow_id: record.flowId } }) + '\n';
}

export function parseRecord(text: string): LogRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const del = (value as { $delete?: unknown }).$delete;
  if (del !== undefined) {
    if (typeof del !== 'object' || del === null) return undefined;
    const target = del as { session_id?: unknown; flow_id?: unknown };
    if (typeof target.session_id === 'string') return { kind: 'delete_session', sessionId: target.session_id };
    if (typeof target.flow_id === 'string') return { kind: 'delete_flow', flowId: target.flow_id };
    return undefined;
  }
  return isStorableMessage(value) ? { kind: 'message', message: value } : undefined;
}
