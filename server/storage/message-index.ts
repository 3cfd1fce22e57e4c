/**
 * What the message store keeps in memory: no messages, only where each one is in the log and
 * what the filters need to pick records without reading them.
 *
 * - Per record (its `seq`, in log order), in typed-array columns: byte offset and length of its
 *   line in `messages.jsonl` (length 0: deleted), timestamp in ms (for the order), and the slots
 *   of its session and flow list: about 28 bytes a message.
 * - Per session and per flow, a `SeqList` of its records' seqs (4 bytes each once the list is
 *   long). A list is kept in (timestamp, log order) order, sorted lazily only when a message
 *   arrived out of order; deleted entries are swept out once they are more than half of it.
 * - Sender and sender-name filters are not indexed: the store applies them to the records it reads.
 */
import type { MessageFilter } from './types.js';

/** Timestamp in ms (0 when unparseable); `timestamp` as the message holds it or as its JSON. */
export function timeOf(timestamp: unknown): number {
  let value = timestamp;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/** Lists up to this long are plain arrays (cheaper for the many small sessions); longer ones are Uint32Arrays. */
const SMALL_LIST = 64;

/** The seqs of one session's or one flow's records. */
class SeqList {
  readonly key: string;
  /** Its number in the per-record session or flow column. */
  readonly slot: number;
  #items: number[] | Uint32Array = [];
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

  push(seq: number, time: Float64Array): void {
    const n = this.#length;
    if (n > 0 && (time[seq] as number) < (time[this.#items[n - 1] as number] as number)) this.#sorted = false;
    let items = this.#items;
    if (Array.isArray(items)) {
      if (n < SMALL_LIST) {
        items.push(seq);
        this.#length++;
        return;
      }
      const grown = new Uint32Array(n * 2);
      grown.set(items);
      items = this.#items = grown;
    } else if (n === items.length) {
      const grown = new Uint32Array(n * 2);
      grown.set(items);
      items = this.#items = grown;
    }
    items[n] = seq;
    this.#length++;
  }

  /** One more of its entries was deleted; sweeps them out once they are the majority. */
  died(isLive: (seq: number) => boolean): void {
    this.#dead++;
    if (this.#dead <= 32 || this.#dead * 2 <= this.#length) return;
    const items = this.#items;
    let kept = 0;
    for (let i = 0; i < this.#length; i++) {
      const seq = items[i] as number;
      if (isLive(seq)) items[kept++] = seq;
    }
    if (Array.isArray(items)) items.length = kept;
    else if (kept <= SMALL_LIST) this.#items = Array.from(items.subarray(0, kept));
    else if (kept * 4 < items.length) this.#items = items.slice(0, kept * 2);
    this.#length = kept;
    this.#dead = 0;
  }

  /** The seqs in (timestamp, log order) order; valid until the next push or sweep. */
  ordered(time: Float64Array): ArrayLike<number> {
    if (!this.#sorted) {
      const byTime = (a: number, b: number): number => (time[a] as number) - (time[b] as number) || a - b;
      if (Array.isArray(this.#items)) this.#items.sort(byTime);
      else this.#items.subarray(0, this.#length).sort(byTime);
      this.#sorted = true;
    }
    return this.#items;
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

const NO_FLOW = 0xffffffff;

export interface Span {
  offset: number;
  length: number;
}

export class MessageIndex {
  #offset = new Float64Array(1024);
  /** Bytes of the record's line, newline included; 0 once deleted. */
  #length = new Uint32Array(1024);
  #time = new Float64Array(1024);
  #session = new Uint32Array(1024);
  #flow = new Uint32Array(1024);
  /** Records ever added (the next seq). */
  #n = 0;
  #live = 0;
  /** Whether seq order is also timestamp order (no message arrived out of order). */
  #inTimeOrder = true;
  readonly #sessions = new SeqLists();
  readonly #flows = new SeqLists();
  readonly #isLive = (seq: number): boolean => (this.#length[seq] as number) > 0;

  get count(): number {
    return this.#live;
  }

  /** Records ever added, deleted ones included (log records that hold a message). */
  get size(): number {
    return this.#n;
  }

  /** Indexes a record of `length` bytes (> 0) at `offset`; returns its seq. */
  add(offset: number, length: number, sessionId: string, flowId: string | null | undefined, time: number): number {
    if (this.#n === this.#offset.length) this.#grow();
    const seq = this.#n++;
    if (seq > 0 && time < (this.#time[seq - 1] as number)) this.#inTimeOrder = false;
    this.#offset[seq] = offset;
    this.#length[seq] = length;
    this.#time[seq] = time;
    const session = this.#sessions.listFor(sessionId);
    this.#session[seq] = session.slot;
    session.push(seq, this.#time);
    if (typeof flowId === 'string') {
      const flow = this.#flows.listFor(flowId);
      this.#flow[seq] = flow.slot;
      flow.push(seq, this.#time);
    } else {
      this.#flow[seq] = NO_FLOW;
    }
    this.#live++;
    return seq;
  }

  #grow(): void {
    const cap = this.#offset.length * 2;
    const grow = <T extends Float64Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(old);
      return next;
    };
    this.#offset = grow(this.#offset, (n) => new Float64Array(n));
    this.#length = grow(this.#length, (n) => new Uint32Array(n));
    this.#time = grow(this.#time, (n) => new Float64Array(n));
    this.#session = grow(this.#session, (n) => new Uint32Array(n));
    this.#flow = grow(this.#flow, (n) => new Uint32Array(n));
  }

  span(seq: number): Span {
    return { offset: this.#offset[seq] as number, length: this.#length[seq] as number };
  }

  /** Forgets one record (an add whose write failed). */
  remove(seq: number): void {
    if (seq < this.#n && this.#isLive(seq)) this.#kill(seq, null, null);
  }

  deleteSession(sessionId: string): number {
    const list = this.#sessions.get(sessionId);
    return list ? this.#deleteList(list, list, null) : 0;
  }

  deleteFlow(flowId: string): number {
    const list = this.#flows.get(flowId);
    return list ? this.#deleteList(list, null, list) : 0;
  }

  #deleteList(list: SeqList, session: SeqList | null, flow: SeqList | null): number {
    (session ? this.#sessions : this.#flows).drop(list);
    const seqs = list.ordered(this.#time);
    let n = 0;
    for (let i = 0; i < list.length; i++) {
      const seq = seqs[i] as number;
      if (!this.#isLive(seq)) continue;
      this.#kill(seq, session, flow);
      n++;
    }
    return n;
  }

  /** Marks a record deleted and updates its lists, except `skipSession` / `skipFlow` (dropped whole). */
  #kill(seq: number, skipSession: SeqList | null, skipFlow: SeqList | null): void {
    this.#length[seq] = 0;
    this.#live--;
    const session = this.#sessions.at(this.#session[seq] as number);
    if (session && session !== skipSession) {
      session.died(this.#isLive);
      if (session.liveCount === 0) this.#sessions.drop(session);
    }
    const flowSlot = this.#flow[seq] as number;
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
      const seqs = base.ordered(this.#time);
      for (let i = base.length - 1; i >= 0 && out.length < max; i--) {
        const seq = seqs[i] as number;
        if (this.#isLive(seq) && (flowSlot === -1 || this.#flow[seq] === flowSlot)) out.push(seq);
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
    all.sort((a, b) => (time[b] as number) - (time[a] as number) || b - a);
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
      const length = this.#length[seq] as number;
      if (length === 0) continue;
      const flowSlot = this.#flow[seq] as number;
      const session = this.#sessions.at(this.#session[seq] as number) as SeqList;
      const flow = flowSlot === NO_FLOW ? undefined : (this.#flows.at(flowSlot) as SeqList);
      next.add(offset, length, session.key, flow?.key, this.#time[seq] as number);
      offset += length;
    }
    return next;
  }
}
