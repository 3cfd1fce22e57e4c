/**
 * The desktop app's lifecycle, on an injected Electron surface: launch arguments, single instance,
 * the supervised server, the editor window (never with --backend-only), and the quit sequence
 * (save the window, stop the server gracefully, exit). main.ts runs it on the real Electron.
 */
import { windowStateFile } from './app-paths.js';
import { registerBridge } from './bridge-handlers.js';
import { editorEntry, hasEditor } from './editor-sign-in.js';
import { EditorWindow } from './editor-window.js';
import type { ElectronSurface } from './electron-surface.js';
import { LAUNCH_USAGE, parseLaunchArgs, resolveLaunchSettings } from './launch-args.js';
import { formatFailure, type StartFailure } from './start-failure.js';
import { ServerSupervisor } from './supervisor.js';
import type { ServerReady, ServerSettings, SupervisorOptions } from './supervisor-types.js';

export type AppMode = 'desktop' | 'backend-only';
/** SIGHUP: the terminal closed or the session ended. */
type ShutdownSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export interface AppDeps {
  electron: ElectronSurface;
  /** The user's launch arguments (`userArgs(process.argv, process.defaultApp)`). */
  args: string[];
  env: NodeJS.ProcessEnv;
  home: string;
  cwd: string;
  /** The server program (dist/main/server-entry.js) and the preload (dist/main/preload.cjs). */
  serverEntry: string;
  preload: string;
  /** What runs the server program: the Electron binary as Node (`runAsNode`), or Node. */
  execPath: string;
  runAsNode: boolean;
  signals: { on(signal: ShutdownSignal, listener: () => void): unknown };
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Supervisor timings and restart policy (tests shorten them). */
  supervisor?: Pick<SupervisorOptions, 'timing' | 'restart'>;
}

export interface RunningApp {
  /** undefined when the launch ended before a mode was chosen (bad arguments, --help, second instance). */
  readonly mode: AppMode | undefined;
  readonly supervisor: ServerSupervisor | undefined;
  editor(): EditorWindow | undefined;
  /** The code the app exited with (through `app.exit`). */
  readonly exited: Promise<number>;
}

const FORCED_EXIT: Record<ShutdownSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const TRUE_WORDS = /^(1|true|yes|on)$/i;

