/** Chat messages as Langflow shapes them, both on edges between components and in the message store. */

export type Sender = 'User' | 'Machine';

export interface MessageSource {
  id: string | null;
  display_name: string | null;
  source: string | null;
}

export interface Message {
  id: string;
  text: string;
  sender: Sender | string;
  sender_name: string;
  session_id: string;
  flow_id: string | null;
  timestamp: string;
  files: string[];
  error: boolean;
  properties: { source: MessageSource; [key: string]: unknown };
  /** Id of the component that produced the message (Langflow's `component_id`). */
  component_id?: string | null;
}

/** Langflow's timestamp format: `YYYY-MM-DD HH:MM:SS UTC`. */
export function messageTimestamp(date?: Date): string {
  if (date) return formatTimestamp(date);
  // Called for every message of every run; the text changes once a second.
  const second = Math.floor(Date.now() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = formatTimestamp(new Date(second * 1000));
  }
  return lastText;
}

let lastSecond = -1;
let lastText = '';

function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Message).text === 'string' &&
    typeof (value as Message).sender === 'string' &&
    'session_id' in value
  );
}
