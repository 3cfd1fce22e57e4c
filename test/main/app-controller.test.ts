/**
 * The desktop app's lifecycle on a fake Electron surface, with the real server forked under plain
 * Node: --backend-only never creates a window; the desktop mode opens one locked-down window on
 * the server; crashes show a status page and recover; quitting stops the server gracefully.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runApp, type AppDeps, type RunningApp } from '../../main/app-controller.js';
import { BRIDGE_CHANNELS } from '../../main/bridge-contract.js';
import { probeHealth } from '../../main/health.js';
import { LOCK_FILE_NAME } from '../../server/storage/data-dir-lock.js';
import { childEnv, makeTempDir, spawnServer } from '../support/spawn-server.js';
import { assertMainBuilt, PRELOAD, SERVER_ENTRY } from './support/built-main.js';
import { FakeElectron } from './support/fake-electron.js';
import { isGone, occupyPort, waitFor } from './support/processes.js';
import { setTimeout as sleep } from 'node:timers/promises';

beforeAll(() => assertMainBuilt());

/** The window shows the server's editor, entered through a one-time sign-in link that really signs in. */
async function expectSignedInEditor(windowUrl: string | undefined, serverUrl: string | undefined): Promise<void> {
  expect(windowUrl).toMatch(new RegExp(`^${serverUrl}/\\?token=[\\w-]+$`));
  const signIn = await fetch(windowUrl as string, { redirect: 'manual' });
  expect(signIn.status).toBe(303);
  expect(signIn.headers.get('location')).toBe('/');
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const session = (await (await fetch(`${serverUrl}/api/v1/session`, { headers: { cookie } })).json()) as { authenticated: boolean };
  expect(session.authenticated).toBe(true);
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Launched {
  app: RunningApp;
  electron: FakeElectron;
  signals: EventEmitter;
  stdout: string[];
  stderr: string[];
  dataDir: string;
  userData: string;
}

async function launch(args: string[], options: { electron?: Partial<ConstructorParameters<typeof FakeElectron>[0]>; env?: Record<string, string> } = {}): Promise<Launched> {
  const dataDir = await makeTempDir('flowdesk-app-data-');
  const userData = await makeTempDir('flowdesk-app-user-');
  const electron = new FakeElectron({ userData, ...options.electron });
  const signals = new EventEmitter();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const deps: AppDeps = {
    electron,
    args: args.map((arg) => arg.replace('$DATA', dataDir)),
    env: childEnv(options.env),
    home: userData,
    cwd: process.cwd(),
    serverEntry: SERVER_ENTRY,
    preload: PRELOAD,
    execPath: process.execPath,
    runAsNode: false,
    signals,
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    supervisor: { restart: { initialDelayMs: 100, maxDelayMs: 200, maxAttempts: 3, stableAfterMs: 60_000 }, timing: { attachPollMs: 150, stopTimeoutMs: 8_000 } },
  };
  electron.becomeReady();
  const app = await runApp(deps);
  cleanups.push(async () => {
    await app.supervisor?.stop();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5 });
    await rm(userData, { recursive: true, force: true, maxRetries: 5 });
  });
  return { app, electron, signals, stdout, stderr, dataDir, userData };
}

