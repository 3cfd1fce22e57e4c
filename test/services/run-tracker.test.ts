import { describe, expect, it } from 'vitest';
import { RunTracker } from '../../server/services/run-tracker.js';
import { TooManyRequestsError } from '../../shared/errors.js';
import { setTimeout as sleep } from 'node:timers/promises';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RunTracker', () => {
  it('counts runs in flight and forgets each when it settles, in any order', async () => {
    const tracker = new RunTracker({ maxConcurrent: 3 });
    const runs = [deferred(), deferred(), deferred()];
    const tracked = runs.map((run) => tracker.begin().track(run.promise));
    expect(tracker.size).toBe(3);
    expect(() => tracker.begin()).toThrow(TooManyRequestsError);
    runs[1]?.resolve();
    await tracked[1];
    await Promise.resolve();
    expect(tracker.size).toBe(2);
    runs[0]?.resolve();
    runs[2]?.resolve();
    await Promise.all(tracked);
    await Promise.resolve();
    expect(tracker.size).toBe(0);
    expect(() => tracker.begin()).not.toThrow();
  });

  it('stops runs older than the run timeout, and only those', async () => {
    const tracker = new RunTracker({ runTimeoutMs: 40 });
    const old = tracker.begin();
    const oldRun = deferred();
    old.track(oldRun.promise);
    await sleep(30);
    const young = tracker.begin();
    young.track(deferred().promise);
    await sleep(30);
    expect(old.signal.aborted).toBe(true);
    expect(RunTracker.timedOut(old.signal)).toBe(true);
    expect(young.signal.aborted).toBe(false);
  });

  it('drains: waits for runs within the grace period, then cancels the rest', async () => {
    const tracker = new RunTracker();
    const quick = deferred();
    tracker.begin().track(quick.promise);
    setTimeout(() => quick.resolve(), 5);
    expect(await tracker.drain(1_000)).toEqual({ finished: 1, cancelled: 0 });

    const stuck = tracker.begin();
    stuck.track(new Promise<void>((resolve) => stuck.signal.onAbort(() => resolve())));
    const done = deferred();
    tracker.begin().track(done.promise);
    setTimeout(() => done.resolve(), 5);
    expect(await tracker.drain(30)).toEqual({ finished: 1, cancelled: 1 });
    expect(stuck.signal.aborted).toBe(true);
    expect(tracker.size).toBe(0);
  });
});
