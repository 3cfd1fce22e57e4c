export interface RunningServer {
  /** e.g. `http://127.0.0.1:7861` (the real port when 0 was asked). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** The database the store is in (host:port/name, no password); absent for the data directory. */
  readonly database?: string;
  /** Problems found while opening the data directory (set-aside corrupt files, …). */
  readonly warnings: string[];
  /** Whether API keys are required right now (absent in stand-ins: treated as not required). */
  apiKeyRequired?(): boolean;
  /** A one-time link that signs a browser (or the desktop window) into the editor. */
  signInUrl?(): string;
  /** Every route the server serves (method, path pattern, open or guarded), read from its routers. */
  routes?(): readonly { method: string; path: string; open: boolean }[];
  /** Stops accepting, lets runs in flight finish (bounded by the grace period), flushes storage, releases the lock. */
  close(): Promise<void>;
}
