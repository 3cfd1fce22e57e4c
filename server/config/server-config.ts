import type { TweaksPolicy } from '../../shared/tweak-policy.js';
import type { OutboundAllowEntry } from '../services/outbound-policy.js';

/** What `startServer` needs. `server/config/resolve-config.ts` resolves it from flags, an env file and the environment. */

export type SecretKeySource = { file: string } | { text: string; name: string };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface ServerConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** PostgreSQL to keep the store in (flows, messages, variables, keys, settings), instead of the data directory. */
  databaseUrl?: string | null;
  /** Redis to put runs on (BullMQ), for `flowdesk worker` processes to execute; needs `databaseUrl`. */
  queueUrl?: string | null;
  /** `flowdesk worker` only: runs it executes at once. */
  workerConcurrency?: number;
  /** Where the credential key comes from when `databaseUrl` is set: a file, or the text of FLOWDESK_SECRET_KEY. */
  secretKey?: SecretKeySource | null;
  /** Serve only the API and `/health`; no editor at `/`. */
  backendOnly: boolean;
  logLevel: LogLevel;
  /** Extra folder of custom components (`.js`/`.mjs`), besides `<dataDir>/components`. */
  componentsPath: string | null;
  /** The environment components see (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, …): process env plus the env file. */
  env: Record<string, string | undefined>;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
  /** How long shutdown waits for runs in flight, in milliseconds. */
  shutdownGraceMs: number;
  /** Every API request needs a valid key (or the editor's session), even on loopback. */
  requireApiKey: boolean;
  /** Allow a non-loopback host without requiring keys (and without any key existing). */
  allowUnauthenticated: boolean;
  /** Extra `Host` names the server answers to (`name` or `name:port`), besides its own address and loopback. */
  allowedHosts: string[];
  /**
   * Hosts components may reach although they are loopback, private or link-local, when the server
   * is exposed (keys required or a non-loopback host). The server's own address is never reachable.
   */
  allowOutbound: OutboundAllowEntry[];
  /** Origins (`http://host:port`) allowed to call the API from a browser (CORS). Empty: CORS off. */
  corsOrigins: string[];
  /** Largest accepted flow upload, in bytes. */
  maxUploadBytes: number;
  /** Runs in flight beyond this answer 429 with Retry-After. */
  maxConcurrentRuns: number;
  /** A client must send a whole request (headers and body) within this, in milliseconds. */
  requestTimeoutMs: number;
  /** A run (blocking, streamed or webhook) is stopped after this, in milliseconds. */
  runTimeoutMs: number;
  /** Which fields a run request's tweaks may set (Langflow's tweak policy); `permissive` when absent. */
  tweaksPolicy?: TweaksPolicy;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7861;
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_CONCURRENT_RUNS = 100;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_RUN_TIMEOUT_MS = 900_000;
export const DEFAULT_WORKER_CONCURRENCY = 4;
