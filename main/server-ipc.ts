/** The messages between the desktop app and the server process it forks (over Node's IPC channel). */
import type { StartupErrorCode } from '../server/launcher-api.js';

/** Server → parent. */
export type ServerMessage =
  /** The server listens at `url` (it may not answer `/health` yet). */
  | { type: 'flowdesk:listening'; url: string; pid: number }
  /** The server cannot start, for a known reason (the message is the CLI's one line). */
  | { type: 'flowdesk:startup-error'; code: StartupErrorCode; message: string };

/** Parent → server: stop gracefully (works the same on Windows, where signals cannot). */
export type ParentMessage = { type: 'flowdesk:shutdown' };

const STARTUP_ERROR_CODES: readonly string[] = ['port_in_use', 'data_dir_locked', 'data_dir_unusable', 'bad_config'] satisfies StartupErrorCode[];

export function isServerMessage(value: unknown): value is ServerMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  if (message.type === 'flowdesk:listening') return typeof message.url === 'string' && typeof message.pid === 'number';
  if (message.type === 'flowdesk:startup-error') {
    return typeof message.code === 'string' && STARTUP_ERROR_CODES.includes(message.code) && typeof message.message === 'string';
  }
  return false;
}

export function isShutdownMessage(value: unknown): value is ParentMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'flowdesk:shutdown';
}
