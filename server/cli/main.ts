/**
 * The `flowdesk` command: parse flags, start the server, print the banner, shut down gracefully.
 * `main` returns the exit code; bin/flowdesk.js exits with it. Everything that touches the
 * process (output, signals, forced exit, loading the server) can be replaced for tests.
 */
import http from 'node:http';
import os from 'node:os';
import { defaultDataDir, hasHelpFlag, resolveRunConfig, resolveWorkerConfig, UsageError } from '../config/resolve-config.js';
import { apiKeyCommand, formatApiKeyHelp } from './api-key.js';
import { formatMigrateHelp, migrateCommand } from './migrate.js';
import { formatMainHelp, formatRunHelp, formatWorkerHelp } from '../config/help.js';
import { createLogger, type Logger } from '../logger.js';
import { VERSION } from '../package-info.js';
import type { ServerConfig } from '../config/server-config.js';
import type { RunningServer } from '../start-server-types.js';
import { StartupError } from '../startup-error.js';

export type StartServer = (config: ServerConfig, options?: { logger?: Logger }) => Promise<RunningServer>;

type ShutdownSignal = 'SIGINT' | 'SIGTERM';

export interface SignalSource {
  on(signal: ShutdownSignal, listener: (signal: ShutdownSignal) => void): unknown;
  off(signal: ShutdownSignal, listener: (signal: ShutdownSignal) => void): unknown;
}

export interface CliDeps {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  loadStartServer: () => Promise<StartServer>;
  signals: SignalSource;
  /** Called on a second shutdown signal, to stop at once. */
  forceExit: (code: number) => void;
  /** How long to wait for `GET /health` to answer 200 after the server started. */
  healthTimeoutMs: number;
}

/** The server started but never answered `GET /health` with 200. */
class HealthCheckError extends Error {
  override name = 'HealthCheckError';
}

const HEALTH_RETRY_MS = 100;
const FORCED_EXIT_CODES: Record<ShutdownSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** The server (koa, lowdb, components) is loaded only by `run`, so `--help` and `--version` stay light. */
async function loadStartServer(): Promise<StartServer> {
  try {
    return (await import('../start-server.js')).startServer;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      const why = oneLine(messageOf(error)).split(' imported from ')[0];
      throw new StartupError('bad_config', `cannot load the server (${why}): run \`npm install\` and \`npm run build\``, { cause: error });
    }
    throw error;
  }
}

function defaultDeps(): CliDeps {
  return {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    loadStartServer,
    signals: process,
    forceExit: (code) => process.exit(code),
    healthTimeoutMs: 10_000,
  };
}

export async function main(argv: string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  process.title = 'flowdesk';
  const deps: CliDeps = { ...defaultDeps(), ...overrides };
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
      return printMainHelp(deps);
    case 'help':
      if (rest[0] === 'run') return printRunHelp(deps);
      if (rest[0] === 'api-key') return printApiKeyHelp(deps);
      if (rest[0] === 'mcp') return mcpCommand(['--help'], deps);
      if (rest[0] === 'migrate') return printMigrateHelp(deps);
      if (rest[0] === 'worker') return printWorkerHelp(deps);
      if (rest[0] === undefined) return printMainHelp(deps);
      return usageError(deps, `unknown command '${rest[0]}' (see 'flowdesk --help')`);
    case '--version':
    case '-v':
      deps.stdout(`flowdesk ${VERSION}\n`);
      return 0;
    case 'run':
      return hasHelpFlag(rest) ? printRunHelp(deps) : run(rest, deps);
    case 'api-key':
      return hasHelpFlag(rest) ? printApiKeyHelp(deps) : apiKeyCommand(rest, deps);
    case 'mcp':
      return mcpCommand(rest, deps);
    case 'migrate':
      return hasHelpFlag(rest) ? printMigrateHelp(deps) : migrateCommand(rest, deps);
    case 'worker':
      return hasHelpFlag(rest) ? printWorkerHelp(deps) : worker(rest, deps);
    default:
      return command.startsWith('-')
        ? usageError(deps, `unknown option '${command}' (see 'flowdesk --help')`)
        : usageError(deps, `unknown command '${command}' (see 'flowdesk --help')`);
  }
}

