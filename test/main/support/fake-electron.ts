/**
 * A fake of the Electron surface (main/electron-surface.ts) for tests under plain Node: it records
 * windows, dialogs, links opened and exits, and lets a test fire app events like Electron would.
 */
import type { DesktopWindow, ElectronSurface, FileFilter, IpcSender, Rect, WindowEvent, WindowOptions } from '../../../main/electron-surface.js';

export class FakeWindow implements DesktopWindow {
  static #nextId = 1;
  readonly id = FakeWindow.#nextId++;
  readonly options: WindowOptions;
  readonly loaded: string[] = [];
  shown = false;
  focused = 0;
  minimized = false;
  maximized = false;
  destroyed = false;
  bounds: Rect;
  readonly #listeners = new Map<WindowEvent, Array<() => void>>();
  #onWindowOpen: ((url: string) => void) | undefined;
  #onWillNavigate: ((url: string, prevent: () => void) => void) | undefined;
  #onGone: ((reason: string) => void) | undefined;

  constructor(options: WindowOptions) {
    this.options = options;
    this.bounds = { x: options.x ?? 100, y: options.y ?? 80, width: options.width, height: options.height };
  }

  get url(): string | undefined {
    return this.loaded.at(-1);
  }

  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.emit('ready-to-show');
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused++;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  on(event: WindowEvent, listener: () => void): void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
  }
  onWindowOpen(listener: (url: string) => void): void {
    this.#onWindowOpen = listener;
  }
  onWillNavigate(listener: (url: string, prevent: () => void) => void): void {
    this.#onWillNavigate = listener;
  }
  onRenderProcessGone(listener: (reason: string) => void): void {
    this.#onGone = listener;
  }

  emit(event: WindowEvent): void {
    for (const listener of this.#listeners.get(event) ?? []) listener();
  }
  /** The page asks for a new window; Electron always denies it here. */
  requestWindow(url: string): void {
    this.#onWindowOpen?.(url);
  }
  /** The page navigates; returns whether the app prevented it. */
  navigate(url: string): boolean {
    let prevented = false;
    this.#onWillNavigate?.(url, () => (prevented = true));
    return prevented;
  }
  crashRenderer(reason = 'crashed'): void {
    this.#onGone?.(reason);
  }
  /** The user closes the window. */
  close(): void {
    this.emit('close');
    this.destroyed = true;
    this.emit('closed');
  }
}

type IpcHandler = (sender: IpcSender, args: unknown[]) => Promise<unknown>;

export interface FakeElectronOptions {
  platform?: NodeJS.Platform;
  userData: string;
  documents?: string;
  /** false: another instance holds the single-instance lock. */
  gotLock?: boolean;
  workAreas?: Rect[];
}

export class FakeElectron implements ElectronSurface {
  readonly platform: NodeJS.Platform;
  readonly windows: FakeWindow[] = [];
  readonly errors: Array<{ title: string; content: string }> = [];
  readonly exits: number[] = [];
  readonly external: string[] = [];
  readonly openedPaths: string[] = [];
  readonly handlers = new Map<string, IpcHandler>();
  readonly dockCalls: Array<'hide' | 'show'> = [];
  lockData: Record<string, unknown> | undefined;
  permissionsDenied = false;
  openDialogResult: string | undefined;
  saveDialogResult: string | undefined;
  readonly #options: FakeElectronOptions;
  readonly #listeners = {
    secondInstance: [] as Array<(argv: string[], cwd: string, data: unknown) => void>,
    windowAllClosed: [] as Array<() => void>,
    activate: [] as Array<() => void>,
    beforeQuit: [] as Array<(prevent: () => void) => void>,
  };
  #resolveReady: () => void = () => {};
  readonly #ready = new Promise<void>((resolve) => (this.#resolveReady = resolve));

  constructor(options: FakeElectronOptions) {
    this.#options = options;
    this.platform = options.platform ?? 'linux';
  }

  /** Electron fires 'ready' (tests may delay it). */
  becomeReady(): void {
    this.#resolveReady();
  }

  readonly app: ElectronSurface['app'] = {
    whenReady: () => this.#ready,
    requestSingleInstanceLock: (data) => {
      this.lockData = data;
      return this.#options.gotLock ?? true;
    },
    onSecondInstance: (listener) => void this.#listeners.secondInstance.push(listener),
    onWindowAllClosed: (listener) => void this.#listeners.windowAllClosed.push(listener),
    onActivate: (listener) => void this.#listeners.activate.push(listener),
    onBeforeQuit: (listener) => void this.#listeners.beforeQuit.push(listener),
    quit: () => {
      let prevented = false;
      for (const listener of this.#listeners.beforeQuit) listener(() => (prevented = true));
      if (!prevented) this.app.exit(0);
    },
    exit: (code) => void this.exits.push(code),
    getPath: (name) => (name === 'userData' ? this.#options.userData : (this.#options.documents ?? this.#options.userData)),
    hideDock: () => void this.dockCalls.push('hide'),
    showDock: () => void this.dockCalls.push('show'),
  };

  readonly dialog: ElectronSurface['dialog'] = {
    showError: (title, content) => void this.errors.push({ title, content }),
    showOpen: async (_window: DesktopWindow | undefined, _options: { title: string; filters: FileFilter[] }) => this.openDialogResult,
    showSave: async (_window: DesktopWindow | undefined, _options: { title: string; defaultPath: string; filters: FileFilter[] }) => this.saveDialogResult,
  };

  readonly shell: ElectronSurface['shell'] = {
    openExternal: async (url) => void this.external.push(url),
    openPath: async (target) => {
      this.openedPaths.push(target);
      return '';
    },
  };

  readonly ipc: ElectronSurface['ipc'] = {
    handle: (channel, handler) => {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      this.handlers.set(channel, handler);
    },
  };

  createWindow(options: WindowOptions): FakeWindow {
    const window = new FakeWindow(options);
    this.windows.push(window);
    window.on('closed', () => {
      if (this.windows.every((candidate) => candidate.destroyed)) this.allWindowsClosed();
    });
    return window;
  }

  workAreas(): Rect[] {
    return this.#options.workAreas ?? [{ x: 0, y: 0, width: 1920, height: 1080 }];
  }

  denyPermissionRequests(): void {
    this.permissionsDenied = true;
  }

  /** A second launch of the app, as Electron reports it to this instance. */
  secondInstance(args: string[]): void {
    for (const listener of this.#listeners.secondInstance) listener(['flowdesk', ...args], '/', { args });
  }
  activate(): void {
    for (const listener of this.#listeners.activate) listener();
  }
  /** What Electron does after the last window closed. */
  allWindowsClosed(): void {
    if (this.#listeners.windowAllClosed.length === 0) this.app.quit();
    for (const listener of this.#listeners.windowAllClosed) listener();
  }
  /** Calls an IPC handler as the preload would, from a frame at `senderUrl`. */
  invoke(channel: string, senderUrl: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler({ url: senderUrl }, args);
  }
}
