/**
 * The message index's per-record columns (message-index.ts): numbers in fixed-size typed-array
 * chunks that grow without reallocating (a doubled-and-copied array leaves its old copy as a hole
 * in the C heap that stays resident), each as narrow as its values allow.
 */
const CHUNK_BITS = 13;
/** Entries per chunk (8,192: 64 KB of Float64, 32 KB of Uint32). */
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** A growable array of numbers in fixed-size typed-array chunks. */
export class Column<T extends Float64Array | Uint32Array | Uint16Array> {
  readonly #make: (n: number) => T;
  readonly #chunks: T[] = [];

  constructor(make: (n: number) => T) {
    this.#make = make;
  }

  get(i: number): number {
    return (this.#chunks[i >>> CHUNK_BITS] as T)[i & MASK] as number;
  }

  set(i: number, value: number): void {
    const c = i >>> CHUNK_BITS;
    while (this.#chunks.length <= c) this.#chunks.push(this.#make(CHUNK));
    (this.#chunks[c] as T)[i & MASK] = value;
  }

  /** Frees the chunks past the first `n` entries. */
  truncate(n: number): void {
    this.#chunks.length = Math.ceil(n / CHUNK);
  }
}

const TWO_32 = 2 ** 32;

/** Byte offsets: 4 bytes each while the log is under 4 GiB; a high-word column appears past that. */
export class OffsetColumn {
  readonly #low = new Column((n) => new Uint32Array(n));
  #high: Column<Uint32Array> | undefined;

  get(i: number): number {
    const low = this.#low.get(i);
    return this.#high === undefined ? low : low + this.#high.get(i) * TWO_32;
  }

  set(i: number, value: number): void {
    this.#low.set(i, value % TWO_32);
    const high = Math.floor(value / TWO_32);
    if (high > 0) this.#high ??= new Column((n) => new Uint32Array(n));
    this.#high?.set(i, high);
  }
}

/** Line lengths: 2 bytes each; the rare line of 64 KiB or more keeps its length in a map. */
export class LengthColumn {
  static readonly #LONG = 0xffff;
  readonly #short = new Column((n) => new Uint16Array(n));
  readonly #long = new Map<number, number>();

  get(i: number): number {
    const short = this.#short.get(i);
    return short === LengthColumn.#LONG ? (this.#long.get(i) as number) : short;
  }

  set(i: number, value: number): void {
    if (value >= LengthColumn.#LONG) {
      this.#short.set(i, LengthColumn.#LONG);
      this.#long.set(i, value);
    } else {
      this.#short.set(i, value);
      this.#long.delete(i);
    }
  }
}

/** Reads of a per-record number column. */
export interface NumberColumn {
  get(i: number): number;
}

const MAX_SECONDS = 0xffffffff;
/** A record's flow slot when it has no flow. */
export const NO_FLOW = 0xffffffff;

/**
 * Timestamps, 4 bytes each, to the second: messages carry their time to the second
 * (`2026-01-31 12:34:56 UTC`), and records of the same second keep log order.
 */
export class TimeColumn implements NumberColumn {
  readonly #seconds = new Column((n) => new Uint32Array(n));

  /** The time in ms, rounded down to the second. */
  get(i: number): number {
    return this.#seconds.get(i) * 1000;
  }

  set(i: number, ms: number): void {
    this.#seconds.set(i, Math.min(MAX_SECONDS, Math.max(0, Math.floor(ms / 1000))));
  }
}

/** List slots, stored plus one (0: none); 2 bytes each until a slot passes 65,534, then 4. */
export class SlotColumn {
  #narrow: Column<Uint16Array> | undefined = new Column((n) => new Uint16Array(n));
  #wide: Column<Uint32Array> | undefined;
  #size = 0;

  get(i: number): number {
    const stored = this.#wide ? this.#wide.get(i) : (this.#narrow as Column<Uint16Array>).get(i);
    return stored === 0 ? NO_FLOW : stored - 1;
  }

  set(i: number, slot: number): void {
    const stored = slot === NO_FLOW ? 0 : slot + 1;
    if (!this.#wide && stored > 0xffff) this.#widen();
    if (this.#wide) this.#wide.set(i, stored);
    else (this.#narrow as Column<Uint16Array>).set(i, stored);
    if (i >= this.#size) this.#size = i + 1;
  }

  #widen(): void {
    const narrow = this.#narrow as Column<Uint16Array>;
    const wide = new Column((n) => new Uint32Array(n));
    for (let i = 0; i < this.#size; i++) wide.set(i, narrow.get(i));
    this.#wide = wide;
    this.#narrow = undefined;
  }
}
