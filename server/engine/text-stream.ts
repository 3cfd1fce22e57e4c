/**
 * Text that is still being written, e.g. a model's answer while tokens arrive. One producer pushes
 * chunks and then ends or fails it; any number of consumers iterate it (a late consumer first gets
 * the chunks it missed) or await the whole text.
 */
import type { MessageUsage } from '../../shared/langflow-message.js';
import type { MessageSource } from '../../shared/message.js';

type State = 'open' | 'ended' | 'failed';

export class TextStream implements AsyncIterable<string> {
  /** Who writes the text (the model node), for the message that carries it. */
  readonly source: MessageSource | undefined;
  /** The producer's icon, which Langflow shows on the streamed message. */
  readonly icon: string | undefined;
  /** The tokens the text took, as its producer's model reported them; set before the stream ends. */
  usage: MessageUsage | undefined;
  #chunks: string[] = [];
  #state: State = 'open';
  #error: unknown;
  #waiters: (() => void)[] = [];
  #text: Promise<string> | undefined;

  constructor(options: { source?: MessageSource; icon?: string } = {}) {
    this.source = options.source;
    this.icon = options.icon;
  }

  /** Appends a chunk. Empty chunks are dropped. */
  push(chunk: string): void {
    if (this.#state !== 'open') throw new Error('Cannot push to a TextStream that has ended');
    if (chunk === '') return;
    this.#chunks.push(chunk);
    this.#wake();
  }

  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ended';
    this.#wake();
  }

  /** Ends the stream with an error; consumers receive this very error. */
  fail(error: unknown): void {
    if (this.#state !== 'open') return;
    this.#state = 'failed';
    this.#error = error;
    this.#wake();
  }

  get state(): State {
    return this.#state;
  }

  /** The error the stream failed with (undefined unless failed). */
  get error(): unknown {
    return this.#error;
  }

  /** The chunks received so far, joined. */
  get textSoFar(): string {
    return this.#chunks.join('');
  }

  /** The whole text once the stream ends; rejects with the stream's error if it fails. */
  text(): Promise<string> {
    this.#text ??= this.#collect();
    return this.#text;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    let next = 0;
    for (;;) {
      while (next < this.#chunks.length) yield this.#chunks[next++] as string;
      if (this.#state === 'ended') return;
      if (this.#state === 'failed') throw this.#error;
      await this.#changed();
    }
  }

  async #collect(): Promise<string> {
    while (this.#state === 'open') await this.#changed();
    if (this.#state === 'failed') throw this.#error;
    return this.#chunks.join('');
  }

  #changed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    const waiters = this.#waiters;
    if (waiters.length === 0) return;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
