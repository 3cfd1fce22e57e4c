/**
 * The part of Electron the desktop app uses, as narrow interfaces. main.ts fills them from the
 * real `electron` module (and is the only file that imports it); tests fill them with fakes, so
 * everything else runs under plain Node.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the app asks of a new window: passed to `new BrowserWindow(...)` as is. */
export interface WindowOptions {
  title: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    webviewTag: false;
    allowRunningInsecureContent: false;
    navigateOnDragDrop: false;
    spellcheck: boolean;
  };
}

export type WindowEvent = 'ready-to-show' | 'close' | 'closed' | 'resized' | 'moved' | 'maximize' | 'unmaximize';

export interface DesktopWindow {
  readonly id: number;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rect;
  on(event: WindowEvent, listener: () => void): void;
  /** Every request to open a new window (window.open, target=_blank); the app always denies it. */
  onWindowOpen(listener: (url: string) => void): void;
  /** Navigations and redirects of the top frame started by the page; `prevent` cancels one. */
  onWillNavigate(listener: (url: string, prevent: () => void) => void): void;
  /** The page's renderer process crashed or was killed. */
  onRenderProcessGone(listener: (reason: string) => void): void;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** Who sent an IPC request: the URL of the frame that called the preload bridge. */
export interface IpcSender {
  url: string;
}

export interface ElectronSurface {
  readonly platform: NodeJS.Platform;
  app: {
    whenReady(): Promise<void>;
    /** false: another instance holds the lock, and received `data` in its 'second-instance'. */
    requestSingleInstanceLock(data: Record<string, unknown>): boolean;
    onSecondInstance(listener: (argv: string[], workingDirectory: string, data: unknown) => void): void;
    /** Registering it replaces Electron's default (quit when the last window closes). */
    onWindowAllClosed(listener: () => void): void;
    /** macOS: the dock icon was clicked. */
    onActivate(listener: () => void): void;
    /** Before quitting: calling `prevent` keeps the app running (to stop the server first). */
    onBeforeQuit(listener: (prevent: () => void) => void): void;
    /** Quit politely: fires 'before-quit'. */
    quit(): void;
    /** Exit now with `code`: no 'before-quit'. */
    exit(code: number): void;
    getPath(name: 'userData' | 'documents'): string;
    /** macOS: no dock icon (backend-only). No-op elsewhere. */
    hideDock(): void;
    showDock(): void;
  };
  createWindow(options: WindowOptions): DesktopWindow;
  /** Work areas of the connected displays, primary first. */
  workAreas(): Rect[];
  /** Refuses every permission request from web content (camera, notifications, …). */
  denyPermissionRequests(): void;
  dialog: {
    showError(title: string, content: string): void;
    showOpen(window: DesktopWindow | undefined, options: { title: string; filters: FileFilter[] }): Promise<string | undefined>;
    showSave(window: DesktopWindow | undefined, options: { title: string; defaultPath: string; filters: FileFilter[] }): Promise<string | undefined>;
  };
  shell: {
    openExternal(url: string): Promise<void>;
    /** Resolves '' on success, else an error message (Electron's convention). */
    openPath(path: string): Promise<string>;
  };
  ipc: {
    handle(channel: string, handler: (sender: IpcSender, args: unknown[]) => Promise<unknown>): void;
  };
}
