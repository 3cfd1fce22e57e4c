/** Splits a child's output into lines and keeps the last few, to show why a server stopped. */
import type { Readable } from 'node:stream';

export type OutputStream = 'stdout' | 'stderr';

export class RecentLines {
  readonly #limit: number;
  #lines: string[] = [];

  constructor(limit = 40) {
    this.#limit = limit;
  }

  push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.#limit) this.#lines.splice(0, this.#lines.length - this.#limit);
  }

  snapshot(): string[] {
    return [...this.#lines];
  }

  clear(): void {
    this.#lines = [];
  }
}

/** Calls `onLine` for every complete line of `stream` (and the unterminated rest at its end). */
export function readLines(stream: Readable | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split(/\r?\n/);
    partial = parts.pop() ?? '';
    for (const line of parts) onLine(line);
  });
  stream.on('end', () => {
    if (partial !== '') onLine(partial);
    partial = '';
  });
}
