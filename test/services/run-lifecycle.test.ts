import { describe, expect, it } from 'vitest';
import type { RunResponse } from '../../shared/api.js';
import { AppError, CancelledError, NotFoundError, TooManyRequestsError } from '../../shared/errors.js';
import { onCancel, type RunSignal } from '../../server/engine/cancellation.js';
import { createRunLifecycle } from '../../server/services/run-lifecycle.js';
import type { PreparedRun, RunService } from '../../server/services/run-service-types.js';
import { RunTracker } from '../../server/services/run-tracker.js';

const RESPONSE: RunResponse = { session_id: 's', outputs: [{ inputs: {}, outputs: [] }] };

/** A run service whose runs end when their signal aborts (rejecting as the engine does) or when `finish` is called. */
function fakeRuns() {
  const prepared: { flowRef: string; finish(): void }[] = [];
  const runs: RunService = {
    prepare(flowRef): PreparedRun {
      if (flowRef === 'missing') throw new NotFoundError(`Flow identifier ${flowRef} not found`);
      let finish = () => {};
      prepared.push({ flowRef, finish: () => finish() });
      return {
        flowId: `id-${flowRef}`,
        sessionId: `session-${flowRef}`,
        execute: ({ signal }: { signal: RunSignal }) =>
          new Promise<RunResponse>((resolve, reject) => {
            finish = () => resolve(RESPONSE);
            onCancel(signal, () => reject(new CancelledError()));
          }),
      };
    },
  };
  return { runs, prepared };
}

describe('run lifecycle', () => {
  it('prepares, admits and runs; the outcome is the response', async () => {
    const { runs, prepared } = fakeRuns();
    const lifecycle = createRunLifecycle({ runs, tracker: new RunTracker({}) });
    const run = await lifecycle.start('a', {}, { stream: false });
    expect([run.flowId, run.sessionId]).toEqual(['id-a', 'session-a']);
    const result = run.execute();
    prepared[0]?.finish();
    await expect(result).resolves.toBe(RESPONSE);
    expect(run.cancelled).toBe(false);
  });

  it('throws preparation errors and refuses runs beyond the limit before any runs', async () => {
    const { runs, prepared } = fakeRuns();
    const tracker = new RunTracker({ maxConcurrent: 1 });
    const lifecycle = createRunLifecycle({ runs, tracker });
    await expect(lifecycle.start('missing', {}, { stream: false })).rejects.toThrow(NotFoundError);
    void (await lifecycle.start('a', {}, { stream: false })).execute();
    await expect(lifecycle.start('b', {}, { stream: false })).rejects.toThrow(TooManyRequestsError);
    expect(prepared.map((p) => p.flowRef)).toEqual(['a', 'b']);
  });

  it('words a run the timeout stopped as a failed run, not as a cancel', async () => {
    const lifecycle = createRunLifecycle({ runs: fakeRuns().runs, tracker: new RunTracker({ runTimeoutMs: 20 }) });
    const run = await lifecycle.start('slow', {}, { stream: false });
    const failed = await run.execute().catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(AppError);
    expect(failed).toMatchObject({ code: 'component_failed', message: "The run took longer than the server's run timeout (0 s) and was stopped" });
    expect(run.cancelled).toBe(false);
  });

  it('tells a run its caller stopped from one that ended by itself', async () => {
    const lifecycle = createRunLifecycle({ runs: fakeRuns().runs, tracker: new RunTracker({}) });
    const run = await lifecycle.start('a', {}, { stream: true });
    const outcome = run.execute().catch((err: unknown) => err);
    run.abort();
    expect(await outcome).toBeInstanceOf(CancelledError);
    expect(run.cancelled).toBe(true);
  });
});
