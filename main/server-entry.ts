/**
 * The server program the desktop app forks: exactly `flowdesk run` (server/cli/main.ts, same flags,
 * same defaults, same banner), plus what a supervised child needs:
 * - it tells the parent over IPC where it listens, or why it cannot start (the error's code);
 * - it stops gracefully when the parent asks (`flowdesk:shutdown`, which also works on Windows);
 * - it stops by itself when the parent goes away (IPC closed, or re-parented), and exits for
 *   good if that graceful stop hangs, so no orphan keeps the port or the data-directory lock.
 * Usage: `node server-entry.js [flowdesk run flags]` (Electron: with ELECTRON_RUN_AS_NODE=1).
 */
import { loadStartServer as loadServer, main, StartupError, type StartServer } from '../server/launcher-api.js';
import { watchParent } from './parent-watch.js';
import { isShutdownMessage, type ServerMessage } from './server-ipc.js';
import { ShutdownSignals } from './shutdown-signals.js';

/** After the parent is gone: the server's own shutdown grace (10 s) plus a margin, then exit regardless. */
const ORPHAN_EXIT_DEADLINE_MS = 15_000;

function send(message: ServerMessage): void {
  if (!process.send || !process.connected) return;
  try {
    process.send(message);
  } catch {
    // The parent is gone: the parent watch handles that.
  }
}

async function loadStartServer(): Promise<StartServer> {
  const startServer = await loadServer();
  return async (config, options) => {
    try {
      const server = await startServer(config, options);
      send({ type: 'flowdesk:listening', url: server.url, pid: process.pid });
      return server;
    } catch (error) {
      if (error instanceof StartupError) send({ type: 'flowdesk:startup-error', code: error.code, message: error.message });
      throw error;
    }
  };
}

// Output goes to pipes the parent reads; once the parent is gone, writes fail with EPIPE, which
// must not kill the graceful stop that releases the port and the lock.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

const signals = new ShutdownSignals(process);

process.on('message', (message: unknown) => {
  if (isShutdownMessage(message)) signals.request();
});

watchParent(process, (why) => {
  process.stderr.write(`flowdesk: stopping: ${why}\n`);
  signals.request();
  setTimeout(() => process.exit(1), ORPHAN_EXIT_DEADLINE_MS).unref();
});

const code = await main(['run', ...process.argv.slice(2)], { signals, loadStartServer });
const flush = (stream: NodeJS.WriteStream): Promise<void> => new Promise((resolve) => stream.write('', () => resolve()));
await Promise.all([flush(process.stdout), flush(process.stderr)]);
process.exit(code);