describe('--backend-only', () => {
  it('never creates a window: not at start, on activate, on a second headless launch, nor after a crash', async () => {
    const { app, electron, signals, stdout, dataDir } = await launch(['--backend-only', '--port', '0', '--data-dir', '$DATA']);
    expect(app.mode).toBe('backend-only');
    const ready = app.supervisor?.ready;
    expect(ready && (await probeHealth(ready.url))).toBe(true);
    expect(electron.dockCalls).toEqual(['hide']);
    expect(stdout.join('')).toContain('Welcome to ⛓ Flowdesk');
    expect(stdout.join('')).toContain('Mode: backend-only (no editor)');

    electron.activate();
    electron.secondInstance(['--backend-only']);
    process.kill(ready?.pid ?? 0, 'SIGKILL');
    await waitFor('the restarted server', () => app.supervisor?.ready && app.supervisor.ready.pid !== ready?.pid, 10_000);
    expect(electron.windows).toHaveLength(0);

    // SIGTERM: graceful stop, then exit 0; still no window.
    const pid = app.supervisor?.ready?.pid ?? 0;
    signals.emit('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(electron.exits).toEqual([0]);
    expect(isGone(pid)).toBe(true);
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    expect(electron.windows).toHaveLength(0);
  });

  it('a second SIGINT while stopping exits at once with 130', async () => {
    const { app, electron, signals } = await launch(['--backend-only', '--port', '0', '--data-dir', '$DATA']);
    signals.emit('SIGINT');
    signals.emit('SIGINT');
    expect(await app.exited).toBe(130);
    expect(electron.exits[0]).toBe(130);
  });

  it('bad arguments: reported on stderr, exit 2, no server', async () => {
    const { app, electron, stderr } = await launch(['--backend-only', '--bogus', 'stray']);
    expect(await app.exited).toBe(2);
    expect(stderr.join('')).toContain("flowdesk: unknown option '--bogus'\nflowdesk: unexpected argument 'stray'\n");
    expect(app.supervisor).toBeUndefined();
    expect(electron.errors).toEqual([]);
  });

  it('cannot start (port taken): the reason and what to do on stderr, exit 1', async () => {
    const taken = await occupyPort();
    cleanups.push(() => taken.close());
    const { app, stderr, electron } = await launch(['--backend-only', '--port', String(taken.port), '--data-dir', '$DATA']);
    expect(await app.exited).toBe(1);
    const text = stderr.join('');
    expect(text).toContain('flowdesk: Flowdesk cannot start: its port is taken');
    expect(text).toContain(`Port ${taken.port} on 127.0.0.1 is already in use by another program`);
    expect(electron.windows).toHaveLength(0);
  });
});

describe('desktop mode', () => {
  it('opens one locked-down window on the server once /health answers, with the bridge and no permissions', async () => {
    const { app, electron } = await launch(['--port', '0', '--data-dir', '$DATA']);
    expect(app.mode).toBe('desktop');
    expect(electron.windows).toHaveLength(1);
    const window = electron.windows[0];
    const url = app.supervisor?.ready?.url;
    await expectSignedInEditor(window?.url, url);
    expect(window?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: PRELOAD });
    expect(electron.permissionsDenied).toBe(true);
    expect([...electron.handlers.keys()].sort()).toEqual(Object.values(BRIDGE_CHANNELS).sort());
    expect(electron.lockData).toEqual({ args: ['--port', '0', '--data-dir', app.supervisor?.settings.dataDir] });
    expect(electron.dockCalls).toEqual([]);
  });

  it('a second launch focuses the existing window instead of opening another', async () => {
    const { electron } = await launch(['--port', '0', '--data-dir', '$DATA']);
    const window = electron.windows[0];
    if (window) window.minimized = true;
    electron.secondInstance([]);
    expect(electron.windows).toHaveLength(1);
    expect(window?.minimized).toBe(false);
    expect(window?.focused).toBe(1);
  });

  it('the second instance itself hands over and exits without starting a server', async () => {
    const { app, electron, stderr } = await launch(['--port', '0', '--data-dir', '$DATA'], { electron: { gotLock: false } });
    expect(await app.exited).toBe(0);
    expect(app.supervisor).toBeUndefined();
    expect(electron.windows).toHaveLength(0);
    expect(stderr.join('')).toContain('already running');
  });

  it('a crash shows a status page, then the editor again after the restart', async () => {
    const { app, electron } = await launch(['--port', '0', '--data-dir', '$DATA']);
    const window = electron.windows[0];
    const first = app.supervisor?.ready;
    process.kill(first?.pid ?? 0, 'SIGKILL');
    await waitFor('the status page', () => window?.url?.startsWith('data:text/html'), 5_000);
    expect(decodeURIComponent(window?.url ?? '')).toContain('The Flowdesk server stopped');
    await waitFor('the editor again', () => app.supervisor?.ready && window?.url?.startsWith(`${app.supervisor.ready.url}/?token=`), 10_000);
    expect(app.supervisor?.ready?.pid).not.toBe(first?.pid);
    // The restarted server forgot every session: the window got a fresh sign-in link for it.
    await expectSignedInEditor(window?.url, app.supervisor?.ready?.url);
    expect(electron.windows).toHaveLength(1);
  });

  it('attaches the window to a Flowdesk server already running on the data directory, and leaves it running on quit', async () => {
    const dataDir = await makeTempDir('flowdesk-app-shared-');
    const running = await spawnServer({ dataDir });
    cleanups.push(async () => {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    const { app, electron } = await launch(['--data-dir', dataDir]);
    expect(app.supervisor?.ready).toEqual({ url: running.url, attached: true, pid: running.child.pid });
    // Signed in through the other server's admin token: it works the same for a server not started here.
    await expectSignedInEditor(electron.windows[0]?.url, running.url);
    electron.windows[0]?.close();
    expect(await app.exited).toBe(0);
    expect(await probeHealth(running.url)).toBe(true);
  });

  it('attached to a headless (--backend-only) server: says it has no editor, then takes over when it stops', async () => {
    const dataDir = await makeTempDir('flowdesk-app-shared-');
    const running = await spawnServer({ dataDir, args: ['--backend-only'] });
    cleanups.push(async () => {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    const { app, electron } = await launch(['--port', '0', '--data-dir', dataDir]);
    const window = electron.windows[0];
    expect(app.supervisor?.ready?.attached).toBe(true);
    expect(decodeURIComponent(window?.url ?? '')).toContain('The running Flowdesk server has no editor');
    await running.stop();
    await waitFor('its own server', () => app.supervisor?.ready && !app.supervisor.ready.attached, 10_000);
    await waitFor('the editor', () => window?.url?.startsWith('http://'), 5_000);
    await expectSignedInEditor(window?.url, app.supervisor?.ready?.url);
  });

  it('closing the last window quits (Linux): bounds saved, server stopped gracefully, exit 0', async () => {
    const { app, electron, dataDir, userData } = await launch(['--port', '0', '--data-dir', '$DATA']);
    const window = electron.windows[0];
    const pid = app.supervisor?.ready?.pid ?? 0;
    if (window) window.bounds = { x: 40, y: 30, width: 1000, height: 700 };
    window?.close();
    expect(await app.exited).toBe(0);
    expect(isGone(pid)).toBe(true);
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    const state = JSON.parse(await readFile(path.join(userData, 'desktop', 'window-state.json'), 'utf8')) as unknown;
    expect(state).toEqual({ bounds: { x: 40, y: 30, width: 1000, height: 700 }, maximized: false });
  });

  it('on macOS closing the last window keeps the app and server; the dock icon reopens the window', async () => {
    const { app, electron } = await launch(['--port', '0', '--data-dir', '$DATA'], { electron: { platform: 'darwin' } });
    electron.windows[0]?.close();
    await sleep(100);
    expect(electron.exits).toEqual([]);
    expect(app.supervisor?.state).toBe('ready');
    electron.activate();
    await waitFor('a new window showing the editor', () => electron.windows[1]?.url, 5_000);
    await expectSignedInEditor(electron.windows[1]?.url, app.supervisor?.ready?.url);
  });

  it('cannot start (port taken by another program): one dialog saying why and what to do, exit 1, no window', async () => {
    const taken = await occupyPort();
    cleanups.push(() => taken.close());
    const { app, electron } = await launch(['--port', String(taken.port), '--data-dir', '$DATA']);
    expect(await app.exited).toBe(1);
    expect(electron.windows).toHaveLength(0);
    expect(electron.errors).toHaveLength(1);
    expect(electron.errors[0]?.title).toBe('Flowdesk cannot start: its port is taken');
    expect(electron.errors[0]?.content).toContain('--port');
  });

  it('bad arguments: one dialog with the usage, exit 2', async () => {
    const { app, electron } = await launch(['--prot', '9000']);
    expect(await app.exited).toBe(2);
    expect(electron.errors).toHaveLength(1);
    expect(electron.errors[0]?.content).toContain("unknown option '--prot'");
    expect(electron.errors[0]?.content).toContain('Usage: Flowdesk [options]');
  });
});
