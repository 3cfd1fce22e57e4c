/**
 * The message log's small LRU cache of lines (~1 MB), keyed by byte offset: it serves the usual
 * history query (the newest messages of a conversation, read again at its next turn) without a
 * read(2). (Caching every appended line would keep each one alive long enough to be promoted to
 * V8's old space, which then grows under a steady stream of runs: the log caches only lines read
 * by small reads and appended lines the caller marks as likely to be read.)
 */

/** Budget of the line cache (characters, ~bytes). */
const CACHE_CHARS = 1024 * 1024;

export class LineCache {
  /** Lines by offset, least recently used first, and their total length. */
  readonly #lines = new Map<number, string>();
  #chars = 0;

  /** Stores a line as the most recently used, evicting the least recent ones over budget. */
  set(offset: number, line: string): void {
    const old = this.#lines.get(offset);
    if (old !== undefined) {
      this.#lines.delete(offset);
      this.#chars -= old.length;
    }
    this.#lines.set(offset, line);
    this.#chars += line.length;
    if (this.#chars <= CACHE_CHARS) return;
    for (const [oldest, text] of this.#lines) {
      if (this.#chars <= CACHE_CHARS) break;
      this.#lines.delete(oldest);
      this.#chars -= text.length;
    }
  }

  /** The line at `offset`, if cached; it becomes the most recently used. */
  use(offset: number): string | undefined {
    const line = this.#lines.get(offset);
    if (line !== undefined) this.set(offset, line);
    return line;
  }

  clear(): void {
    this.#lines.clear();
    this.#chars = 0;
  }
}
