/** What `startServer` needs. `server/config.ts` resolves it from flags, an env file and the environment. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface ServerConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
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
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7861;
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
