/**
 * Writes a large message history straight into a data directory's message log, because producing
 * 100,000 messages through `/api/v1/run` (50,000 runs) would take most of the bench's time.
 *
 * The format is Flowdesk's own (server/storage/message-log.ts): `<data-dir>/messages.jsonl`, JSON
 * Lines, one stored message per line exactly as a run stores it (`id`, `text`, `sender`,
 * `sender_name`, `session_id`, `flow_id`, `timestamp` as `YYYY-MM-DD HH:MM:SS UTC`, `files`,
 * `error`, `properties.source`, `component_id`); lines are only ever appended, and the server
 * replays the file at start. A run stores two messages: the user's input (ChatInput) and the
 * answer (ChatOutput). The file may only be written while no server has the data directory open
 * (the server holds a lock on it), so the bench stops the server first.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

export const MESSAGE_LOG = 'messages.jsonl';

export interface HistoryOptions {
  /** Messages to write (two per simulated run). */
  messages: number;
  /** Flows the runs are spread over, round robin. */
  flowIds: string[];
  /** Runs in one session before a new session starts; default 5. */
  runsPerSession?: number;
  /** Timestamp of the first message, ms; one second between runs. Default: `messages` seconds ago. */
  startMs?: number;
  /**
   * Flows whose runs use the flow id as session id, as API calls without a `session_id` do
   * (all their runs share one session). Other flows get a new session every `runsPerSession` runs.
   */
  flowIdSessions?: string[];
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
}

/** The two stored messages of one simulated run, in Flowdesk's stored shape. */
export function runMessages(run: number, flowId: string, sessionId: string, timeMs: number) {
  const ts = stamp(timeMs);
  const input = `Question number ${run}`;
  const base = { session_id: sessionId, flow_id: flowId, timestamp: ts, files: [] as string[], error: false };
  return [
    {
      id: randomUUID(),
      text: input,
      sender: 'User',
      sender_name: 'User',
      ...base,
      properties: { source: { id: 'ChatInput-bulk1', display_name: 'Chat Input', source: 'Chat Input' } },
      component_id: 'ChatInput-bulk1',
    },
    {
      id: randomUUID(),
      text: `Thank you for your message!\n\nYou wrote: "${input}"\n\nThis reply comes from a template: edit the Prompt to change it.`,
      sender: 'Machine',
      sender_name: 'AI',
      ...base,
      properties: { source: { id: 'Prompt-bulk2', display_name: 'Prompt', source: 'Prompt' } },
      component_id: 'ChatOutput-bulk3',
    },
  ];
}

/** The lines of a history (generator: 100,000 messages never sit in memory as one string). */
export function* historyLines(options: HistoryOptions): Generator<string> {
  const { messages, flowIds } = options;
  if (flowIds.length === 0) throw new Error('historyLines needs at least one flow id');
  const perSession = options.runsPerSession ?? 5;
  const runs = Math.ceil(messages / 2);
  const start = options.startMs ?? Date.now() - runs * 1000;
  let written = 0;
  const flowSessions = new Set(options.flowIdSessions ?? []);
  let session = '';
  for (let run = 0; run < runs && written < messages; run++) {
    if (run % perSession === 0) session = randomUUID();
    const flowId = flowIds[run % flowIds.length] as string;
    const sessionId = flowSessions.has(flowId) ? flowId : session;
    for (const message of runMessages(run, flowId, sessionId, start + run * 1000)) {
      if (written >= messages) break;
      written++;
      yield JSON.stringify(message) + '\n';
    }
  }
}

/** Appends a generated history to `<dataDir>/messages.jsonl`; resolves the bytes written. */
export async function appendHistory(dataDir: string, options: HistoryOptions): Promise<number> {
  const out = createWriteStream(path.join(dataDir, MESSAGE_LOG), { flags: 'a', mode: 0o600 });
  let bytes = 0;
  let buffer: string[] = [];
  const flush = async () => {
    const text = buffer.join('');
    buffer = [];
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const line of historyLines(options)) {
    buffer.push(line);
    if (buffer.length >= 5_000) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return bytes;
}
