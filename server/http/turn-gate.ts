/**
 * Spreads work that arrives together over event-loop turns (issue 18). When thousands of requests
 * arrive at once, libuv hands all of their sockets to one poll phase, and each request's handler,
 * with the microtasks it queues, runs there before the loop gets back to its timers and other I/O:
 * starting 2,000 streamed runs (flow plan, Chat Input's message, the model client's request, a
 * connection to the provider) in one go stalled the event loop for seconds, and every stream
 * already open stopped with it.
 *
 * `wait()` lets the first `perTurn` callers of a turn go on at once (the common case: no delay, no
 * promise) and queues the rest; each following turn (a `setImmediate`) lets `perTurn` more go, in
 * the order they came. The loop runs its timers and other I/O between those turns.
 */
export class TurnGate {
  readonly #perTurn: number;
  #passed = 0;
  #queue: (() => void)[] = [];
  #head = 0;
  #scheduled = false;

  constructor(perTurn: number) {
    if (!(perTurn >= 1)) throw new RangeError('perTurn must be at least 1');
    this.#perTurn = perTurn;
  }

  /** Undefined: go on now. A promise: go on once it resolves, a later turn. */
  wait(): Promise<void> | undefined {
    if (this.#queue.length === this.#head && this.#passed < this.#perTurn) {
      this.#passed++;
      this.#schedule();
      return undefined;
    }
    return new Promise<void>((resolve) => {
      this.#queue.push(resolve);
      this.#schedule();
    });
  }

  /** Callers waiting for a later turn. */
  get waiting(): number {
    return this.#queue.length - this.#head;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#turn());
  }

  /** A new turn: the count starts over, and up to `perTurn` waiting callers go on. */
  #turn(): void {
    this.#scheduled = false;
    this.#passed = 0;
    while (this.#head < this.#queue.length && this.#passed < this.#perTurn) {
      const resolve = this.#queue[this.#head] as () => void;
      this.#queue[this.#head++] = noop; // drop the reference
      this.#passed++;
      resolve();
    }
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    }
    if (this.#passed > 0) this.#schedule();
  }
}

function noop(): void {}
