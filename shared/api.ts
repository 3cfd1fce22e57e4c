/** Request and response shapes of the Langflow-compatible API (see the API contract). */

export type InputType = 'chat' | 'text' | 'any';
export type OutputType = 'chat' | 'text' | 'any' | 'debug';

export const INPUT_TYPES: readonly InputType[] = ['chat', 'text', 'any'];
export const OUTPUT_TYPES: readonly OutputType[] = ['chat', 'text', 'any', 'debug'];

/** `POST /api/v1/run/{flow}` body, after validation and defaults. */
export interface RunRequest {
  input_value: string | null;
  input_type: InputType;
  output_type: OutputType;
  output_component: string;
  tweaks: Record<string, unknown> | null;
  session_id: string | null;
}

/** One reported component in a run response (`outputs[0].outputs[i]`). */
export interface RunOutput {
  results: Record<string, unknown>;
  artifacts: Record<string, unknown>;
  outputs: Record<string, { message: unknown; type: string }>;
  logs: Record<string, unknown[]>;
  messages: {
    message: string;
    sender: string;
    sender_name: string;
    session_id: string;
    component_id: string;
    files: string[];
    type: string;
    stream_url: string | null;
  }[];
  timedelta: number | null;
  duration: string | null;
  component_display_name: string;
  component_id: string;
  used_frozen_result: boolean;
}

export interface RunResponse {
  session_id: string;
  outputs: [{ inputs: { input_value?: string }; outputs: RunOutput[] }];
}

/** One event of a streamed run, in Langflow's framing: one JSON line, then a blank line. */
export type StreamEvent =
  | { event: 'add_message'; data: Record<string, unknown> }
  | { event: 'token'; data: { chunk: string; id: string } }
  | { event: 'end'; data: { result: RunResponse } }
  /** A failed run: the failing component's error message (Langflow's ErrorMessage), then `{error}`. */
  | { event: 'error'; data: { error: string } | Record<string, unknown> };

export function frameStreamEvent(event: StreamEvent): string {
  return `${JSON.stringify(event)}\n\n`;
}
