/**
 * Lines appended to the message log but not written yet, in offset order, in plain arrays that
 * are replaced after each write rather than a long-lived Map: a Map that fills and empties with
 * every batch keeps reallocating its table, and a discarded table left in V8's old generation still
 * points at the lines (and, through other such tables, at whole runs) until the next full
 * collection, so they are promoted instead of dying young (profiles under issue 7).
 */
export class PendingLines {
  readonly #offsets: number[] = [];
  readonly #lines: string[] = [];
  /** Per line: keep it in the line cache once written. */
  readonly #cache: boolean[] = [];

  add(offset: number, line: string, cache: boolean): void {
    this.#offsets.push(offset);
    this.#lines.push(line);
    this.#cache.push(cache);
  }

  get(offset: number): string | undefined {
    const offsets = this.#offsets;
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = offsets[mid] as number;
      if (at === offset) return this.#lines[mid];
      if (at < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** The lines still pending once the file holds `size` bytes; `keep` gets the written lines marked for the cache. */
  written(size: number, keep: (offset: number, line: string) => void): PendingLines {
    const rest = new PendingLines();
    for (let i = 0; i < this.#offsets.length; i++) {
      const offset = this.#offsets[i] as number;
      const line = this.#lines[i] as string;
      const cache = this.#cache[i] as boolean;
      if (offset >= size) rest.add(offset, line, cache);
      else if (cache) keep(offset, line);
    }
    return rest;
  }
}
