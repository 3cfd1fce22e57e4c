/**
 * Supervises the flow server for the desktop app: attaches to a Flowdesk server that already owns
 * the data directory, or forks one and waits for `/health`; restarts it with backoff after a crash
 * (or when an attached server goes away); turns "cannot start" into one clear failure; and stops
 * the server it owns gracefully. It never stops a server it attached to: that one is not its own.
 */
import { connectableUrl, probeHealth, waitForHealth } from './health.js';
import { RecentLines } from './output-lines.js';
import { DEFAULT_RESTART_POLICY, restartDelay, type RestartPolicy } from './restart-policy.js';
import { findRunningServer, type RunningServerProbe } from './running-server.js';
import { describeExit, ServerProcess } from './server-process.js';
import { describeFailure, type FailureCode, type StartFailure } from './start-failure.js';
import {
  DEFAULT_TIMING,
  serverArgs,
  type ServerReady,
  type ServerSettings,
  type StartResult,
  type SupervisorEvent,
  type SupervisorOptions,
  type SupervisorState,
  type SupervisorTiming,
} from './supervisor-types.js';

/** Failures a restart cannot fix: give up at once instead of backing off. */
const PERMANENT: ReadonlySet<FailureCode> = new Set(['bad_config', 'data_dir_unusable', 'spawn_failed']);
const ATTACH_MISSES = 2;

