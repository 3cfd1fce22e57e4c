import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLaunchArgs, resolveLaunchSettings, userArgs, type LaunchEnvironment } from '../../main/launch-args.js';

const linux: LaunchEnvironment = { env: {}, platform: 'linux', home: '/home/ada', cwd: '/work' };

describe('parseLaunchArgs', () => {
  it('reads the four flags, separate or inline', () => {
    expect(parseLaunchArgs(['--backend-only', '--host', '0.0.0.0', '--port=9000', '--data-dir', '~/flows'])).toEqual({
      flags: { backendOnly: true, host: '0.0.0.0', port: '9000', dataDir: '~/flows' },
      help: false,
      passedThrough: [],
      problems: [],
    });
    expect(parseLaunchArgs([]).flags).toEqual({});
  });

  it('reports unknown options and stray arguments instead of ignoring them', () => {
    expect(parseLaunchArgs(['--bogus', 'file.json', '-x']).problems).toEqual([
      "unknown option '--bogus'",
      "unexpected argument 'file.json'",
      "unknown option '-x'",
    ]);
  });

  it('reports a flag without its value, and a value given to --backend-only', () => {
    expect(parseLaunchArgs(['--port']).problems).toEqual(["'--port' needs a value: --port PORT"]);
    expect(parseLaunchArgs(['--data-dir', '--backend-only']).problems).toEqual(["'--data-dir' needs a value: --data-dir DIR"]);
    expect(parseLaunchArgs(['--host=']).problems).toEqual(["'--host' needs a value: --host HOST"]);
    expect(parseLaunchArgs(['--backend-only=yes']).problems).toEqual(["'--backend-only' takes no value (got '--backend-only=yes')"]);
  });

  it("lets Chromium's own switches and macOS's -psn_ argument through", () => {
    const parsed = parseLaunchArgs(['--no-sandbox', '--ozone-platform=wayland', '--enable-logging', '-psn_0_12345', '--backend-only']);
    expect(parsed.problems).toEqual([]);
    expect(parsed.passedThrough).toEqual(['--no-sandbox', '--ozone-platform=wayland', '--enable-logging', '-psn_0_12345']);
    expect(parsed.flags).toEqual({ backendOnly: true });
  });

  it('recognises --help and -h', () => {
    expect(parseLaunchArgs(['--help']).help).toBe(true);
    expect(parseLaunchArgs(['-h']).help).toBe(true);
  });
});

describe('userArgs', () => {
  it('skips the executable, and the app path when run as `electron .`', () => {
    expect(userArgs(['/opt/Flowdesk/flowdesk', '--backend-only'], false)).toEqual(['--backend-only']);
    expect(userArgs(['/x/electron', '.', '--port', '1'], true)).toEqual(['--port', '1']);
  });
});

describe('resolveLaunchSettings (the server config resolver, so both launchers agree)', () => {
  it('defaults: 127.0.0.1:7861, the per-user Flowdesk folder, with a window', () => {
    expect(resolveLaunchSettings({}, linux)).toEqual({ host: '127.0.0.1', port: 7861, dataDir: '/home/ada/.config/Flowdesk', backendOnly: false });
  });

  it('uses the same default folder as Electron userData on each OS', () => {
    expect(resolveLaunchSettings({}, { ...linux, env: { XDG_CONFIG_HOME: '/xdg' } }).dataDir).toBe('/xdg/Flowdesk');
    expect(resolveLaunchSettings({}, { ...linux, platform: 'darwin', home: '/Users/ada' }).dataDir).toBe('/Users/ada/Library/Application Support/Flowdesk');
    const windows = resolveLaunchSettings({}, { env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\ada', cwd: 'C:\\' });
    expect(windows.dataDir).toBe('C:\\Users\\ada\\AppData\\Roaming\\Flowdesk');
  });

  it('flags win over FLOWDESK_* variables, which win over defaults', () => {
    const env = { FLOWDESK_PORT: '9100', FLOWDESK_DATA_DIR: '/srv/flowdesk', FLOWDESK_BACKEND_ONLY: 'true' };
    expect(resolveLaunchSettings({}, { ...linux, env })).toEqual({ host: '127.0.0.1', port: 9100, dataDir: '/srv/flowdesk', backendOnly: true });
    expect(resolveLaunchSettings({ port: '0', dataDir: 'rel/dir' }, { ...linux, env })).toMatchObject({ port: 0, dataDir: path.posix.join('/work', 'rel/dir') });
  });

  it('expands ~ in --data-dir', () => {
    expect(resolveLaunchSettings({ dataDir: '~/flows' }, linux).dataDir).toBe('/home/ada/flows');
  });

  it('rejects bad values with the one-line message `flowdesk run` gives', () => {
    expect(() => resolveLaunchSettings({ port: '70000' }, linux)).toThrow("invalid --port '70000': expected an integer from 0 to 65535");
    expect(() => resolveLaunchSettings({ host: 'a b' }, linux)).toThrow(/invalid --host 'a b'/);
    expect(() => resolveLaunchSettings({}, { ...linux, env: { FLOWDESK_PORT: 'x' } })).toThrow("invalid FLOWDESK_PORT 'x'");
  });
});
