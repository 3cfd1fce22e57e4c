/**
 * A run is a stream of typed events. The blocking JSON response, Langflow's streaming framing and
 * the editor's live view are three consumers of this one stream.
 */
import type { Message } from './message.js';

/**
 * Node events of a node inside a Loop's body carry `iteration`: the index (from 0) of the Loop's
 * item that run of the node belongs to.
 */
export type RunEvent =
  | { type: 'node_started'; nodeId: string; componentType: string; iteration?: number }
  | { type: 'node_finished'; nodeId: string; durationMs: number; outputs: Record<string, unknown>; iteration?: number }
  | { type: 'node_failed'; nodeId: string; error: string; iteration?: number }
  | { type: 'node_skipped'; nodeId: string; iteration?: number }
  /** A Loop starts its body for its item number `iteration` (from 0) of `total`. */
  | { type: 'loop_iteration'; nodeId: string; iteration: number; total: number }
  /** Something the run went on despite: a non-secret field's global variable was not found, so the field took its default. */
  | { type: 'node_warning'; nodeId: string; message: string }
  /** A message was stored (or would have been, with storage off): the user's input, or an AI message when its first chunk arrives. */
  | { type: 'message'; message: Message }
  /** One chunk of a streamed message. */
  | { type: 'token'; messageId: string; chunk: string; timestamp: string }
  /** A streamed message is complete. */
  | { type: 'message_done'; message: Message }
  /** An agent node calls a tool. */
  | { type: 'tool_call'; nodeId: string; callId: string; tool: string; input: Record<string, unknown> }
  /** The tool's answer (or its error, with `error: true`), fed back to the agent's model. */
  | { type: 'tool_result'; nodeId: string; callId: string; tool: string; output: string; error: boolean; durationMs: number };

export type RunEventListener = (event: RunEvent) => void;
