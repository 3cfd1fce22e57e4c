/**
 * The message index's per-session and per-flow lists of record seqs (message-index.ts), kept in
 * (timestamp, log order) order, and the slots that number them in the per-record columns.
 */
import { Column, type NumberColumn } from './index-columns.js';

/** How many newer entries an out-of-order message may be moved back past when it is added. */
const MAX_SHIFT = 32;

/** Lists up to this long are plain arrays (cheaper for the many small sessions); longer ones are Uint32 columns. */
const SMALL_LIST = 64;

/** The seqs of one session's or one flow's records. */
export class SeqList {
  readonly key: string;
  /** Its number in the per-record session or flow column. */
  readonly slot: number;
  #small: number[] | null = [];
  #big: Column<Uint32Array> | null = null;
  #length = 0;
  #dead = 0;
  #sorted = true;

  constructor(key: string, slot: number) {
    this.key = key;
    this.slot = slot;
  }

  get length(): number {
    return this.#length;
  }

  get liveCount(): number {
    return this.#length - this.#dead;
  }

  get(i: number): number {
    return this.#small ? (this.#small[i] as number) : (this.#big as Column<Uint32Array>).get(i);
  }

  #set(i: number, seq: number): void {
    if (this.#small) this.#small[i] = seq;
    else (this.#big as Column<Uint32Array>).set(i, seq);
  }

  /** Adds `seq` (larger than every seq in the list) at its place in (timestamp, seq) order. */
  push(seq: number, time: NumberColumn): void {
    const n = this.#length;
    const small = this.#small;
    if (small && n === SMALL_LIST) {
      const big = new Column((k) => new Uint32Array(k));
      for (let i = 0; i < n; i++) big.set(i, small[i] as number);
      this.#big = big;
      this.#small = null;
    }
    this.#length++;
    const t = time.get(seq);
    // Equal timestamps keep log order: `seq` is the newest.
    if (!this.#sorted || (n > MAX_SHIFT && time.get(this.get(n - 1 - MAX_SHIFT)) > t)) {
      this.#sorted = false;
      this.#set(n, seq);
      return;
    }
    let i = n;
    for (; i > 0; i--) {
      const prev = this.get(i - 1);
      if (time.get(prev) <= t) break;
      this.#set(i, prev);
    }
    this.#set(i, seq);
  }

  /** Restores (timestamp, log order) order after a message far out of order. */
  sort(time: NumberColumn): void {
    if (this.#sorted) return;
    const all: number[] = [];
    for (let i = 0; i < this.#length; i++) all.push(this.get(i));
    all.sort((a, b) => time.get(a) - time.get(b) || a - b);
    for (let i = 0; i < all.length; i++) this.#set(i, all[i] as number);
    this.#sorted = true;
  }

  /** One more of its entries was deleted; sweeps them out once they are the majority. */
  died(isLive: (seq: number) => boolean): void {
    this.#dead++;
    if (this.#dead <= 32 || this.#dead * 2 <= this.#length) return;
    let kept = 0;
    if (this.#small) {
      this.#small = this.#small.filter(isLive);
      kept = this.#small.length;
    } else {
      const big = this.#big as Column<Uint32Array>;
      for (let i = 0; i < this.#length; i++) {
        const seq = big.get(i);
        if (isLive(seq)) big.set(kept++, seq);
      }
      big.truncate(kept);
    }
    this.#length = kept;
    this.#dead = 0;
  }
}

/** Lists by key, each with a small-integer slot that the per-record columns point to. */
export class SeqLists {
  readonly #byKey = new Map<string, SeqList>();
  readonly #slots: (SeqList | undefined)[] = [];
  readonly #free: number[] = [];

  get(key: string): SeqList | undefined {
    return this.#byKey.get(key);
  }

  at(slot: number): SeqList | undefined {
    return this.#slots[slot];
  }

  /** `key`'s list, created if needed. */
  listFor(key: string): SeqList {
    const list = this.#byKey.get(key);
    if (list) return list;
    const slot = this.#free.pop() ?? this.#slots.length;
    const created = new SeqList(key, slot);
    this.#slots[slot] = created;
    this.#byKey.set(key, created);
    return created;
  }

  /** Drops a list (its records are all deleted); its slot may be reused. */
  drop(list: SeqList): void {
    if (this.#slots[list.slot] !== list) return;
    this.#slots[list.slot] = undefined;
    this.#free.push(list.slot);
    this.#byKey.delete(list.key);
  }
}
