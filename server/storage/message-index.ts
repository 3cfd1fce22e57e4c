/**
 * What the message store keeps in memory: no messages, only where each one is in the log and
 * what the filters need to pick records without reading them.
 *
 * - Per record (its `seq`, in log order), in typed-array columns: byte offset (4 bytes under
 *   4 GiB) and length (2 bytes under 64 KiB) of its line in `messages.jsonl` (length 0: deleted),
 *   timestamp to the second (4 bytes, for the order), and the slots of its session and flow list
 *   (2 bytes each under 65,535 sessions or flows): 14 bytes a message.
 * - Per session and per flow, a `SeqList` of its records' seqs (4 bytes each once the list is
 *   long), in (timestamp, log order) order: a message that arrives a little out of order
 *   (concurrent runs store theirs in any order) is moved back to its place when added, a step per
 *   newer entry, so a long list is not re-sorted whole at the next read; one far out of order
 *   marks the list for a sort at its next read. Deleted entries are swept out once they are more
 *   than half of it.
 * - Sender and sender-name filters are not indexed: the store applies them to the records it reads.
 *
 * Columns and long lists grow by fixed chunks, never by reallocating: a doubled-and-copied array
 * leaves its old copy as a hole in the C heap that stays resident.
 */
import type { MessageFilter } from './types.js';

/** Timestamp in ms (0 when unparseable); `timestamp` as the message holds it or as its JSON. */
export function timeOf(timestamp: unknown): number {
  let value = timestamp;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (typeof value !== 'string') return 0;
  // Messages stored in one second share their timestamp text: parse it once.
  if (value === lastText) return lastMs;
  const ms = Date.parse(value);
  lastText = value;
  lastMs = Number.isFinite(ms) ? ms : 0;
  return lastMs;
}

let lastText = '';
let lastMs = 0;

const CHUNK_BITS = 13;
/** Entries per chunk (8,192: 64 KB of Float64, 32 KB of Uint32). */
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** A growable array of numbers in fixed-size typed-array chunks. */
class Column<T extends Float64Array | Uint32Array | Uint16Array> {
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
class OffsetColumn {
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
class LengthColumn {
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
interface NumberColumn {
  get(i: number): number;
}

const MAX_SECONDS = 0xffffffff;
/** A record's flow slot when it has no flow. */
const NO_FLOW = 0xffffffff;

/**
 * Timestamps, 4 bytes each, to the second: messages carry their time to the second
 * (`2026-01-31 12:34:56 UTC`), and records of the same second keep log order.
 */
class TimeColumn implements NumberColumn {
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
class SlotColumn {
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

/** How many newer entries an out-of-order message may be moved back past when it is added. */
const MAX_SHIFT = 32;

/** Lists up to this long are plain arrays (cheaper for the many small sessions); longer ones are Uint32 columns. */
const SMALL_LIST = 64;

/** The seqs of one session's or one flow's records. */
class SeqList {
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
class SeqLists {
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


export interface Span {
  offset: number;
  length: number;
}

export class MessageIndex {
  readonly #offset = new OffsetColumn();
  /** Bytes of the record's line, newline included; 0 once deleted. */
  readonly #length = new LengthColumn();
  readonly #time = new TimeColumn();
  readonly #session = new SlotColumn();
  readonly #flow = new SlotColumn();
  /** Records ever added (the next seq). */
  #n = 0;
  #live = 0;
  /** Whether seq order is also timestamp order (no message arrived out of order). */
  #inTimeOrder = true;
  readonly #sessions = new SeqLists();
  readonly #flows = new SeqLists();
  readonly #isLive = (seq: number): boolean => this.#length.get(seq) > 0;

  get count(): number {
    return this.#live;
  }

