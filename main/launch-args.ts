/**
 * The desktop app's launch arguments: `--backend-only`, `--host HOST`, `--port PORT`,
 * `--data-dir DIR` (also as `--name=value`), and `--help`. Switches that Chromium or Electron
 * consume themselves are let through; anything else is reported, never silently ignored.
 * Values are checked, and defaults filled in, by the server's own config resolver, so the
 * desktop app and `flowdesk run` agree on every setting, including the default data directory.
 * Parsing is Node's `util.parseArgs` (non-strict, with tokens, so unknown switches are seen and
 * reported rather than thrown), as the server's own flags use (`server/config-flags.ts`).
 */
import { parseArgs } from 'node:util';
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
  // Chromium's own switches, and the process serial number old macOS versions add, are set aside
  // first: parseArgs would otherwise read `-psn_0_1` as a group of short options.
  const own: string[] = [];
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (CHROMIUM_SWITCHES.has(name) || /^-psn_\d+_\d+$/.test(arg)) result.passedThrough.push(arg);
    else own.push(arg);
  }
  const { tokens } = parseArgs({
    args: own,
    options: {
      help: { type: 'boolean', short: 'h' },
      'backend-only': { type: 'boolean' },
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const reported = new Set<number>();
  const report = (index: number, problem: string): void => {
    // A group of short options (`-xy`) is one token per letter, all with the argument's index.
    if (reported.has(index)) return;
    reported.add(index);
    result.problems.push(problem);
  };
  for (const token of tokens) {
    if (token.kind === 'positional') {
      report(token.index, `unexpected argument '${token.value}'`);
      continue;
    }
    if (token.kind !== 'option') continue; // `--`: what follows it is positional, reported above
    const raw = own[token.index] as string;
    if (token.name === 'help') {
      result.help = true;
    } else if (token.name === 'backend-only') {
      if (token.inlineValue) report(token.index, `'--backend-only' takes no value (got '${raw}')`);
      else result.flags.backendOnly = true;
    } else if (`--${token.name}` in VALUE_FLAGS) {
      const flag = `--${token.name}` as ValueFlag;
      const key = VALUE_FLAGS[flag];
      const value = token.value;
      // Without strict mode parseArgs takes the next argument as the value even when it is an
      // option (`--data-dir --backend-only`); that is a missing value, as before.
      if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('-'))) {
        report(token.index, `'${flag}' needs a value: ${flag} ${key === 'dataDir' ? 'DIR' : key.toUpperCase()}`);
      } else {
        result.flags[key] = value;
      }
    } else {
      report(token.index, `unknown option '${raw}'`);
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
