/** Where Flowdesk keeps its data by default, and how user-given paths become absolute. */
import path from 'node:path';

export const APP_DIR_NAME = 'Flowdesk';

export interface PathContext {
  platform: NodeJS.Platform;
  home: string;
  cwd: string;
}

function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * The per-user app-data folder, the same one Electron's `app.getPath('userData')` gives for
 * productName "Flowdesk", so the desktop app and `flowdesk run` share their flows:
 * Linux (and other Unix) `$XDG_CONFIG_HOME/Flowdesk` or `~/.config/Flowdesk`; macOS
 * `~/Library/Application Support/Flowdesk`; Windows `%APPDATA%\Flowdesk`.
 * Like Electron, any non-empty `XDG_CONFIG_HOME` is used as is.
 */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  const p = pathFor(platform);
  if (platform === 'win32') {
    return p.join(nonEmpty(env.APPDATA) ?? p.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return p.join(nonEmpty(env.XDG_CONFIG_HOME) ?? p.join(home, '.config'), APP_DIR_NAME);
}

/** Makes a user-given path absolute: expands a leading `~`, then resolves against `cwd`. */
export function resolveUserPath(raw: string, ctx: PathContext): string {
  const p = pathFor(ctx.platform);
  let value = raw;
  if (value === '~') value = ctx.home;
  else if (/^~[/\\]/.test(value)) value = p.join(ctx.home, value.slice(2));
  return p.resolve(ctx.cwd, value);
}

/** The data directory a command is told of: its `--data-dir`, else FLOWDESK_DATA_DIR, else the default; absolute. */
export function commandDataDir(flag: string | undefined, env: NodeJS.ProcessEnv, ctx: PathContext): string {
  return resolveUserPath(flag ?? (nonEmpty(env.FLOWDESK_DATA_DIR) ?? defaultDataDir(ctx.platform, env, ctx.home)), ctx);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
