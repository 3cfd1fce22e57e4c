/**
 * One forked server process: spawn it, learn where it listens (or why it cannot start), and stop it
 * gracefully. The supervisor decides what to do with the outcomes.
 */
import { fork as nodeFork, type ChildProcess, type ForkOptions } from 'node:child_process';
import { SERVER_NODE_FLAGS, type StartupErrorCode } from '../server/launcher-api.js';
import { readLines, type OutputStream } from './output-lines.js';
import { isServerMessage, type ParentMessage } from './server-ipc.js';

export type ForkFn = (modulePath: string, args: readonly string[], options: ForkOptions) => ChildProcess;

export interface ServerProcessOptions {
  /** The server program: dist/main/server-entry.js. */
  entry: string;
  /** Its `flowdesk run` flags. */
  args: readonly string[];
  /** The runtime: Node, or the Electron binary (then `runAsNode` must be true). */
  execPath: string;
  /** Sets ELECTRON_RUN_AS_NODE=1, so the Electron binary runs the entry as plain Node. */
  runAsNode: boolean;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  onLine: (line: string, stream: OutputStream) => void;
  fork?: ForkFn;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type StartOutcome =
  | { kind: 'listening'; url: string }
  | { kind: 'startup-error'; code: StartupErrorCode; message: string }
  | { kind: 'exited'; exit: ExitInfo }
  | { kind: 'spawn-error'; message: string }
  | { kind: 'timeout' };

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
}

export class ServerProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited (or could not be spawned). */
  readonly exited: Promise<ExitInfo>;
  readonly #outcome: Promise<StartOutcome>;
  #exit: ExitInfo | undefined;

  private constructor(child: ChildProcess) {
    this.child = child;
    let settle: (outcome: StartOutcome) => void = () => {};
    this.#outcome = new Promise((resolve) => (settle = resolve));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        settle({ kind: 'exited', exit: this.#exit });
        resolve(this.#exit);
      });
      child.on('error', (error) => {
        // An 'error' with no pid means the process never started; later ones (a failed kill) do not matter.
        if (child.pid === undefined && this.#exit === undefined) {
          this.#exit = { code: null, signal: null };
          settle({ kind: 'spawn-error', message: error.message });
          resolve(this.#exit);
        }
      });
    });
    child.on('message', (message: unknown) => {
      if (!isServerMessage(message)) return;
      if (message.type === 'flowdesk:listening') settle({ kind: 'listening', url: message.url });
      else settle({ kind: 'startup-error', code: message.code, message: message.message });
    });
  }

  static spawn(options: ServerProcessOptions): ServerProcess {
    const fork = options.fork ?? nodeFork;
    const env: NodeJS.ProcessEnv = { ...options.env };
    if (options.runAsNode) env.ELECTRON_RUN_AS_NODE = '1';
    else delete env.ELECTRON_RUN_AS_NODE;
    const child = fork(options.entry, [...options.args], {
      execPath: options.execPath,
      // Not the parent's flags (an inspector port, test-runner loaders): a plain Node program, with
      // the flags every Flowdesk server runs with.
      execArgv: ['--enable-source-maps', ...SERVER_NODE_FLAGS],
      env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
      // Its own process group on POSIX: a Ctrl+C in the terminal reaches the app, which stops the
      // server in order, instead of both at once. (On Windows `detached` would open a console.)
      detached: process.platform !== 'win32',
    });
    const server = new ServerProcess(child);
    readLines(child.stdout, (line) => options.onLine(line, 'stdout'));
    readLines(child.stderr, (line) => options.onLine(line, 'stderr'));
    return server;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  /** The first of: listening, a startup error, exit, spawn failure, or `timeoutMs` passing. */
  async waitForStart(timeoutMs: number): Promise<StartOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<StartOutcome>((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs)));
    try {
      return await Promise.race([this.#outcome, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Asks for a graceful stop (over IPC, else SIGTERM); kills it after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<ExitInfo> {
    if (this.#exit) return this.#exit;
    const request: ParentMessage = { type: 'flowdesk:shutdown' };
    let asked = false;
    if (this.child.connected) {
      try {
        this.child.send(request);
        asked = true;
      } catch {
        asked = false;
      }
    }
    if (!asked) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills at once (SIGKILL; TerminateProcess on Windows). */
  kill(): void {
    if (this.#exit) return;
    try {
      this.child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
