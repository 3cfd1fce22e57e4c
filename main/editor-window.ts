/**
 * The editor window: locked-down web preferences, navigation limited to the server's origin,
 * links out to the system browser, no new windows, remembered bounds, and the status page while
 * the server is down.
 */
import type { DesktopWindow, ElectronSurface, WindowOptions } from './electron-surface.js';
import { decideNavigation, decideWindowOpen } from './navigation-policy.js';
import { statusPageUrl, type StatusPage } from './status-page.js';
import { loadWindowState, MIN_SIZE, placeWindow, saveWindowState, type WindowPlacement } from './window-state.js';

export interface EditorWindowOptions {
  electron: Pick<ElectronSurface, 'createWindow' | 'workAreas' | 'shell'>;
  preload: string;
  /** The JSON file remembering the window's bounds. */
  stateFile: string;
  /** Problems worth a log line (a link that could not be opened, a failed load). */
  log: (message: string) => void;
}

/** The web preferences every editor window gets: the renderer is a web page, nothing more. */
export function editorWindowOptions(placement: WindowPlacement, preload: string): WindowOptions {
  return {
    title: 'Flowdesk',
    width: placement.width,
    height: placement.height,
    ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : {}),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  };
}

const SAVE_DELAY_MS = 400;

export class EditorWindow {
  readonly window: DesktopWindow;
  readonly #options: EditorWindowOptions;
  #origin: string | undefined;
  #saveTimer: NodeJS.Timeout | undefined;
  #saving: Promise<void> = Promise.resolve();

  private constructor(window: DesktopWindow, options: EditorWindowOptions) {
    this.window = window;
    this.#options = options;
  }

  static async open(options: EditorWindowOptions): Promise<EditorWindow> {
    const placement = placeWindow(await loadWindowState(options.stateFile), options.electron.workAreas());
    const window = options.electron.createWindow(editorWindowOptions(placement, options.preload));
    const editor = new EditorWindow(window, options);
    if (placement.maximized) window.maximize();
    editor.#guard();
    editor.#trackBounds();
    window.on('ready-to-show', () => window.show());
    return editor;
  }

  /** The origin the window may navigate within (the server's), or undefined while none is up. */
  get origin(): string | undefined {
    return this.#origin;
  }

  get closed(): boolean {
    return this.window.isDestroyed();
  }

  /** Shows the editor of the server at `serverUrl`, entering at `entryUrl` (a sign-in link) if given. */
  async showServer(serverUrl: string, entryUrl?: string): Promise<void> {
    const origin = new URL(serverUrl).origin;
    const entry = entryUrl !== undefined && new URL(entryUrl).origin === origin ? entryUrl : `${origin}/`;
    this.#origin = origin;
    await this.#load(entry);
  }

  /** Shows a static status page; the editor's origin stays unreachable until `showServer`. */
  async showStatus(page: StatusPage): Promise<void> {
    this.#origin = undefined;
    await this.#load(statusPageUrl(page));
  }

  focus(): void {
    if (this.closed) return;
    if (this.window.isMinimized()) this.window.restore();
    this.window.show();
    this.window.focus();
  }

  /** Writes the bounds now (on quit, since `app.exit` fires no 'close'). */
  saveBounds(): Promise<void> {
    clearTimeout(this.#saveTimer);
    if (this.closed) return this.#saving;
    const state = { bounds: this.window.getNormalBounds(), maximized: this.window.isMaximized() };
    this.#saving = this.#saving
      .then(() => saveWindowState(this.#options.stateFile, state))
      .catch((error: unknown) => this.#options.log(`cannot save the window state: ${String(error)}`));
    return this.#saving;
  }

  async #load(url: string): Promise<void> {
    if (this.closed) return;
    try {
      await this.window.loadURL(url);
    } catch (error) {
      // A load superseded by the next one, or a server that just went away: the supervisor reports that.
      this.#options.log(`the window could not load ${url.startsWith('data:') ? 'the status page' : url}: ${String(error)}`);
    }
  }

  #openExternal(url: string): void {
    this.#options.electron.shell.openExternal(url).catch((error: unknown) => this.#options.log(`cannot open ${url}: ${String(error)}`));
  }

  #guard(): void {
    this.window.onWindowOpen((url) => {
      if (decideWindowOpen(url) === 'open-external') this.#openExternal(url);
    });
    this.window.onWillNavigate((url, prevent) => {
      const decision = decideNavigation(url, this.#origin);
      if (decision === 'allow') return;
      prevent();
      if (decision === 'open-external') this.#openExternal(url);
    });
    this.window.onRenderProcessGone((reason) => {
      this.#options.log(`the editor page's process ended (${reason}); reloading it`);
      if (this.#origin) void this.#load(`${this.#origin}/`);
    });
  }

  #trackBounds(): void {
    const later = (): void => {
      clearTimeout(this.#saveTimer);
      this.#saveTimer = setTimeout(() => void this.saveBounds(), SAVE_DELAY_MS);
    };
    for (const event of ['resized', 'moved', 'maximize', 'unmaximize'] as const) this.window.on(event, later);
    this.window.on('close', () => void this.saveBounds());
  }
}
