/**
 * The server's public module for its launchers (the desktop app's main process, `main/`): how to
 * run it, its configuration and data folder, its Node flags, what its lock file says of a running
 * server, and its admin token. Launchers import this file only, never the server's storage,
 * services or HTTP layer (eslint.config.js enforces it).
 */
import type { StartServer } from './cli/main.js';

export { main, type SignalSource, type StartServer } from './cli/main.js';
export { defaultDataDir, resolveRunConfig } from './config/resolve-config.js';
export { SERVER_NODE_FLAGS } from './node-flags.js';
export { StartupError, type StartupErrorCode } from './startup-error.js';
export { lockHolderState, readLockInfo, type LockInfo } from './storage/data-dir-lock.js';
export { readAdminToken } from './services/admin-token.js';
export type { RunningServer } from './start-server-types.js';

/** Loads the server itself (storage, engine, HTTP) only when it is started. */
export async function loadStartServer(): Promise<StartServer> {
  return (await import('./start-server.js')).startServer;
}
