/**
 * The message history in memory: every live message once, plus lists by session and by flow, so a
 * filtered `list` reads only the messages it can return. Lists are kept in timestamp order (sorted
 * lazily, only when a message arrives out of order); deleted entries are marked dead and swept out
 * of a list once they are more than half of it.
 */
import type { Message } from '../../shared/message.js';
import { deepFreeze } from './fs-utils.js';
import type { MessageFilter } from './types.js';

interface Entry {
  message: Message;
  /** Log order, the tie-breaker between equal timestamps. */
  seq: number;
  /** Timestamp in ms (0 when unparseable). */
  time: number;
  live: boolean;
}

function timeOf(timestamp: unknown): number {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}

class EntryList {
  items: Entry[] = [];
  dead = 0;
  #sorted = true;

  push(entry: Entry): void {
    const last = this.items[this.items.length - 1];
    if (last && entry.time < last.time) this.#sorted = false;
    this.items.push(entry);
  }

  /** Marks one more entry dead; sweeps when the dead are the majority. */
  died(): void {
    this.dead++;
    if (this.dead > 32 && this.dead * 2 > this.items.length) {
      this.items = this.items.filter((e) => e.live);
      this.dead = 0;
    }
  }

  get liveCount(): number {
    return this.items.length - this.dead;
  }

  /** Entries in (timestamp, log order) order. */
  ordered(): Entry[] {
    if (!this.#sorted) {
      this.items.sort((a, b) => a.time - b.time || a.seq - b.seq);
      this.#sorted = true;
    }
    return this.items;
  }
}

export class MessageIndex {
  readonly #all = new EntryList();
  readonly #bySession = new Map<string, EntryList>();
  readonly #byFlow = new Map<string, EntryList>();
  #seq = 0;
  #live = 0;

  get count(): number {
    return this.#live;
  }

  /** `message` must be the store's own copy (`list` freezes it before handing it out). */
  add(message: Message): Entry {
    const entry: Entry = { message, seq: this.#seq++, time: timeOf(message.timestamp), live: true };
    this.#all.push(entry);
    listFor(this.#bySession, message.session_id).push(entry);
    if (typeof message.flow_id === 'string') listFor(this.#byFlow, message.flow_id).push(entry);
    this.#live++;
    return entry;
  }

  /** Forgets one entry (an add whose write failed). */
  remove(entry: Entry): void {
    if (!entry.live) return;
    this.#kill(entry, null);
  }

  deleteSession(sessionId: string): number {
    return this.#deleteList(this.#bySession, sessionId);
  }

  deleteFlow(flowId: string): number {
    return this.#deleteList(this.#byFlow, flowId);
  }

  #deleteList(map: Map<string, EntryList>, key: string): number {
    const list = map.get(key);
    if (!list) return 0;
    map.delete(key);
    let n = 0;
    for (const entry of list.items) {
      if (!entry.live) continue;
      this.#kill(entry, list);
      n++;
    }
    return n;
  }

  /** Marks an entry dead and updates the lists that hold it, except `skip` (being dropped whole). */
  #kill(entry: Entry, skip: EntryList | null): void {
    entry.live = false;
    this.#live--;
    this.#all.died();
    for (const [map, key] of [
      [this.#bySession, entry.message.session_id],
      [this.#byFlow, entry.message.flow_id],
    ] as const) {
      if (typeof key !== 'string') continue;
      const list = map.get(key);
      if (!list || list === skip) continue;
      list.died();
      if (list.liveCount === 0) map.delete(key);
    }
  }

  list(filter: MessageFilter): Message[] {
    const base = filter.sessionId !== undefined ? this.#bySession.get(filter.sessionId) : filter.flowId !== undefined ? this.#byFlow.get(filter.flowId) : this.#all;
    if (!base) return [];
    const items = base.ordered();
    const { flowId, sessionId, sender, senderName, limit } = filter;
    const matches = (e: Entry): boolean =>
      e.live &&
      (sessionId === undefined || e.message.session_id === sessionId) &&
      (flowId === undefined || e.message.flow_id === flowId) &&
      (sender === undefined || e.message.sender === sender) &&
      (senderName === undefined || e.message.sender_name === senderName);
    const newestFirst = filter.orderBy === '-timestamp';
    const out: Message[] = [];
    if (limit !== undefined || newestFirst) {
      const max = limit ?? Infinity;
      for (let i = items.length - 1; i >= 0 && out.length < max; i--) {
        const e = items[i] as Entry;
        if (matches(e)) out.push(e.message);
      }
      if (!newestFirst) out.reverse();
    } else {
      for (const e of items) if (matches(e)) out.push(e.message);
    }
    // Messages replayed at open are frozen on first use, not all at once.
    for (const message of out) deepFreeze(message);
    return out;
  }

  /** Live messages in log order (for compaction). */
  liveInLogOrder(): Message[] {
    return this.#all.items
      .filter((e) => e.live)
      .sort((a, b) => a.seq - b.seq)
      .map((e) => e.message);
  }
}

function listFor(map: Map<string, EntryList>, key: string): EntryList {
  let list = map.get(key);
  if (!list) {
    list = new EntryList();
    map.set(key, list);
  }
  return list;
}
