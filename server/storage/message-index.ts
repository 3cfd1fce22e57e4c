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
 * leaves its old copy as a hole in the C heap that stays resident (index-columns.ts, seq-lists.ts).
 */
import { LengthColumn, NO_FLOW, OffsetColumn, SlotColumn, TimeColumn } from './index-columns.js';
import type { Span } from './log-record.js';
import { SeqLists, type SeqList } from './seq-lists.js';
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
