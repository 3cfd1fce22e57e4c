/**
 * The shutdown "signals" the server CLI listens to (server/cli/main.ts `SignalSource`), for the forked
 * server: real SIGINT/SIGTERM, plus `request()` for a stop asked over IPC or a parent that went
 * away. The first of any of them asks for a graceful stop; only a second *real* signal forces an
 * exit, so a parent's stop request racing a Ctrl+C never turns a graceful stop into a forced one.
 */
import type { SignalSource } from '../server/launcher-api.js';

type ShutdownSignal = 'SIGINT' | 'SIGTERM';
type Listener = (signal: ShutdownSignal) => void;

export interface SignalTarget {
  on(signal: ShutdownSignal, listener: Listener): unknown;
  off(signal: ShutdownSignal, listener: Listener): unknown;
}

export class ShutdownSignals implements SignalSource {
  readonly #target: SignalTarget;
  readonly #listeners = new Map<Listener, { signal: ShutdownSignal; wrapped: Listener }[]>();
  #requested = false;
  /** A request that came before anyone listened (the server was still loading): delivered on the first `on`. */
  #pending = false;

  constructor(target: SignalTarget) {
    this.#target = target;
  }

  get requested(): boolean {
    return this.#requested;
  }

  on(signal: ShutdownSignal, listener: Listener): this {
    const wrapped: Listener = (received) => {
      this.#requested = true;
      listener(received);
    };
    this.#target.on(signal, wrapped);
    this.#listeners.set(listener, [...(this.#listeners.get(listener) ?? []), { signal, wrapped }]);
    if (this.#pending && signal === 'SIGTERM') {
      this.#pending = false;
      queueMicrotask(() => listener('SIGTERM'));
    }
    return this;
  }

  off(signal: ShutdownSignal, listener: Listener): this {
    const entries = this.#listeners.get(listener) ?? [];
    for (const entry of entries.filter((candidate) => candidate.signal === signal)) this.#target.off(signal, entry.wrapped);
    const rest = entries.filter((candidate) => candidate.signal !== signal);
    if (rest.length > 0) this.#listeners.set(listener, rest);
    else this.#listeners.delete(listener);
    return this;
  }

  /** Asks for a graceful stop, as a first SIGTERM would; ignored once any stop was asked. */
  request(): void {
    if (this.#requested) return;
    this.#requested = true;
    const listeners = [...this.#listeners.entries()].filter(([, entries]) => entries.some((entry) => entry.signal === 'SIGTERM'));
    if (listeners.length === 0) {
      this.#pending = true;
      return;
    }
    for (const [listener] of listeners) listener('SIGTERM');
  }
}