function printMainHelp(deps: CliDeps): number {
  deps.stdout(formatMainHelp());
  return 0;
}

function printRunHelp(deps: CliDeps): number {
  deps.stdout(formatRunHelp(defaultDataDir(process.platform, deps.env, os.homedir())));
  return 0;
}

function printApiKeyHelp(deps: CliDeps): number {
  deps.stdout(formatApiKeyHelp(defaultDataDir(process.platform, deps.env, os.homedir())));
  return 0;
}

/** `flowdesk mcp`: the stdio bridge, loaded (with the MCP SDK) only when asked for. */
async function mcpCommand(args: string[], deps: CliDeps): Promise<number> {
  const { formatMcpHelp, mcpBridgeCommand } = await import('./mcp-bridge.js');
  if (hasHelpFlag(args)) {
    deps.stdout(formatMcpHelp(defaultDataDir(process.platform, deps.env, os.homedir())));
    return 0;
  }
  return mcpBridgeCommand(args, deps);
}

function printMigrateHelp(deps: CliDeps): number {
  deps.stdout(formatMigrateHelp(defaultDataDir(process.platform, deps.env, os.homedir())));
  return 0;
}

function printWorkerHelp(deps: CliDeps): number {
  deps.stdout(formatWorkerHelp(defaultDataDir(process.platform, deps.env, os.homedir())));
  return 0;
}

/** `flowdesk worker`: executes queued runs until SIGINT/SIGTERM (the queue code is loaded only here). */
async function worker(args: string[], deps: CliDeps): Promise<number> {
  let config: ServerConfig | undefined;
  try {
    config = resolveWorkerConfig(args, deps.env);
    const logger = createLogger(config.logLevel, (line) => deps.stderr(line + '\n'));
    const shutdown = watchShutdownSignals(deps);
    try {
      const { startWorker } = await import('../queue/run-worker.js');
      const running = await startWorker(config, logger);
      await shutdown.requested;
      logger.info('Shutting down: finishing the runs in hand…');
      await running.close();
      logger.info('Stopped.');
      return 0;
    } finally {
      shutdown.dispose();
    }
  } catch (error) {
    return reportError(error, config?.logLevel === 'debug', deps);
  }
}

function usageError(deps: CliDeps, message: string): number {
  deps.stderr(`flowdesk: ${message}\n`);
  return 2;
}

async function run(args: string[], deps: CliDeps): Promise<number> {
  let config: ServerConfig | undefined;
  try {
    config = resolveRunConfig(args, deps.env);
    const logger = createLogger(config.logLevel, (line) => deps.stderr(line + '\n'));
    return await serve(config, logger, deps);
  } catch (error) {
    return reportError(error, config?.logLevel === 'debug', deps);
  }
}

async function serve(config: ServerConfig, logger: Logger, deps: CliDeps): Promise<number> {
  const startServer = await deps.loadStartServer();
  const shutdown = watchShutdownSignals(deps);
  try {
    const server = await startServer(config, { logger });
    const ready = await Promise.race([
      waitForHealth(server.url, deps.healthTimeoutMs).then(() => null, (error: unknown) => error),
      shutdown.requested.then(() => 'signal' as const),
    ]);
    if (ready !== 'signal') {
      if (ready !== null) {
        await closeQuietly(server, logger);
        throw ready;
      }
      deps.stdout(formatBanner(server, config));
      for (const warning of server.warnings) deps.stderr(`flowdesk: warning: ${oneLine(warning)}\n`);
      await shutdown.requested;
    }
    logger.info('Shutting down…');
    try {
      await server.close();
    } catch (error) {
      deps.stderr(`flowdesk: shutdown failed: ${oneLine(messageOf(error))}\n`);
      return 1;
    }
    logger.info('Stopped.');
    return 0;
  } finally {
    shutdown.dispose();
  }
}

