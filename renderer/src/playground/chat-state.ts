/** The chat transcript as run events arrive: pure functions, for tests. */
import type { StoredMessage } from '../api/types.js';

export interface ChatMessage {
  id: string;
  sender: string;
  senderName: string;
  text: string;
  error?: boolean;
  streaming?: boolean;
}

export function fromStored(message: StoredMessage): ChatMessage {
  return { id: message.id, sender: message.sender, senderName: message.sender_name, text: message.text ?? '', ...(message.error ? { error: true } : {}) };
}

/** A stored message arrived (the user's input, or the AI's first chunk): add it, or update the one with its id. */
export function upsertMessage(messages: readonly ChatMessage[], message: StoredMessage, streaming = false): ChatMessage[] {
  const incoming = fromStored(message);
  const index = messages.findIndex((m) => m.id === incoming.id);
  if (index === -1) return [...messages, { ...incoming, ...(streaming ? { streaming } : {}) }];
  const current = messages[index] as ChatMessage;
  // Tokens may already hold more text than the stored message announced.
  const text = streaming && current.text.length > incoming.text.length ? current.text : incoming.text;
  const next = [...messages];
  next[index] = { ...current, ...incoming, text, streaming };
  return next;
}

/** One chunk of a streamed message. */
export function appendToken(messages: readonly ChatMessage[], messageId: string, chunk: string): ChatMessage[] {
  const index = messages.findIndex((m) => m.id === messageId);
  if (index === -1) return [...messages, { id: messageId, sender: 'Machine', senderName: 'AI', text: chunk, streaming: true }];
  const next = [...messages];
  const current = next[index] as ChatMessage;
  next[index] = { ...current, text: current.text + chunk, streaming: true };
  return next;
}

export function finishStreaming(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.map((m) => (m.streaming ? { ...m, streaming: false } : m));
}

/** Sessions of a flow, most recent first, from its stored messages. */
export function sessionsOf(messages: readonly StoredMessage[]): string[] {
  const latest = new Map<string, string>();
  for (const m of messages) {
    const seen = latest.get(m.session_id);
    if (!seen || m.timestamp > seen) latest.set(m.session_id, m.timestamp);
  }
  return [...latest.entries()].sort((a, b) => b[1].localeCompare(a[1])).map(([id]) => id);
}

export function newSessionId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `session-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
