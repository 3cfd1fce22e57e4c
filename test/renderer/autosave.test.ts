import { afterEach, describe, expect, it, vi } from 'vitest';
import { Autosave } from '../../renderer/src/editor/autosave.js';

afterEach(() => vi.useRealTimers());

describe('autosave', () => {
  it('saves once after a burst of changes, and reports unsaved → saving → saved', async () => {
    vi.useFakeTimers();
    const save = vi.fn(async () => undefined);
    const autosave = new Autosave(save, 500);
    const seen: string[] = [];
    autosave.subscribe(() => seen.push(autosave.getState().status));
    autosave.schedule();
    autosave.schedule();
    await vi.advanceTimersByTimeAsync(400);
    autosave.schedule();
    await vi.advanceTimersByTimeAsync(600);
    expect(save).toHaveBeenCalledTimes(1);
    expect(seen.at(-1)).toBe('saved');
    expect(seen).toContain('saving');
  });

  it('saves a moved view quietly: the status stays saved, and an edit made meanwhile still shows', async () => {
    vi.useFakeTimers();
    const save = vi.fn(async () => undefined);
    const autosave = new Autosave(save, 500);
    const seen: string[] = [];
    autosave.subscribe(() => seen.push(autosave.getState().status));
    autosave.schedule({ quiet: true });
    expect(autosave.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(600);
    expect(save).toHaveBeenCalledTimes(1);
    expect(seen.filter((s) => s !== 'saved')).toEqual([]);
    autosave.schedule({ quiet: true });
    autosave.schedule();
    expect(autosave.getState().status).toBe('unsaved');
    await vi.advanceTimersByTimeAsync(600);
    expect(save).toHaveBeenCalledTimes(2);
    expect(seen.slice(-3)).toEqual(['unsaved', 'saving', 'saved']);
  });

  it('shows a failure, keeps the change unsaved, and retries on flush', async () => {
    const save = vi.fn().mockRejectedValueOnce(new Error('disk full')).mockResolvedValue(undefined);
    const autosave = new Autosave(save, 10_000);
    autosave.schedule();
    await expect(autosave.flush()).rejects.toThrow('disk full');
    expect(autosave.getState()).toEqual({ status: 'failed', error: 'disk full' });
    expect(autosave.pending).toBe(true);
    await autosave.flush();
    expect(autosave.getState().status).toBe('saved');
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('a timed save that fails only changes the status (no unhandled rejection)', async () => {
    vi.useFakeTimers();
    const autosave = new Autosave(() => Promise.reject(new Error('offline')), 100);
    autosave.schedule();
    await vi.advanceTimersByTimeAsync(200);
    expect(autosave.getState()).toEqual({ status: 'failed', error: 'offline' });
  });

  it('saves a change made during a save right after it', async () => {
    let finish!: () => void;
    const save = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const autosave = new Autosave(save, 10_000);
    autosave.schedule();
    const first = autosave.flush();
    autosave.schedule();
    finish();
    await first;
    const second = autosave.flush();
    finish();
    await second;
    expect(save).toHaveBeenCalledTimes(2);
    expect(autosave.getState().status).toBe('saved');
  });
});
