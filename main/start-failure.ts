/**
 * Why the server could not start (or keeps crashing), worded for a person: what happened and what
 * to do. One failure becomes one message: a dialog, the window's status page, or stderr.
 */
import type { StartupErrorCode } from '../server/launcher-api.js';

export type FailureCode =
  | StartupErrorCode
  /** The process exited before it listened, without a known reason. */
  | 'server_exited'
  /** It listened but `/health` never answered 200. */
  | 'no_health'
  /** The server program could not be run at all. */
  | 'spawn_failed'
  /** It crashed again and again; the supervisor stopped restarting it. */
  | 'restarts_exhausted'
  /** The app is quitting: not a failure to show. */
  | 'stopped';

export interface StartFailure {
  code: FailureCode;
  title: string;
  /** Why, in one or two sentences (often the server's own line). */
  reason: string;
  /** What the user can do about it. */
  advice: string;
  /** The server's last output lines, for the details. */
  recentOutput: string[];
}

export interface FailureContext {
  host: string;
  port: number;
  dataDir: string;
  recentOutput?: string[];
}

const TITLES: Record<FailureCode, string> = {
  port_in_use: 'Flowdesk cannot start: its port is taken',
  data_dir_locked: 'Flowdesk cannot start: its data folder is in use',
  data_dir_unusable: 'Flowdesk cannot start: its data folder is unusable',
  database_unreachable: 'Flowdesk cannot start: its database does not answer',
  queue_unreachable: 'Flowdesk cannot start: its run queue does not answer',
  bad_config: 'Flowdesk cannot start: a setting is invalid',
  server_exited: 'Flowdesk cannot start: the server stopped',
  no_health: 'Flowdesk cannot start: the server does not answer',
  spawn_failed: 'Flowdesk cannot start the server program',
  restarts_exhausted: 'The Flowdesk server keeps stopping',
  stopped: 'Flowdesk is quitting',
};

function adviceFor(code: FailureCode, ctx: FailureContext): string {
  switch (code) {
    case 'port_in_use':
      return `Close the program that uses port ${ctx.port}, or start Flowdesk on another port: add --port 7862 (any free port) to its launcher, or set FLOWDESK_PORT.`;
    case 'data_dir_locked':
      return `Another Flowdesk server holds ${ctx.dataDir} and this app cannot attach to it. Stop that server and start Flowdesk again, or give this one its own folder with --data-dir.`;
    case 'data_dir_unusable':
      return `Check that ${ctx.dataDir} can be created and written by you (disk space, permissions), or choose another folder with --data-dir.`;
    case 'database_unreachable':
      return 'Check that the PostgreSQL server named by --database-url (FLOWDESK_DATABASE_URL) is running and reachable, then start Flowdesk again.';
    case 'queue_unreachable':
      return 'Check that the Redis server named by --queue-url (FLOWDESK_QUEUE_URL) is running and reachable, then start Flowdesk again.';
    case 'bad_config':
      return 'Correct that setting (the launcher arguments, a FLOWDESK_* environment variable, or the env file) and start Flowdesk again.';
    case 'server_exited':
    case 'no_health':
    case 'restarts_exhausted':
      return 'Quit and start Flowdesk again. If it happens again, the server output below says why; `flowdesk run` in a terminal shows the same output.';
    case 'spawn_failed':
      return 'The installation looks damaged: reinstall Flowdesk.';
    case 'stopped':
      return '';
  }
}

export function describeFailure(code: FailureCode, reason: string, ctx: FailureContext): StartFailure {
  return { code, title: TITLES[code], reason: reason.trim(), advice: adviceFor(code, ctx), recentOutput: ctx.recentOutput ?? [] };
}

/** The failure as plain text: title, reason, advice, then the output tail (for stderr and dialogs). */
export function formatFailure(failure: StartFailure, outputLines = 12): string {
  const lines = [failure.title, '', failure.reason];
  if (failure.advice) lines.push('', failure.advice);
  const tail = failure.recentOutput.slice(-outputLines);
  if (tail.length > 0) lines.push('', 'Last server output:', ...tail.map((line) => `  ${line}`));
  return lines.join('\n');
}
