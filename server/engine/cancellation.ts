/**
 * A run's cancellation. An `AbortController` costs an `EventTarget` (and its listeners) per run,
 * which showed in profiles of the run path; most runs never need a real `AbortSignal`, since only
 * components that do I/O (models, HTTP, subflows) read one. A `Cancellation` is a flag and a list of
 * callbacks; its `signal`, a real `AbortSignal` that follows it, is made the first time it is read.
 */

export type CancelListener = (reason: unknown) => void;

export class Cancellation {
  #aborted = false;
  #reason: unknown = undefined;
  #listeners: CancelListener[] | undefined;
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why it was cancelled (`undefined` until then), like `AbortSignal.reason`. */
  get reason(): unknown {
    return this.#reason;
  }

  /** An `AbortSignal` that aborts with this cancellation (made on first use; already aborted if this is). */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Cancels (once): calls the listeners in the order they were added. The default reason is an `AbortError`, as with `AbortController`. */
  abort(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners) for (const listener of listeners) listener(reason);
  }

  /** Calls `listener` once when cancelled (not if it already is); returns a function that removes it. */
  onAbort(listener: CancelListener): () => void {
    if (this.#aborted) return noop;
    (this.#listeners ??= []).push(listener);
    return () => {
      const listeners = this.#listeners;
      const at = listeners ? listeners.indexOf(listener) : -1;
      if (listeners && at >= 0) listeners.splice(at, 1);
    };
  }
}

/** What a run can be cancelled by: a `Cancellation`, or any `AbortSignal` (tests, callers with their own). */
export type RunSignal = Cancellation | AbortSignal;

/** Calls `listener` once when `signal` aborts; returns a function that removes it. */
export function onCancel(signal: RunSignal, listener: CancelListener): () => void {
  if (signal instanceof Cancellation) return signal.onAbort(listener);
  const handler = () => listener(signal.reason);
  signal.addEventListener('abort', handler, { once: true });
  return () => signal.removeEventListener('abort', handler);
}

function noop(): void {}
