/**
 * A JSON-safe, size-capped view of a node's outputs for the editor's "last output" inspector.
 * Values on edges can be streams, messages, data or model handles; none of them leaks a secret
 * (secrets serialise masked) and none is sent whole when large.
 */
import { isMessage } from '../../shared/message.js';
import { TextStream } from '../engine/text-stream.js';

const MAX_CHARS = 10_000;

function cap(text: string): string {
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}… (${text.length - MAX_CHARS} more characters)` : text;
}

export function previewValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return value ?? null;
  if (typeof value === 'string') return cap(value);
  if (value instanceof TextStream) return '(streamed text: see the message)';
  if (isMessage(value)) return { text: cap(value.text), sender: value.sender, sender_name: value.sender_name };
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value);
    return json.length > MAX_CHARS ? cap(json) : (JSON.parse(json) as unknown);
  } catch {
    return String(value);
  }
}

export function previewOutputs(outputs: Record<string, unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) view[name] = previewValue(value);
  return view;
}