  /** Indexes a record of `length` bytes (> 0) at `offset`; returns its seq. */
  add(offset: number, length: number, sessionId: string, flowId: string | null | undefined, time: number): number {
    const seq = this.#n++;
    this.#offset.set(seq, offset);
    this.#length.set(seq, length);
    this.#time.set(seq, time);
    if (seq > 0 && this.#time.get(seq) < this.#time.get(seq - 1)) this.#inTimeOrder = false;
    const session = this.#sessions.listFor(sessionId);
    this.#session.set(seq, session.slot);
    session.push(seq, this.#time);
    if (typeof flowId === 'string') {
      const flow = this.#flows.listFor(flowId);
      this.#flow.set(seq, flow.slot);
      flow.push(seq, this.#time);
    } else {
      this.#flow.set(seq, NO_FLOW);
    }
    this.#live++;
    return seq;
  }

  span(seq: number): Span {
    return { offset: this.#offset.get(seq), length: this.#length.get(seq) };
  }

  /** Forgets one record (an add whose write failed). */
  remove(seq: number): void {
    if (seq < this.#n && this.#isLive(seq)) this.#kill(seq, null, null);
  }

  deleteSession(sessionId: string): number {
    const list = this.#sessions.get(sessionId);
    if (!list) return 0;
    this.#sessions.drop(list);
    return this.#killAll(list, list, null);
  }

  deleteFlow(flowId: string): number {
    const list = this.#flows.get(flowId);
    if (!list) return 0;
    this.#flows.drop(list);
    return this.#killAll(list, null, list);
  }

  #killAll(list: SeqList, session: SeqList | null, flow: SeqList | null): number {
    let n = 0;
    for (let i = 0; i < list.length; i++) {
      const seq = list.get(i);
      if (!this.#isLive(seq)) continue;
      this.#kill(seq, session, flow);
      n++;
    }
    return n;
  }

  /** Marks a record deleted and updates its lists, except `skipSession` / `skipFlow` (dropped whole). */
  #kill(seq: number, skipSession: SeqList | null, skipFlow: SeqList | null): void {
    this.#length.set(seq, 0);
    this.#live--;
    const session = this.#sessions.at(this.#session.get(seq));
    if (session && session !== skipSession) {
      session.died(this.#isLive);
      if (session.liveCount === 0) this.#sessions.drop(session);
    }
    const flowSlot = this.#flow.get(seq);
    const flow = flowSlot === NO_FLOW ? undefined : this.#flows.at(flowSlot);
    if (flow && flow !== skipFlow) {
      flow.died(this.#isLive);
      if (flow.liveCount === 0) this.#flows.drop(flow);
    }
  }

  /**
   * Seqs of the live records that match the filter's session and flow, newest first, at most `max`
   * of them (sender filters are left to the caller, which reads the records).
   */
  newestFirst(filter: Pick<MessageFilter, 'sessionId' | 'flowId'>, max: number): number[] {
    const out: number[] = [];
    if (max <= 0) return out;
    const { sessionId, flowId } = filter;
    const session = sessionId === undefined ? undefined : this.#sessions.get(sessionId);
    const flow = flowId === undefined ? undefined : this.#flows.get(flowId);
    if ((sessionId !== undefined && !session) || (flowId !== undefined && !flow)) return out;
    const base = session ?? flow;
    if (base) {
      const flowSlot = session && flow ? flow.slot : -1;
      base.sort(this.#time);
      for (let i = base.length - 1; i >= 0 && out.length < max; i--) {
        const seq = base.get(i);
        if (this.#isLive(seq) && (flowSlot === -1 || this.#flow.get(seq) === flowSlot)) out.push(seq);
      }
      return out;
    }
    if (this.#inTimeOrder) {
      for (let seq = this.#n - 1; seq >= 0 && out.length < max; seq--) if (this.#isLive(seq)) out.push(seq);
      return out;
    }
    const all: number[] = [];
    for (let seq = 0; seq < this.#n; seq++) if (this.#isLive(seq)) all.push(seq);
    const time = this.#time;
    all.sort((a, b) => time.get(b) - time.get(a) || b - a);
    if (all.length > max) all.length = max;
    return all;
  }

  /** Spans of the live records in log order (what compaction keeps). */
  *liveSpans(): Generator<Span> {
    for (let seq = 0; seq < this.#n; seq++) if (this.#isLive(seq)) yield this.span(seq);
  }

  /** The same live records, renumbered for a log rewritten with only them (`liveSpans`, back to back). */
  compacted(): MessageIndex {
    const next = new MessageIndex();
    let offset = 0;
    for (let seq = 0; seq < this.#n; seq++) {
      const length = this.#length.get(seq);
      if (length === 0) continue;
      const flowSlot = this.#flow.get(seq);
      const session = this.#sessions.at(this.#session.get(seq)) as SeqList;
      const flow = flowSlot === NO_FLOW ? undefined : (this.#flows.at(flowSlot) as SeqList);
      next.add(offset, length, session.key, flow?.key, this.#time.get(seq));
      offset += length;
    }
    return next;
  }
}
