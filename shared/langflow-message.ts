/**
 * Messages in Langflow 1.8's wire shapes. Langflow answers a message in two forms: a run's
 * `results.<output>` and the `add_message` stream events carry its `Message` object (the fields,
 * plus `text_key`, `default_value` and `data`, a copy of the fields as stored), while
 * `GET /api/v1/monitor/messages` answers the stored row. The stored timestamp text
 * (`2026-12-04 14:49:56 UTC`) is kept everywhere except the Message's own `timestamp`, which
 * Langflow serialises as an ISO datetime (`2026-12-04T14:49:56+00:00`).
 */
import type { MessageResponse } from './api-dto.js';
import type { Message, MessageSource } from './message.js';

/** Token counts a model reported for the message (Langflow's `properties.usage`). */
export interface MessageUsage {
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
}

const NO_SOURCE: MessageSource = { id: null, display_name: null, source: null };

/** Every property Langflow's `Properties` model has, with its defaults, then the message's own. */
export function langflowProperties(properties: Message['properties'] | undefined): Record<string, unknown> {
  return {
    text_color: null,
    background_color: null,
    edited: false,
    source: NO_SOURCE,
    icon: null,
    allow_markdown: false,
    positive_feedback: null,
    state: 'complete',
    targets: [],
    usage: null,
    build_duration: null,
    ...properties,
  };
}

/** `2026-12-04 14:49:56 UTC` → `2026-12-04T14:49:56+00:00`; anything else is returned unchanged. */
export function isoTimestamp(timestamp: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)? UTC$/.exec(timestamp);
  return match ? `${match[1]}T${match[2]}${match[3] ?? ''}+00:00` : timestamp;
}

/** The stored fields of a message, in the order Langflow's Message `data` holds them. */
function storedFields(m: Message, properties: Record<string, unknown>) {
  return {
    timestamp: m.timestamp,
    sender: m.sender,
    sender_name: m.sender_name,
    session_id: m.session_id,
    context_id: '',
    text: m.text,
    files: m.files,
    error: m.error,
    edit: false as const,
    properties,
    category: 'message' as const,
    content_blocks: [] as unknown[],
    id: m.id,
    flow_id: m.flow_id,
    duration: null,
  };
}

/** A stored message as `GET /api/v1/monitor/messages` answers it: the stored row, `files` as its JSON text, no `error`. */
export function langflowMonitorMessage(m: Message): MessageResponse {
  const { error: _error, files: _files, ...row } = storedFields(m, langflowProperties(m.properties));
  return { ...row, files: filesText(m.files) };
}

/** A message as a run's `results.<output>` gives it (Langflow's `Message` object; no top-level `id`). */
export function langflowMessage(m: Message): Record<string, unknown> {
  const properties = langflowProperties(m.properties);
  return {
    text_key: 'text',
    data: storedFields(m, properties),
    default_value: '',
    text: m.text,
    sender: m.sender,
    sender_name: m.sender_name,
    files: m.files,
    session_id: m.session_id,
    context_id: '',
    timestamp: isoTimestamp(m.timestamp),
    flow_id: m.flow_id,
    error: m.error,
    edit: false,
    properties,
    category: 'message',
    content_blocks: [],
    duration: null,
  };
}

/** A message as an `add_message` stream event's data gives it: the Message object plus its `id`. */
export function langflowMessageEvent(m: Message): Record<string, unknown> {
  return { ...langflowMessage(m), id: m.id };
}

/**
 * Files as the monitor answers them: Langflow keeps a message's files in a JSON text column and
 * returns that text (`"[]"`), written the way Python's `json.dumps` writes a list.
 */
export function filesText(files: readonly string[]): string {
  return `[${files.map((f) => JSON.stringify(f)).join(', ')}]`;
}

/** What a component's failure says in a streamed run's first `error` event. */
export interface ComponentFailure {
  /** A fresh id for the error message. */
  id: string;
  flowId: string;
  sessionId: string;
  componentId: string;
  componentName: string;
  /** The component's own error text (no `Error running graph` prefix). */
  cause: string;
  /** The error's class name, e.g. `Error`, `TypeError` (Langflow shows the Python exception's). */
  errorType: string;
  /** `YYYY-MM-DD HH:MM:SS UTC`. */
  timestamp: string;
}

/**
 * The data of the first `error` event of a streamed run whose component failed: Langflow's
 * ErrorMessage, a message sent by the failing component (red, `category: "error"`) whose one
 * content block explains the error. Its `traceback` holds only the error's last line: Flowdesk
 * never sends stack traces.
 */
export function langflowErrorMessageEvent(f: ComponentFailure): Record<string, unknown> {
  const text = `${f.cause}\n`;
  const properties = langflowProperties({
    text_color: 'red',
    background_color: 'red',
    source: { id: f.componentId, display_name: f.componentName, source: f.componentName },
    icon: 'error',
  });
  const contentBlocks = [
    {
      title: 'Error',
      contents: [
        {
          type: 'error',
          duration: null,
          header: {},
          component: f.componentName,
          field: null,
          reason: `**${f.errorType}**\n - **Details: ${f.cause}**\n`,
          solution: null,
          traceback: `${f.errorType}: ${f.cause}\n`,
        },
      ],
      allow_markdown: true,
      media_url: null,
    },
  ];
  const common = { sender: f.componentName, sender_name: f.componentName, session_id: f.sessionId, context_id: null };
  return {
    text_key: 'text',
    data: {
      timestamp: f.timestamp,
      ...common,
      text,
      files: [],
      error: false,
      edit: false,
      properties,
      category: 'error',
      content_blocks: contentBlocks,
      id: f.id,
      flow_id: f.flowId,
      duration: null,
    },
    default_value: '',
    text,
    sender: f.componentName,
    sender_name: f.componentName,
    files: [],
    session_id: f.sessionId,
    context_id: null,
    timestamp: isoTimestamp(f.timestamp),
    flow_id: f.flowId,
    error: false,
    edit: false,
    properties,
    category: 'error',
    content_blocks: contentBlocks,
    duration: null,
    id: f.id,
  };
}