export class ServerSupervisor {
  readonly #options: SupervisorOptions;
  readonly #timing: SupervisorTiming;
  readonly #policy: RestartPolicy;
  readonly #recent = new RecentLines(40);
  readonly #listeners = new Set<(event: SupervisorEvent) => void>();
  #state: SupervisorState = 'idle';
  #process: ServerProcess | undefined;
  #ready: ServerReady | undefined;
  #readyAt = 0;
  #attempts = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #attachTimer: NodeJS.Timeout | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.#timing = { ...DEFAULT_TIMING, ...options.timing };
    this.#policy = { ...DEFAULT_RESTART_POLICY, ...options.restart };
  }

  get state(): SupervisorState {
    return this.#state;
  }

  /** The server in use, while there is one. */
  get ready(): ServerReady | undefined {
    return this.#ready;
  }

  get settings(): ServerSettings {
    return this.#options.settings;
  }

  onEvent(listener: (event: SupervisorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Attaches or starts the server. A first start that fails is final: no restarts. */
  async start(): Promise<StartResult> {
    if (this.#state !== 'idle') throw new Error(`ServerSupervisor.start() called in state ${this.#state}`);
    const result = await this.#launch();
    if (!result.ok && result.failure.code !== 'stopped') this.#fail(result.failure);
    return result;
  }

  /** Stops the server this supervisor started (gracefully, then by force); leaves an attached one running. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#state = 'stopping';
      clearTimeout(this.#restartTimer);
      clearTimeout(this.#attachTimer);
      const owned = this.#process;
      this.#process = undefined;
      this.#ready = undefined;
      if (owned) await owned.stop(this.#timing.stopTimeoutMs);
      this.#state = 'stopped';
      this.#emit({ type: 'stopped' });
    })();
    return this.#stopping;
  }

  async #launch(): Promise<StartResult> {
    this.#state = 'starting';
    this.#emit({ type: 'starting' });
    const { dataDir } = this.#options.settings;

    const found = await findRunningServer(dataDir, this.#timing.attachWaitMs);
    if (this.#stopping) return this.#stoppedResult();
    if (found.kind === 'running') return this.#attach(found.url, found.pid);
    // A lock written on another host cannot be probed from here: let the server explain it.
    if (found.kind === 'busy' && found.reason !== 'other-host') return this.#failure('data_dir_locked', busyReason(found, dataDir));

    const proc = ServerProcess.spawn({
      entry: this.#options.entry,
      args: serverArgs(this.#options.settings),
      execPath: this.#options.execPath,
      runAsNode: this.#options.runAsNode,
      env: this.#options.env,
      cwd: this.#options.cwd,
      fork: this.#options.fork,
      onLine: (line, stream) => {
        this.#recent.push(line);
        this.#options.onOutput?.(line, stream);
      },
    });
    this.#process = proc;
    const outcome = await proc.waitForStart(this.#timing.startTimeoutMs);
    if (this.#stopping) return this.#stoppedResult();

    switch (outcome.kind) {
      case 'listening': {
        const url = connectableUrl(outcome.url);
        const exited = new AbortController();
        void proc.exited.then(() => exited.abort());
        const healthy = await waitForHealth(url, { timeoutMs: this.#timing.healthTimeoutMs, signal: exited.signal });
        if (this.#stopping) return this.#stoppedResult();
        if (healthy) return this.#adopt(proc, url);
        if (!proc.running) {
          return this.#failure('server_exited', `The server process ${describeExit(await proc.exited)} right after it started listening at ${url}.`);
        }
        await this.#discard(proc);
        return this.#failure('no_health', `The server listened at ${url}, but GET /health did not answer within ${seconds(this.#timing.healthTimeoutMs)}.`);
      }
      case 'startup-error': {
        await this.#discard(proc);
        if (outcome.code === 'data_dir_locked') {
          // Another server took the directory meanwhile (two launches at once): use it if it answers.
          const again = await findRunningServer(dataDir, this.#timing.attachWaitMs);
          if (this.#stopping) return this.#stoppedResult();
          if (again.kind === 'running') return this.#attach(again.url, again.pid);
        }
        return this.#failure(outcome.code, outcome.message);
      }
      case 'exited':
        this.#process = undefined;
        return this.#failure('server_exited', `The server process ${describeExit(outcome.exit)} before it was ready.`);
      case 'spawn-error':
        this.#process = undefined;
        return this.#failure('spawn_failed', `Cannot run the server program ${this.#options.entry} with ${this.#options.execPath}: ${outcome.message}`);
      case 'timeout':
        await this.#discard(proc);
        return this.#failure('no_health', `The server did not start listening within ${seconds(this.#timing.startTimeoutMs)}.`);
    }
  }

  /** Stops a process that will not be used (it may be exiting by itself already). */
  async #discard(proc: ServerProcess): Promise<void> {
    if (this.#process === proc) this.#process = undefined;
    await proc.stop(this.#timing.stopTimeoutMs);
  }

  #adopt(proc: ServerProcess, url: string): StartResult {
    const ready: ServerReady = { url, attached: false, pid: proc.pid ?? 0 };
    void proc.exited.then((exit) => {
      if (this.#process === proc && !this.#stopping) {
        this.#process = undefined;
        this.#lost(`The server process ${describeExit(exit)}.`);
      }
    });
    return this.#becomeReady(ready);
  }

  #attach(url: string, pid: number): StartResult {
    const ready: ServerReady = { url, attached: true, pid };
    let misses = 0;
    const poll = async (): Promise<void> => {
      if (this.#stopping || this.#ready !== ready) return;
      misses = (await probeHealth(url)) ? 0 : misses + 1;
      if (this.#stopping || this.#ready !== ready) return;
      if (misses >= ATTACH_MISSES) this.#lost(`The Flowdesk server at ${url} (pid ${pid}) stopped answering.`);
      else this.#attachTimer = setTimeout(() => void poll(), this.#timing.attachPollMs);
    };
    const result = this.#becomeReady(ready);
    this.#attachTimer = setTimeout(() => void poll(), this.#timing.attachPollMs);
    return result;
  }

  #becomeReady(ready: ServerReady): StartResult {
    this.#ready = ready;
    this.#readyAt = Date.now();
    this.#state = 'ready';
    this.#emit({ type: 'ready', ready });
    return { ok: true, ready };
  }

  /** The server in use went away: restart after a backoff delay. */
  #lost(reason: string): void {
    if (this.#stopping) return;
    const ranMs = Date.now() - this.#readyAt;
    this.#ready = undefined;
    if (ranMs >= this.#policy.stableAfterMs) this.#attempts = 0;
    this.#scheduleRestart(reason);
  }

  #scheduleRestart(reason: string): void {
    this.#attempts += 1;
    if (this.#attempts > this.#policy.maxAttempts) {
      this.#fail(this.#describe('restarts_exhausted', `${reason} It was restarted ${this.#policy.maxAttempts} times in a row; Flowdesk stopped trying.`));
      return;
    }
    const restartInMs = restartDelay(this.#policy, this.#attempts);
    this.#state = 'waiting';
    this.#emit({ type: 'crashed', reason, attempt: this.#attempts, restartInMs, recentOutput: this.#recent.snapshot() });
    this.#restartTimer = setTimeout(() => void this.#restart(), restartInMs);
  }

  async #restart(): Promise<void> {
    if (this.#stopping) return;
    const result = await this.#launch();
    if (result.ok || result.failure.code === 'stopped') return;
    if (PERMANENT.has(result.failure.code)) this.#fail(result.failure);
    else this.#scheduleRestart(result.failure.reason);
  }

  #fail(failure: StartFailure): void {
    this.#state = 'failed';
    this.#ready = undefined;
    this.#emit({ type: 'failed', failure });
  }

  #describe(code: FailureCode, reason: string): StartFailure {
    const { host, port, dataDir } = this.#options.settings;
    return describeFailure(code, reason, { host, port, dataDir, recentOutput: this.#recent.snapshot() });
  }

  #failure(code: FailureCode, reason: string): StartResult {
    return { ok: false, failure: this.#describe(code, reason) };
  }

  #stoppedResult(): StartResult {
    return this.#failure('stopped', 'Flowdesk is quitting.');
  }

  #emit(event: SupervisorEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's bug must not stop the supervision.
      }
    }
  }
}

function busyReason(probe: Extract<RunningServerProbe, { kind: 'busy' }>, dataDir: string): string {
  const owner = `a Flowdesk server (pid ${probe.lock.pid})`;
  return probe.reason === 'no-url'
    ? `Data directory ${dataDir} is locked by ${owner} that has not started listening.`
    : `Data directory ${dataDir} is locked by ${owner} that does not answer at ${probe.lock.url ?? 'its address'}.`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
