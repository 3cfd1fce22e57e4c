/**
 * Runs a flow for the editor and reports what happens, node by node when the server can.
 *
 * Preferred (proposed editor-only endpoint): `POST /api/v1/editor/run/{flowId}` with the run body of
 * `/api/v1/run`, answering `application/x-ndjson`: one JSON object per line, each a `RunEvent` of
 * shared/run-events.ts (`{"type": "node_started", …}`), then exactly one terminal line
 * `{"type": "run_finished", "result": <RunResponse>}` or `{"type": "run_failed", "error": "…", "nodeId": "…"}`.
 *
 * Fallback (the route is missing): `POST /api/v1/run/{flowId}?stream=true` in Langflow's framing, which
 * carries messages and tokens but no per-node events; node states are then inferred from the result.
 * This is the only module that knows either wire format.
 */
import type { RunResponse } from '../../../shared/api.js';
import type { RunEvent } from '../../../shared/run-events.js';
import { ApiError, send } from './http.js';
import { readJsonLines, type FramedEvent } from './run-stream.js';
import type { StoredMessage } from './types.js';

export interface LiveRunBody {
  input_value: string | null;
  session_id: string;
  input_type?: 'chat' | 'text' | 'any';
  output_type?: 'chat' | 'text' | 'any' | 'debug';
  tweaks?: Record<string, unknown>;
}

export type NodeRunStatus = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

/** What the editor consumes, whichever endpoint produced it. */
export type LiveEvent =
  | { kind: 'message'; message: StoredMessage }
  | { kind: 'token'; messageId: string; chunk: string }
  | { kind: 'message_done'; message: StoredMessage }
  | { kind: 'node'; nodeId: string; status: NodeRunStatus; error?: string; outputs?: Record<string, unknown> }
  | { kind: 'warning'; nodeId: string; message: string }
  | { kind: 'end'; result: RunResponse }
  | { kind: 'error'; error: string; nodeId?: string; componentName?: string };

/** Terminal lines of the proposed editor stream. */
type EditorLine = RunEvent | { type: 'run_finished'; result: RunResponse } | { type: 'run_failed'; error: string; nodeId?: string };

/** Remembered once the editor route is known to be missing, so later runs go straight to the fallback. */
let editorRouteMissing = false;

export type LiveRunMode = 'editor' | 'langflow';

export async function runLive(flowId: string, body: LiveRunBody, onEvent: (event: LiveEvent) => void, signal?: AbortSignal): Promise<LiveRunMode> {
  const json = { input_type: 'chat', output_type: 'chat', ...body };
  if (!editorRouteMissing) {
    try {
      const response = await send('POST', `/api/v1/editor/run/${encodeURIComponent(flowId)}`, {
        json,
        signal,
        headers: { accept: 'application/x-ndjson' },
      });
      if (!response.body) throw new Error('The server sent an empty run stream');
      await readJsonLines<EditorLine>(response.body, (line) => {
        const event = fromEditorLine(line);
        if (event) onEvent(event);
      });
      return 'editor';
    } catch (error) {
      if (!(error instanceof ApiError && error.routeMissing)) throw error;
      editorRouteMissing = true;
    }
  }
  const response = await send('POST', `/api/v1/run/${encodeURIComponent(flowId)}?stream=true`, { json, signal });
  if (!response.body) throw new Error('The server sent an empty run stream');
  await readJsonLines<FramedEvent>(response.body, (framed) => {
    for (const event of fromLangflowEvent(framed)) onEvent(event);
  });
  return 'langflow';
}

/** Maps one line of the proposed editor stream. Exported for tests. */
export function fromEditorLine(line: EditorLine): LiveEvent | null {
  switch (line.type) {
    case 'node_started':
      return { kind: 'node', nodeId: line.nodeId, status: 'running' };
    case 'node_finished':
      return { kind: 'node', nodeId: line.nodeId, status: 'done', outputs: line.outputs };
    case 'node_failed':
      return { kind: 'node', nodeId: line.nodeId, status: 'failed', error: line.error };
    case 'node_skipped':
      return { kind: 'node', nodeId: line.nodeId, status: 'skipped' };
    case 'node_warning':
      return { kind: 'warning', nodeId: line.nodeId, message: line.message };
    case 'message':
      return { kind: 'message', message: line.message as StoredMessage };
    case 'token':
      return { kind: 'token', messageId: line.messageId, chunk: line.chunk };
    case 'message_done':
      return { kind: 'message_done', message: line.message as StoredMessage };
    case 'run_finished':
      return { kind: 'end', result: line.result };
    case 'run_failed':
      return { kind: 'error', error: line.error, ...(line.nodeId ? { nodeId: line.nodeId } : {}) };
    default:
      return null;
  }
}

const COMPONENT_ERROR = /Error building Component (.+?): /;

/** Maps one event of Langflow's framing, inferring node states from the final result. Exported for tests. */
export function fromLangflowEvent(framed: FramedEvent): LiveEvent[] {
  const data = framed.data;
  switch (framed.event) {
    case 'add_message':
      return [{ kind: 'message', message: data as unknown as StoredMessage }];
    case 'token':
      return [{ kind: 'token', messageId: String(data.id), chunk: String(data.chunk ?? '') }];
    case 'end': {
      const result = data.result as RunResponse;
      const reported = result.outputs[0]?.outputs ?? [];
      const nodes: LiveEvent[] = reported.map((output) => ({
        kind: 'node',
        nodeId: output.component_id,
        status: 'done',
        outputs: output.results,
      }));
      return [...nodes, { kind: 'end', result }];
    }
    case 'error': {
      // A failed component's error message (Langflow's ErrorMessage) comes first; `{error}` follows it.
      if (data.error !== undefined && typeof data.error !== 'string') return [];
      const error = String(data.error ?? 'The run failed');
      const componentName = COMPONENT_ERROR.exec(error)?.[1];
      return [{ kind: 'error', error, ...(componentName ? { componentName } : {}) }];
    }
    default:
      return [];
  }
}

/** For tests: forget that the editor route was missing. */
export function resetLiveRunRoute(): void {
  editorRouteMissing = false;
}
