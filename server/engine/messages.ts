/** Building chat messages inside components. */
import type { MessageUsage } from '../../shared/langflow-message.js';
import { messageTimestamp, isMessage, type Message, type MessageSource } from '../../shared/message.js';
import type { RunContext } from './define-component.js';
import { TextStream } from './text-stream.js';

export const NO_SOURCE: MessageSource = { id: null, display_name: null, source: null };

/** The node running in `ctx` as a message source; `source` names the model when there is one. */
export function nodeSource(ctx: RunContext, source: string = ctx.displayName): MessageSource {
  return { id: ctx.nodeId, display_name: ctx.displayName, source };
}

/** The tokens a value reaching an input took, when its model said (a Message's usage, or a finished TextStream's). */
export function usageOf(value: unknown): MessageUsage | undefined {
  if (value instanceof TextStream) return value.usage;
  if (isMessage(value)) return (value.properties?.usage as MessageUsage | null | undefined) ?? undefined;
  return undefined;
}

/** Where a value reaching an input came from, when it says so (a Message or a TextStream). */
export function sourceOf(value: unknown): MessageSource {
  if (value instanceof TextStream) return value.source ?? NO_SOURCE;
  if (isMessage(value)) return value.properties?.source ?? NO_SOURCE;
  return NO_SOURCE;
}

export interface MessageFields {
  text: string;
  sender: string;
  sender_name: string;
  /** Defaults to the run's session. */
  session_id?: string;
  source?: MessageSource;
  id?: string;
  timestamp?: string;
  /** Token usage the model reported (Langflow's `properties.usage`). */
  usage?: MessageUsage;
}

/** A new message of this run's flow, with a fresh id and the current time unless given. */
export function buildMessage(ctx: RunContext, fields: MessageFields): Message {
  return {
    id: fields.id ?? crypto.randomUUID(),
    text: fields.text,
    sender: fields.sender,
    sender_name: fields.sender_name,
    session_id: fields.session_id || ctx.sessionId,
    flow_id: ctx.flowId,
    timestamp: fields.timestamp ?? messageTimestamp(),
    files: [],
    error: false,
    properties: fields.usage ? { source: fields.source ?? NO_SOURCE, usage: fields.usage } : { source: fields.source ?? NO_SOURCE },
    component_id: ctx.nodeId,
  };
}
