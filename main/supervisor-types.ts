/** The supervisor's settings, timings, results and events (supervisor.ts), and the server's flags. */
import type { OutputStream } from './output-lines.js';
import type { RestartPolicy } from './restart-policy.js';
import type { ForkFn } from './server-process.js';
import type { StartFailure } from './start-failure.js';

export interface ServerSettings {
  host: string;
  port: number;
  /** Absolute. */
  dataDir: string;
  backendOnly: boolean;
}

export interface SupervisorTiming {
  /** From spawn to "listening" (opening a large data directory takes a while). */
  startTimeoutMs: number;
  /** From "listening" to `/health` answering 200. */
  healthTimeoutMs: number;
  /** Graceful stop, before the process is killed. The server itself waits up to 10 s for runs in flight. */
  stopTimeoutMs: number;
  /** How long a server that holds the lock but does not answer yet is given to come up, before giving up on attaching. */
  attachWaitMs: number;
  /** How often an attached server's `/health` is checked; two misses in a row count as lost. */
  attachPollMs: number;
}

export const DEFAULT_TIMING: SupervisorTiming = {
  startTimeoutMs: 60_000,
  healthTimeoutMs: 20_000,
  stopTimeoutMs: 15_000,
  attachWaitMs: 5_000,
  attachPollMs: 2_000,
};

export interface SupervisorOptions {
  settings: ServerSettings;
  /** The server program (dist/main/server-entry.js). */
  entry: string;
  /** Node, or the Electron binary with `runAsNode`. */
  execPath: string;
  runAsNode: boolean;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Every line the server prints. */
  onOutput?: (line: string, stream: OutputStream) => void;
  timing?: Partial<SupervisorTiming>;
  restart?: Partial<RestartPolicy>;
  fork?: ForkFn;
}

export interface ServerReady {
  /** Where to reach it, e.g. `http://127.0.0.1:7861` (no trailing slash). */
  url: string;
  /** True when it is another process's server, found through the data-directory lock. */
  attached: boolean;
  pid: number;
}

export type StartResult = { ok: true; ready: ServerReady } | { ok: false; failure: StartFailure };

export type SupervisorState = 'idle' | 'starting' | 'ready' | 'waiting' | 'failed' | 'stopping' | 'stopped';

export type SupervisorEvent =
  | { type: 'starting' }
  | { type: 'ready'; ready: ServerReady }
  | { type: 'crashed'; reason: string; attempt: number; restartInMs: number; recentOutput: string[] }
  | { type: 'failed'; failure: StartFailure }
  | { type: 'stopped' };

/** The `flowdesk run` flags for these settings: explicit, so the server resolves exactly what the app did. */
export function serverArgs(settings: ServerSettings): string[] {
  return [
    '--host', settings.host,
    '--port', String(settings.port),
    '--data-dir', settings.dataDir,
    settings.backendOnly ? '--backend-only' : '--no-backend-only',
  ];
}
