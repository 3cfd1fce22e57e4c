import type { RunResponse, StreamEvent } from '../../shared/api.js';
import type { RunEvent } from '../../shared/run-events.js';
import type { RunSignal } from '../engine/cancellation.js';

/**
 * Running a flow for the API, in two phases so that errors found before the run starts (unknown
 * flow, bad body, input/tweak conflict) keep their status codes even when the client streams.
 */
export interface RunService {
  /**
   * Finds the flow (id or endpoint name) and validates the body. Throws NotFoundError / ValidationError /
   * BadRequestError / InvalidFlowError / TweakRefusedError. `serverTweaks`: the body's tweaks were
   * built by the server (the webhook's body for its Webhook nodes), not sent by a caller, so the
   * tweak policy judges them as permissive (the floor still applies), as Langflow does.
   */
  prepare(flowRef: string, body: unknown, options: PrepareOptions): PreparedRun;
}

export interface PrepareOptions {
  stream: boolean;
  /** The tweaks are the server's own (the webhook's body for its Webhook nodes): judged as permissive. */
  serverTweaks?: boolean;
}

export interface PreparedRun {
  readonly flowId: string;
  readonly sessionId: string;
  /**
   * Runs the flow. With `onStreamEvent`, emits `add_message` and `token` events as they happen (not
   * `end`/`error`: the caller frames those from the outcome). Resolves to the response body; rejects
   * with ComponentError (or CancelledError when `signal` aborts).
   */
  execute(options: ExecuteListeners & { signal: RunSignal }): Promise<RunResponse>;
}

/** Who hears a run as it goes. */
export interface ExecuteListeners {
  /** Langflow's stream events: `add_message` and `token` (the caller frames `end` and `error`). */
  onStreamEvent?: (event: StreamEvent) => void;
  /** Every engine event (node states, messages, tokens, tool calls), for the editor's live view. */
  onRunEvent?: (event: RunEvent) => void;
}
