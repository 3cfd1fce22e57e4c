/**
 * Electron's entry point (package.json "main": dist/main/main.js). The only file that imports
 * `electron`: it adapts Electron's objects to ElectronSurface and runs the app controller.
 * Everything with logic lives elsewhere and is tested under plain Node.
 */
import './electron-pre-ready.js';
import { app, BrowserWindow, dialog, ipcMain, screen, session, shell } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runApp } from './app-controller.js';
import type { DesktopWindow, ElectronSurface, WindowOptions } from './electron-surface.js';
import { userArgs } from './launch-args.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const APP_USER_MODEL_ID = 'dev.flowdesk.app';

function adaptWindow(window: BrowserWindow): DesktopWindow {
  const contents = window.webContents;
  return {
    id: window.id,
    loadURL: (url) => window.loadURL(url),
    show: () => window.show(),
    focus: () => window.focus(),
    restore: () => window.restore(),
    maximize: () => window.maximize(),
    isMinimized: () => window.isMinimized(),
    isMaximized: () => window.isMaximized(),
    isDestroyed: () => window.isDestroyed(),
    getNormalBounds: () => window.getNormalBounds(),
    on: (event, listener) => {
      // One event name at a time keeps Electron's overloads happy.
      switch (event) {
        case 'ready-to-show': window.on('ready-to-show', listener); break;
        case 'close': window.on('close', listener); break;
        case 'closed': window.on('closed', listener); break;
        case 'resized': window.on('resized', listener); break;
        case 'moved': window.on('moved', listener); break;
        case 'maximize': window.on('maximize', listener); break;
        case 'unmaximize': window.on('unmaximize', listener); break;
      }
    },
    onWindowOpen: (listener) => {
      contents.setWindowOpenHandler(({ url }) => {
        listener(url);
        return { action: 'deny' };
      });
    },
    onWillNavigate: (listener) => {
      contents.on('will-navigate', (event) => listener(event.url, () => event.preventDefault()));
      contents.on('will-redirect', (event) => {
        if (event.isMainFrame) listener(event.url, () => event.preventDefault());
      });
    },
    onRenderProcessGone: (listener) => {
      contents.on('render-process-gone', (_event, details) => {
        if (details.reason !== 'clean-exit') listener(details.reason);
      });
    },
  };
}

const windows = new Map<number, BrowserWindow>();

const electronSurface: ElectronSurface = {
  platform: process.platform,
  app: {
    whenReady: () => app.whenReady(),
    requestSingleInstanceLock: (data) => app.requestSingleInstanceLock(data),
    onSecondInstance: (listener) => void app.on('second-instance', (_event, argv, cwd, data) => listener(argv, cwd, data)),
    onWindowAllClosed: (listener) => void app.on('window-all-closed', listener),
    onActivate: (listener) => void app.on('activate', () => listener()),
    onBeforeQuit: (listener) => void app.on('before-quit', (event) => listener(() => event.preventDefault())),
    quit: () => app.quit(),
    exit: (code) => app.exit(code),
    getPath: (name) => app.getPath(name),
    hideDock: () => app.dock?.hide(),
    showDock: () => void app.dock?.show(),
  },
  createWindow: (options: WindowOptions) => {
    const window = new BrowserWindow(options);
    windows.set(window.id, window);
    window.on('closed', () => windows.delete(window.id));
    return adaptWindow(window);
  },
  workAreas: () => {
    const primary = screen.getPrimaryDisplay();
    return [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map((display) => display.workArea);
  },
  denyPermissionRequests: () => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  },
  dialog: {
    showError: (title, content) => dialog.showErrorBox(title, content),
    showOpen: async (target, options) => {
      const window = target ? windows.get(target.id) : undefined;
      const properties: Array<'openFile'> = ['openFile'];
      const result = window ? await dialog.showOpenDialog(window, { ...options, properties }) : await dialog.showOpenDialog({ ...options, properties });
      return result.canceled ? undefined : result.filePaths[0];
    },
    showSave: async (target, options) => {
      const window = target ? windows.get(target.id) : undefined;
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
  },
  shell: {
    openExternal: (url) => shell.openExternal(url),
    openPath: (target) => shell.openPath(target),
  },
  ipc: {
    handle: (channel, handler) => ipcMain.handle(channel, (event, ...args: unknown[]) => handler({ url: event.senderFrame?.url ?? '' }, args)),
  },
};

// With --backend-only the logs go to the terminal; once it is closed, writes fail with EPIPE,
// which must not become an error dialog while the server is being stopped.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

if (process.platform === 'win32') {
  app.setAppUserModelId(APP_USER_MODEL_ID);
  // Windows' counterpart of the Linux launcher action: a Jump List task on the taskbar icon.
  void app.whenReady().then(() =>
    app.setUserTasks([
      {
        program: process.execPath,
        arguments: '--backend-only',
        iconPath: process.execPath,
        iconIndex: 0,
        title: 'Flowdesk (headless)',
        description: 'Run only the Flowdesk server, without a window',
      },
    ]),
  );
}

await runApp({
  electron: electronSurface,
  args: userArgs(process.argv, process.defaultApp === true),
  env: process.env,
  home: os.homedir(),
  cwd: process.cwd(),
  serverEntry: path.join(here, 'server-entry.js'),
  preload: path.join(here, 'preload.cjs'),
  // The Electron binary runs the server program as plain Node (ELECTRON_RUN_AS_NODE=1).
  execPath: process.execPath,
  runAsNode: true,
  signals: process,
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});
