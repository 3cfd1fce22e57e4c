/**
 * The desktop app's launch arguments: `--backend-only`, `--host HOST`, `--port PORT`,
 * `--data-dir DIR` (also as `--name=value`), and `--help`. Switches that Chromium or Electron
 * consume themselves are let through; anything else is reported, never silently ignored.
 * Values are checked, and defaults filled in, by the server's own config resolver, so the
 * desktop app and `flowdesk run` agree on every setting, including the default data directory.
 */
import { resolveRunConfig } from '../server/launcher-api.js';
import type { ServerSettings } from './supervisor-types.js';

export interface LaunchFlags {
  backendOnly?: boolean;
  host?: string;
  port?: string;
  dataDir?: string;
}

export interface ParsedLaunchArgs {
  flags: LaunchFlags;
  help: boolean;
  /** Chromium/Electron switches and OS-added arguments, left for their owners. */
  passedThrough: string[];
  /** One line per unusable argument. */
  problems: string[];
}

const VALUE_FLAGS = { '--host': 'host', '--port': 'port', '--data-dir': 'dataDir' } as const;
type ValueFlag = keyof typeof VALUE_FLAGS;

/**
 * Switches handled by Chromium or Electron (debugging, GPU, Wayland, proxies, locale): a user may
 * put them in a launcher. Matched as `--name` or `--name=value`.
 */
const CHROMIUM_SWITCHES = new Set([
  '--no-sandbox', '--disable-gpu', '--disable-gpu-sandbox', '--disable-software-rasterizer', '--in-process-gpu',
  '--use-gl', '--use-angle', '--enable-logging', '--log-file', '--v', '--vmodule', '--inspect', '--inspect-brk',
  '--inspect-port', '--remote-debugging-port', '--remote-debugging-pipe', '--ozone-platform', '--ozone-platform-hint',
  '--enable-features', '--disable-features', '--enable-wayland-ime', '--force-device-scale-factor', '--high-dpi-support',
  '--lang', '--proxy-server', '--proxy-bypass-list', '--proxy-pac-url', '--no-proxy-server', '--js-flags',
  '--disable-dev-shm-usage', '--ignore-gpu-blocklist', '--force-renderer-accessibility',
]);

export const LAUNCH_USAGE = [
  'Usage: Flowdesk [options]',
  '',
  'Opens the Flowdesk editor in a window, with its flow server on 127.0.0.1:7861.',
  '',
  'Options:',
  '  --backend-only     No window: run only the server (API and /health), log to stdout,',
  '                     stop on Ctrl+C (SIGINT) or SIGTERM',
  '  --host HOST        Interface the server listens on (env FLOWDESK_HOST, default 127.0.0.1)',
  '  --port PORT        Server port, 0 for any free one (env FLOWDESK_PORT, default 7861)',
  '  --data-dir DIR     Where flows and settings live (env FLOWDESK_DATA_DIR; default: the',
  '                     per-user Flowdesk folder, shared with `flowdesk run`)',
  '  -h, --help         Show this help',
  '',
  'A Flowdesk server already running on the same data directory is reused.',
  '',
].join('\n');

/**
 * The user's arguments in Electron's `process.argv`: after the executable, and after the app path
 * when run unpackaged (`electron .`, where `process.defaultApp` is true).
 */
export function userArgs(argv: readonly string[], defaultApp: boolean): string[] {
  return argv.slice(defaultApp ? 2 : 1);
}

export function parseLaunchArgs(args: readonly string[]): ParsedLaunchArgs {
  const result: ParsedLaunchArgs = { flags: {}, help: false, passedThrough: [], problems: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;

    if (name === '--help' || name === '-h') {
      result.help = true;
    } else if (name === '--backend-only') {
      if (inline !== undefined) result.problems.push(`'--backend-only' takes no value (got '${arg}')`);
      else result.flags.backendOnly = true;
    } else if (name in VALUE_FLAGS) {
      const key = VALUE_FLAGS[name as ValueFlag];
      let value = inline;
      if (value === undefined) {
        const next = args[i + 1];
        if (next !== undefined && !next.startsWith('-')) {
          value = next;
          i++;
        }
      }
      if (value === undefined || value === '') result.problems.push(`'${name}' needs a value: ${name} ${key === 'dataDir' ? 'DIR' : key.toUpperCase()}`);
      else result.flags[key] = value;
    } else if (CHROMIUM_SWITCHES.has(name) || /^-psn_\d+_\d+$/.test(arg)) {
      // Chromium's own switches, and the process serial number old macOS versions add.
      result.passedThrough.push(arg);
    } else if (arg.startsWith('-')) {
      result.problems.push(`unknown option '${arg}'`);
    } else {
      result.problems.push(`unexpected argument '${arg}'`);
    }
  }
  return result;
}

export interface LaunchEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  cwd: string;
}

/**
 * The server settings for these flags, resolved like `flowdesk run` does (flags, then the env
 * file, then FLOWDESK_* variables, then defaults). Throws the server's UsageError/StartupError,
 * whose message is one line naming the bad value.
 */
export function resolveLaunchSettings(flags: LaunchFlags, where: LaunchEnvironment): ServerSettings {
  const runArgs: string[] = [];
  if (flags.host !== undefined) runArgs.push('--host', flags.host);
  if (flags.port !== undefined) runArgs.push('--port', flags.port);
  if (flags.dataDir !== undefined) runArgs.push('--data-dir', flags.dataDir);
  if (flags.backendOnly) runArgs.push('--backend-only');
  const config = resolveRunConfig(runArgs, where.env, where.platform, where.home, where.cwd);
  return { host: config.host, port: config.port, dataDir: config.dataDir, backendOnly: config.backendOnly };
}