/** The first SIGINT/SIGTERM asks for a graceful stop; a second one exits at once (130/143). */
function watchShutdownSignals(deps: CliDeps): { requested: Promise<ShutdownSignal>; dispose(): void } {
  let seen = false;
  let resolveRequested: (signal: ShutdownSignal) => void = () => {};
  const requested = new Promise<ShutdownSignal>((resolve) => (resolveRequested = resolve));
  const onSignal = (signal: ShutdownSignal): void => {
    if (seen) {
      deps.forceExit(FORCED_EXIT_CODES[signal]);
      return;
    }
    seen = true;
    resolveRequested(signal);
  };
  deps.signals.on('SIGINT', onSignal);
  deps.signals.on('SIGTERM', onSignal);
  return {
    requested,
    dispose: () => {
      deps.signals.off('SIGINT', onSignal);
      deps.signals.off('SIGTERM', onSignal);
    },
  };
}

export function formatBanner(
  server: Pick<RunningServer, 'url' | 'dataDir' | 'database' | 'apiKeyRequired' | 'signInUrl'>,
  config: Pick<ServerConfig, 'backendOnly'>,
): string {
  const base = server.url.replace(/\/+$/, '');
  const keysRequired = server.apiKeyRequired?.() ?? false;
  const lines = ['', 'Welcome to ⛓ Flowdesk', '', `API: ${base}/api/v1/`, `Run a flow: POST ${base}/api/v1/run/<flow id or endpoint name>`, `Data directory: ${server.dataDir}`];
  if (server.database) lines.push(`Database: ${server.database} (PostgreSQL)`);
  if (keysRequired) lines.push(`API keys: required (x-api-key header); create one with: flowdesk api-key ${server.database ? '--database-url URL' : `--data-dir ${server.dataDir}`}`);
  if (config.backendOnly) lines.push('Mode: backend-only (no editor)');
  else if (keysRequired && server.signInUrl) lines.push(`Editor: ${server.signInUrl()}`, '  (a one-time sign-in link; afterwards sign in with an API key)');
  else lines.push(`Editor: ${base}/`);
  lines.push('', 'Press Ctrl+C to stop.', '');
  return lines.join('\n');
}

/** GET `<url>/health` until it answers 200; a wildcard host is probed on loopback. */
async function waitForHealth(serverUrl: string, timeoutMs: number): Promise<void> {
  const url = new URL('/health', serverUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  const deadline = Date.now() + timeoutMs;
  const perRequestMs = Math.min(timeoutMs, 2_000);
  for (;;) {
    let last: string;
    try {
      const status = await getStatus(url, perRequestMs);
      if (status === 200) return;
      last = `status ${status}`;
    } catch (error) {
      last = messageOf(error);
    }
    if (Date.now() + HEALTH_RETRY_MS >= deadline) {
      throw new HealthCheckError(`the server did not answer GET ${url.href} with 200 within ${timeoutMs} ms (last: ${last})`);
    }
    await new Promise((resolve) => setTimeout(resolve, HEALTH_RETRY_MS));
  }
}

function getStatus(url: URL, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

async function closeQuietly(server: RunningServer, logger: Logger): Promise<void> {
  try {
    await server.close();
  } catch (error) {
    logger.error(`closing after a failed start: ${messageOf(error)}`);
  }
}

/** One line on stderr, never a stack trace for known errors; exit 2 for usage errors, else 1. */
function reportError(error: unknown, debug: boolean, deps: CliDeps): number {
  if (error instanceof UsageError) return usageError(deps, oneLine(error.message));
  if (error instanceof StartupError || error instanceof HealthCheckError) {
    deps.stderr(`flowdesk: ${oneLine(error.message)}\n`);
    return 1;
  }
  if (debug) {
    deps.stderr(`flowdesk: unexpected error: ${oneLine(messageOf(error))}\n`);
    if (error instanceof Error && error.stack) deps.stderr(`${error.stack}\n`);
  } else {
    deps.stderr(`flowdesk: unexpected error: ${oneLine(messageOf(error))} (--log-level debug shows details)\n`);
  }
  return 1;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
