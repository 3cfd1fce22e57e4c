/**
 * One run's life, for every caller (the run route and its fast path, the editor's live run, the
 * webhook, the Responses endpoint, MCP tool calls; later queue workers): prepare (body, flow, tweaks:
 * errors keep their statuses), admit (the concurrency limit: 429), execute under the run timeout and
 * the caller's cancellation, and word a timeout as a failed run. Callers only turn the events and
 * the outcome into their own wire format.
 */
import type { RunResponse } from '../../shared/api.js';
import { AppError, CancelledError } from '../../shared/errors.js';
import type { ExecuteListeners, PreparedRun, PrepareOptions, RunService } from './run-service-types.js';
import { RunTracker, type RunScope } from './run-tracker.js';
import type { RunSignal } from '../engine/cancellation.js';

export interface RunLifecycle {
  /**
   * Prepares and admits a run of `flowRef` with a run request `body`; throws what keeps a status
   * (NotFoundError, ValidationError, BadRequestError, InvalidFlowError, TooManyRequestsError). Async
   * because a queued lifecycle admits against the whole cluster (server/queue/).
   */
  start(flowRef: string, body: unknown, options: PrepareOptions): Promise<StartedRun>;
}

export interface StartedRun {
  readonly flowId: string;
  readonly sessionId: string;
  /**
   * Runs the flow, once. Resolves to the response body; rejects with the run's error (a run the
   * timeout stopped as a `component_failed` error, in Langflow's wording of a failed run).
   */
  execute(listeners?: ExecuteListeners): Promise<RunResponse>;
  /** Stops the run: its caller went away. */
  abort(): void;
  /** Whether the run was stopped by `abort()` or by shutdown, rather than by the timeout or its own end. */
  readonly cancelled: boolean;
}

export function createRunLifecycle(deps: { runs: RunService; tracker: RunTracker }): RunLifecycle {
  const { runs, tracker } = deps;
  return {
    start(flowRef, body, options) {
      try {
        const prepared = runs.prepare(flowRef, body, options);
        return Promise.resolve(new Run(prepared, tracker.begin(), tracker.runTimeoutMs));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    },
  };
}

/**
 * A started run under its tracker scope: the id getters, abort, and the run timeout worded as a
 * failed run. Subclasses say how the work is done (`work`): here in process, or on a queue.
 */
export abstract class ScopedRun implements StartedRun {
  protected readonly prepared: PreparedRun;
  protected readonly scope: RunScope;
  readonly #timeoutMs: number | undefined;

  constructor(prepared: PreparedRun, scope: RunScope, timeoutMs: number | undefined) {
    this.prepared = prepared;
    this.scope = scope;
    this.#timeoutMs = timeoutMs;
  }

  get flowId(): string {
    return this.prepared.flowId;
  }

  get sessionId(): string {
    return this.prepared.sessionId;
  }

  get cancelled(): boolean {
    const { signal } = this.scope;
    return signal.aborted && !RunTracker.timedOut(signal);
  }

  abort(): void {
    this.scope.abort();
  }

  async execute(listeners: ExecuteListeners = {}): Promise<RunResponse> {
    const { signal } = this.scope;
    try {
      return await this.scope.track(this.work(listeners, signal));
    } catch (err) {
      if (!(err instanceof CancelledError) || !RunTracker.timedOut(signal)) throw err;
      throw runTimeoutError(this.#timeoutMs);
    }
  }

  /** Does the run; rejects with CancelledError once `signal` aborts. */
  protected abstract work(listeners: ExecuteListeners, signal: RunSignal): Promise<RunResponse>;
}

class Run extends ScopedRun {
  protected work(listeners: ExecuteListeners, signal: RunSignal): Promise<RunResponse> {
    return this.prepared.execute({ ...listeners, signal });
  }
}

/** How a run the timeout stopped fails: as a failed run, in Langflow's wording. */
export function runTimeoutError(timeoutMs: number | undefined): AppError {
  const seconds = Math.round((timeoutMs ?? 0) / 100) / 10;
  return new AppError('component_failed', `The run took longer than the server's run timeout (${seconds} s) and was stopped`);
}
