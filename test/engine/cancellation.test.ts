import { describe, expect, it } from 'vitest';
import { Cancellation, onCancel } from '../../server/engine/cancellation.js';

describe('Cancellation', () => {
  it('calls its listeners once, in order, with the reason', () => {
    const cancel = new Cancellation();
    const seen: unknown[] = [];
    cancel.onAbort((reason) => seen.push(['a', reason]));
    cancel.onAbort((reason) => seen.push(['b', reason]));
    expect(cancel.aborted).toBe(false);
    expect(cancel.reason).toBeUndefined();
    cancel.abort('why');
    cancel.abort('again');
    expect(cancel.aborted).toBe(true);
    expect(cancel.reason).toBe('why');
    expect(seen).toEqual([
      ['a', 'why'],
      ['b', 'why'],
    ]);
  });

  it('forgets a removed listener and ignores listeners added after the abort', () => {
    const cancel = new Cancellation();
    const seen: string[] = [];
    const off = cancel.onAbort(() => seen.push('removed'));
    cancel.onAbort(() => seen.push('kept'));
    off();
    off();
    cancel.abort();
    cancel.onAbort(() => seen.push('late'))();
    expect(seen).toEqual(['kept']);
  });

  it('defaults the reason to an AbortError, like AbortController', () => {
    const cancel = new Cancellation();
    cancel.abort();
    expect(cancel.reason).toBeInstanceOf(DOMException);
    expect((cancel.reason as DOMException).name).toBe('AbortError');
  });

  it('gives a real AbortSignal that follows it, made before or after the abort', () => {
    const before = new Cancellation();
    const signal = before.signal;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(before.signal).toBe(signal);
    let fired = 0;
    signal.addEventListener('abort', () => fired++);
    before.abort('stop');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe('stop');
    expect(fired).toBe(1);

    const after = new Cancellation();
    after.abort('late');
    expect(after.signal.aborted).toBe(true);
    expect(after.signal.reason).toBe('late');
  });

  it('onCancel accepts a plain AbortSignal too', () => {
    const controller = new AbortController();
    const seen: unknown[] = [];
    const off = onCancel(controller.signal, (reason) => seen.push(reason));
    const removed = onCancel(controller.signal, () => seen.push('removed'));
    removed();
    controller.abort('r');
    off();
    expect(seen).toEqual(['r']);
  });
});