export async function runApp(deps: AppDeps): Promise<RunningApp> {
  const { electron } = deps;
  let resolveExited: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExited = resolve));
  let exitedOnce = false;
  const exit = (code: number): void => {
    if (exitedOnce) return;
    exitedOnce = true;
    electron.app.exit(code);
    resolveExited(code);
  };
  const log = (message: string): void => deps.stderr(`flowdesk: ${message}\n`);
  const ended = (code: number): RunningApp => {
    exit(code);
    return { mode: undefined, supervisor: undefined, editor: () => undefined, exited };
  };

  // 1. Launch arguments: help, problems, then the settings exactly as `flowdesk run` resolves them.
  const parsed = parseLaunchArgs(deps.args);
  if (parsed.help) {
    deps.stdout(LAUNCH_USAGE);
    return ended(0);
  }
  let settings: ServerSettings;
  try {
    if (parsed.problems.length > 0) throw new Error(parsed.problems.join('\n'));
    settings = resolveLaunchSettings(parsed.flags, { env: deps.env, platform: electron.platform, home: deps.home, cwd: deps.cwd });
  } catch (error) {
    const problems = error instanceof Error ? error.message : String(error);
    if (parsed.flags.backendOnly || TRUE_WORDS.test(deps.env.FLOWDESK_BACKEND_ONLY?.trim() ?? '')) {
      for (const line of problems.split('\n')) log(line);
      deps.stderr("Run with --help for Flowdesk's launch options.\n");
    } else {
      await electron.app.whenReady();
      electron.dialog.showError('Flowdesk: invalid launch arguments', `${problems}\n\n${LAUNCH_USAGE}`);
    }
    return ended(2);
  }
  const mode: AppMode = settings.backendOnly ? 'backend-only' : 'desktop';

  // 2. One instance: a second launch hands its arguments to this one and quits.
  if (!electron.app.requestSingleInstanceLock({ args: deps.args })) {
    log(mode === 'desktop' ? 'Flowdesk is already running: its window was brought to the front.' : 'Flowdesk is already running: not starting a second one.');
    return ended(0);
  }

  const stateFile = windowStateFile(electron.app.getPath('userData'));
  if (mode === 'backend-only') electron.app.hideDock();

  const supervisor = new ServerSupervisor({
    settings,
    entry: deps.serverEntry,
    execPath: deps.execPath,
    runAsNode: deps.runAsNode,
    env: deps.env,
    cwd: deps.cwd,
    onOutput: (line, stream) => (stream === 'stdout' ? deps.stdout : deps.stderr)(line + '\n'),
    ...deps.supervisor,
  });

  let editor: EditorWindow | undefined;
  let opening: Promise<void> | undefined;
  let wantWindow = false;
  let everReady = false;

  // 3. Quitting: every path (window closed, Cmd+Q, SIGINT/SIGTERM, a fatal failure) goes through
  // 'before-quit', which saves the window, stops the server gracefully, then exits.
  let quitting: Promise<void> | undefined;
  let exitCode = 0;
  const shutdown = (): void => {
    quitting ??= (async () => {
      await editor?.saveBounds();
      await supervisor.stop();
    })()
      .catch((error: unknown) => log(`while quitting: ${String(error)}`))
      .finally(() => exit(exitCode));
  };
  const quitWith = (code: number): void => {
    exitCode = code;
    electron.app.quit();
  };
  electron.app.onBeforeQuit((prevent) => {
    prevent();
    shutdown();
  });
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    deps.signals.on(signal, () => {
      // A second signal while stopping: exit now (the server stops by itself when its parent is gone).
      if (signalled) return exit(FORCED_EXIT[signal]);
      signalled = true;
      if (mode === 'backend-only') log(`${signal}: stopping the server…`);
      quitWith(0);
    });
  }

  electron.app.onWindowAllClosed(() => {
    if (mode === 'desktop' && electron.platform !== 'darwin') quitWith(0);
  });

  const openEditor = (): Promise<void> => {
    opening ??= (async () => {
      if (mode === 'backend-only') electron.app.showDock();
      const opened = await EditorWindow.open({
        electron,
        preload: deps.preload,
        stateFile,
        log,
      });
      editor = opened;
      opened.window.on('closed', () => {
        if (editor === opened) editor = undefined;
      });
      const ready = supervisor.ready;
      if (ready) await showEditor(opened, ready);
    })().finally(() => (opening = undefined));
    return opening;
  };

  /** Loads the server's editor, signed in; or says why there is none (a headless server attached to). */
  const showEditor = async (target: EditorWindow, ready: ServerReady): Promise<void> => {
    if (!(await hasEditor(ready.url))) {
      if (supervisor.ready !== ready) return;
      await target.showStatus({
        title: 'The running Flowdesk server has no editor',
        reason: `The Flowdesk server already running on ${settings.dataDir} (${ready.url}, pid ${ready.pid}) was started with --backend-only: it serves only the API, and two servers cannot share one data folder.`,
        next: 'Stop that server (Ctrl+C where it runs): this window then starts its own server and shows the editor. Or open Flowdesk with another --data-dir.',
      });
      return;
    }
    const entry = await editorEntry(ready.url, settings.dataDir);
    if (supervisor.ready !== ready) return; // a newer server took over meanwhile
    if (entry.problem) log(`the window opens the editor without signing in: ${entry.problem}`);
    await target.showServer(ready.url, entry.url);
  };

  electron.app.onActivate(() => {
    if (mode === 'desktop' && !editor && supervisor.ready && !quitting) void openEditor();
  });

  electron.app.onSecondInstance((_argv, _cwd, data) => {
    const args = Array.isArray((data as { args?: unknown } | null)?.args) ? (data as { args: unknown[] }).args.filter((a): a is string => typeof a === 'string') : [];
    if (parseLaunchArgs(args).flags.backendOnly) {
      log('a second launch with --backend-only was ignored: Flowdesk is already running.');
      return;
    }
    if (quitting) return;
    if (editor) editor.focus();
    else if (supervisor.ready) void openEditor();
    else wantWindow = true;
  });

  const showFailure = (failure: StartFailure): void => {
    if (mode === 'backend-only') {
      deps.stderr(`flowdesk: ${formatFailure(failure).replace(/\n/g, '\nflowdesk: ')}\n`);
      quitWith(1);
    } else if (editor) {
      void editor.showStatus({ title: failure.title, reason: failure.reason, next: failure.advice, recentOutput: failure.recentOutput });
    } else {
      electron.dialog.showError(failure.title, formatFailure(failure).slice(failure.title.length).trim());
      if (!everReady) quitWith(1);
    }
  };

  const announce = (ready: ServerReady): void => {
    if (mode !== 'backend-only') return;
    deps.stdout(
      ready.attached
        ? `Flowdesk (backend only): using the Flowdesk server already running at ${ready.url} (pid ${ready.pid}) on ${settings.dataDir}; it is restarted here if it stops. Press Ctrl+C to stop watching it.\n`
        : `Flowdesk (backend only): the server is ready at ${ready.url}.\n`,
    );
  };

  supervisor.onEvent((event) => {
    if (quitting) return;
    switch (event.type) {
      case 'ready':
        if (!everReady) return; // the first start is handled below
        announce(event.ready);
        if (editor) void showEditor(editor, event.ready);
        return;
      case 'crashed': {
        const next = `Restarting it in ${Math.ceil(event.restartInMs / 1000)} s (attempt ${event.attempt})…`;
        log(`${event.reason} ${next}`);
        void editor?.showStatus({ title: 'The Flowdesk server stopped', reason: event.reason, next, recentOutput: event.recentOutput });
        return;
      }
      case 'failed':
        if (everReady) showFailure(event.failure);
        return;
      default:
        return;
    }
  });

  // 4. Start: wait for Electron, then for the server; only then, and never with --backend-only, a window.
  await electron.app.whenReady();
  if (quitting) return { mode, supervisor, editor: () => editor, exited };
  electron.denyPermissionRequests();
  registerBridge({
    electron,
    serverOrigin: () => editor?.origin,
    window: () => editor?.window,
    dataDir: settings.dataDir,
    documentsDir: electron.app.getPath('documents'),
  });

  const result = await supervisor.start();
  if (result.ok) {
    everReady = true;
    if (result.ready.attached) log(`using the Flowdesk server already running at ${result.ready.url} (pid ${result.ready.pid}).`);
    announce(result.ready);
    if ((mode === 'desktop' || wantWindow) && !quitting) await openEditor();
  } else if (result.failure.code !== 'stopped') {
    showFailure(result.failure);
  }
  return { mode, supervisor, editor: () => editor, exited };
}
