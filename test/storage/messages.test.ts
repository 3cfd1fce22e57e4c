import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../server/logger.js';
import { LogMessageStore } from '../../server/storage/message-store.js';
import type { MessageFilter, Store } from '../../server/storage/types.js';
import { makeMessage, open, tempDir } from './helpers.js';
import { setTimeout as sleep } from 'node:timers/promises';

const LOG = 'messages.jsonl';

async function ids(store: Store, filter: MessageFilter): Promise<string[]> {
  return (await store.messages.list(filter)).map((m) => m.id);
}

async function logLines(dir: string): Promise<string[]> {
  return (await fs.readFile(path.join(dir, LOG), 'utf8')).split('\n').filter(Boolean);
}

describe('message store', () => {
  it('adds, filters, orders and limits messages', async () => {
    const store = await open(await tempDir());
    const m1 = makeMessage({ session_id: 's1', flow_id: 'f1', timestamp: '2025-01-01 00:00:01 UTC', sender: 'User' });
    const m2 = makeMessage({ session_id: 's1', flow_id: 'f1', timestamp: '2025-01-01 00:00:02 UTC', sender: 'Machine', sender_name: 'AI' });
    const m3 = makeMessage({ session_id: 's2', flow_id: 'f1', timestamp: '2025-01-01 00:00:03 UTC' });
    const m4 = makeMessage({ session_id: 's3', flow_id: 'f2', timestamp: '2025-01-01 00:00:04 UTC' });
    // Out of order on purpose: listing is by timestamp, not by insertion.
    for (const m of [m2, m1, m3, m4]) await store.messages.add(m);

    expect(store.messages.count()).toBe(4);
    expect(await ids(store, {})).toEqual([m1.id, m2.id, m3.id, m4.id]);
    expect(await ids(store, { orderBy: '-timestamp' })).toEqual([m4.id, m3.id, m2.id, m1.id]);
    expect(await ids(store, { sessionId: 's1' })).toEqual([m1.id, m2.id]);
    expect(await ids(store, { flowId: 'f1' })).toEqual([m1.id, m2.id, m3.id]);
    expect(await ids(store, { flowId: 'f1', sessionId: 's2' })).toEqual([m3.id]);
    expect(await store.messages.list({ flowId: 'f2', sessionId: 's1' })).toEqual([]);
    expect(await ids(store, { sender: 'Machine' })).toEqual([m2.id]);
    expect(await ids(store, { senderName: 'AI', sessionId: 's1' })).toEqual([m2.id]);
    // limit takes the newest, in the requested order.
    expect(await ids(store, { limit: 2 })).toEqual([m3.id, m4.id]);
    expect(await ids(store, { limit: 2, orderBy: '-timestamp' })).toEqual([m4.id, m3.id]);
    expect(await store.messages.list({ sessionId: 'nope' })).toEqual([]);
    // Each list returns fresh copies the caller owns.
    const [first] = await store.messages.list({});
    (first as { text: string }).text = 'changed';
    expect((await store.messages.list({}))[0]?.text).toBe(m1.text);
  });

  it('persists across reopen', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const m = makeMessage({ text: 'remember me', properties: { source: { id: 'ChatOutput-x', display_name: 'Chat Output', source: 'gpt' } } });
    await store.messages.add(m);
    await store.close();
    const again = await open(dir);
    expect(await again.messages.list({})).toEqual([m]);
    expect(again.warnings).toEqual([]);
  });

  it('deletes by session and by flow with tombstones that survive a reopen', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const keep = makeMessage({ session_id: 'keep', flow_id: 'f1' });
    await store.messages.add(keep);
    for (let i = 0; i < 3; i++) await store.messages.add(makeMessage({ session_id: 'gone', flow_id: 'f1' }));
    for (let i = 0; i < 2; i++) await store.messages.add(makeMessage({ session_id: 'other', flow_id: 'f2' }));
    expect(await store.messages.deleteSession('gone')).toBe(3);
    expect(await store.messages.deleteSession('gone')).toBe(0);
    expect(await store.messages.deleteFlow('f2')).toBe(2);
    // A message added after the tombstone, in the deleted session, stays.
    const later = makeMessage({ session_id: 'gone', flow_id: 'f1' });
    await store.messages.add(later);
    expect(await ids(store, {})).toEqual([keep.id, later.id]);
    await store.close();

    const lines = await logLines(dir);
    expect(lines.filter((l) => l.includes('"$delete"'))).toHaveLength(2);
    const again = await open(dir);
    expect(await ids(again, {})).toEqual([keep.id, later.id]);
    expect(await ids(again, { sessionId: 'gone' })).toEqual([later.id]);
    expect(await again.messages.list({ flowId: 'f2' })).toEqual([]);
    expect(again.messages.count()).toBe(2);
  });

  it('compacts the log at open when dead records are more than half of it', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    for (let i = 0; i < 10; i++) await store.messages.add(makeMessage({ session_id: 'a' }));
    const kept = [makeMessage({ session_id: 'b', text: 'naïve café ☕ 🚀' }), makeMessage({ session_id: 'b' }), makeMessage({ session_id: 'b' })];
    for (const m of kept) await store.messages.add(m);
    await store.messages.deleteSession('a');
    await store.close();
    expect(await logLines(dir)).toHaveLength(14);

    const again = await open(dir);
    expect(again.messages.count()).toBe(3);
    // The index points into the rewritten file.
    expect(await again.messages.list({ sessionId: 'b' })).toEqual(kept);
    const next = makeMessage({ session_id: 'b' });
    await again.messages.add(next);
    expect(await again.messages.list({ sessionId: 'b' })).toEqual([...kept, next]);
    await again.close();
    const lines = await logLines(dir);
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => l.includes('"session_id":"b"'))).toBe(true);
    expect(await (await open(dir)).messages.list({})).toEqual([...kept, next]);
  });

  it('keeps the log as is while dead records are a minority', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    for (let i = 0; i < 10; i++) await store.messages.add(makeMessage({ session_id: 'a' }));
    await store.messages.add(makeMessage({ session_id: 'b' }));
    await store.messages.deleteSession('b');
    await store.close();
    await open(dir);
    expect(await logLines(dir)).toHaveLength(12);
  });

  it('drops a torn last line and keeps everything before it', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const kept = [makeMessage(), makeMessage()];
    for (const m of kept) await store.messages.add(m);
    await store.close();
    const before = (await fs.stat(path.join(dir, LOG))).size;
    await fs.appendFile(path.join(dir, LOG), '{"id":"torn","text":"half a mess');

    const again = await open(dir);
    expect(await ids(again, {})).toEqual(kept.map((m) => m.id));
    expect(again.warnings).toHaveLength(1);
    expect(again.warnings[0]).toMatch(/messages\.jsonl: dropped an incomplete last record/);
    expect((await fs.stat(path.join(dir, LOG))).size).toBe(before);
    // New messages land on a clean line.
    const next = makeMessage();
    await again.messages.add(next);
    await again.close();
    const third = await open(dir);
    expect(await ids(third, {})).toEqual([...kept, next].map((m) => m.id));
    expect(third.warnings).toEqual([]);
  });

  it('keeps a whole last record that only lacks its newline', async () => {
    const dir = await tempDir();
    const a = makeMessage();
    const b = makeMessage();
    await fs.writeFile(path.join(dir, LOG), `${JSON.stringify(a)}\n${JSON.stringify(b)}`);
    const store = await open(dir);
    expect(store.warnings).toEqual([]);
    const c = makeMessage();
    await store.messages.add(c);
    await store.close();
    expect(await ids(await open(dir), {})).toEqual([a.id, b.id, c.id]);
  });

  it('skips unreadable lines in the middle, keeping a copy of the original', async () => {
    const dir = await tempDir();
    const a = makeMessage();
    const b = makeMessage();
    await fs.writeFile(path.join(dir, LOG), `${JSON.stringify(a)}\nGARBAGE\n{"no":"id"}\n${JSON.stringify(b)}\n`);
    const store = await open(dir);
    expect(await ids(store, {})).toEqual([a.id, b.id]);
    expect(store.warnings[0]).toMatch(/skipped 2 unreadable line\(s\).*messages\.jsonl\.corrupt-/);
    expect(await logLines(dir)).toHaveLength(2);
    expect((await fs.readdir(dir)).some((f) => f.startsWith('messages.jsonl.corrupt-'))).toBe(true);
  });

  it('group-commits concurrent adds: all land, in fewer writes than adds', async () => {
    const dir = await tempDir();
    const store = await LogMessageStore.open(path.join(dir, LOG), { fsync: true, warn: silentLogger.warn });
    const messages = Array.from({ length: 500 }, (_, i) => makeMessage({ session_id: `s${i % 7}` }));
    await Promise.all(messages.map((m) => store.add(m)));
    // Adds that arrive while a write is in flight share the next write.
    const more = Array.from({ length: 200 }, () => makeMessage());
    const pending: Promise<void>[] = [];
    for (const m of more) {
      pending.push(store.add(m));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(pending);
    expect(store.count()).toBe(700);
    expect(store.log.writes).toBeLessThan(700);
    await store.close();
    const lines = await logLines(dir);
    expect(new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id))).toEqual(new Set([...messages, ...more].map((m) => m.id)));
  });

  it('resolves each add only once its line is in the file', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        const m = makeMessage();
        await store.messages.add(m);
        expect(await fs.readFile(path.join(dir, LOG), 'utf8')).toContain(`"id":"${m.id}"`);
      }),
    );
  });

  // How fast is measured by `npm run bench` (history at scale), not asserted here: these machines are shared.
  it('opens 100,000 messages and lists a session among them', async () => {
    const dir = await tempDir();
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const seconds = String(i % 60).padStart(2, '0');
      const minutes = String(Math.floor(i / 60) % 60).padStart(2, '0');
      const hours = String(Math.floor(i / 3600)).padStart(2, '0');
      lines.push(JSON.stringify(makeMessage({ session_id: `s${i % 1000}`, flow_id: `f${i % 10}`, timestamp: `2025-01-01 ${hours}:${minutes}:${seconds} UTC` })));
    }
    await fs.writeFile(path.join(dir, LOG), lines.join('\n') + '\n');
    const store = await open(dir);
    expect(store.messages.count()).toBe(100_000);
    for (let i = 0; i < 100; i++) {
      const listed = await store.messages.list({ sessionId: `s${i}`, limit: 20 });
      expect(listed).toHaveLength(20);
      expect(listed.every((m) => m.session_id === `s${i}`)).toBe(true);
    }
  });

  it('sees a message from the moment add is called, and reads it back from the file after a reopen', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const m = makeMessage({ session_id: 'now', text: 'ünïcödé ✓ 😀 multi-byte' });
    const adding = store.messages.add(m);
    // Not written yet: served from the write queue.
    expect(await store.messages.list({ sessionId: 'now' })).toEqual([m]);
    await adding;
    await store.close();
    expect(await (await open(dir)).messages.list({ sessionId: 'now' })).toEqual([m]);
  });

  it('reads records back from the file when they are no longer cached, byte offsets and all', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    // ~6 MB, well beyond the log's ~1 MB line cache; multi-byte text shifts byte offsets from character offsets.
    const all = Array.from({ length: 3000 }, (_, i) =>
      makeMessage({ session_id: `s${i % 30}`, flow_id: `f${i % 7}`, text: `${i} ${'é☕'.repeat(i % 5)} ${'x'.repeat(2000)}`, sender: i % 2 ? 'Machine' : 'User' }),
    );
    await Promise.all(all.map((m) => store.messages.add(m)));
    const session0 = all.filter((m) => m.session_id === 's0');
    expect(await store.messages.list({ sessionId: 's0' })).toEqual(session0);
    expect(await store.messages.list({ sessionId: 's0', limit: 3, orderBy: '-timestamp' })).toEqual(session0.slice(-3).reverse());
    expect(await store.messages.list({ flowId: 'f3', sessionId: 's3' })).toEqual(all.filter((m) => m.flow_id === 'f3' && m.session_id === 's3'));
    await store.close();
    const again = await open(dir);
    expect(await again.messages.list({})).toEqual(all);
    expect(await again.messages.list({ flowId: 'f5', limit: 4 })).toEqual(all.filter((m) => m.flow_id === 'f5').slice(-4));
  });

  it('applies sender filters to the records it reads, newest first, until the limit is reached', async () => {
    const store = await open(await tempDir());
    const all = Array.from({ length: 400 }, (_, i) =>
      makeMessage({ session_id: 's', sender: i % 4 === 0 ? 'Machine' : 'User', sender_name: i % 4 === 0 ? 'AI' : 'User' }),
    );
    for (const m of all) await store.messages.add(m);
    const machine = all.filter((m) => m.sender === 'Machine');
    expect(await store.messages.list({ sessionId: 's', sender: 'Machine', limit: 3 })).toEqual(machine.slice(-3));
    expect(await store.messages.list({ sessionId: 's', senderName: 'AI' })).toEqual(machine);
    expect(await store.messages.list({ sender: 'Machine', limit: 99, orderBy: '-timestamp' })).toEqual(machine.slice(-99).reverse());
    expect(await store.messages.list({ sessionId: 's', sender: 'Nobody', limit: 5 })).toEqual([]);
  });

  it('orders a session by timestamp when messages arrive out of order, also with a limit', async () => {
    const store = await open(await tempDir());
    const at = (s: number) => makeMessage({ session_id: 'x', timestamp: `2025-01-01 00:00:${String(s).padStart(2, '0')} UTC` });
    const [m5, m1, m3, m2] = [at(5), at(1), at(3), at(2)] as const;
    for (const m of [m5, m1, m3, m2]) await store.messages.add(m);
    expect(await ids(store, { sessionId: 'x' })).toEqual([m1.id, m2.id, m3.id, m5.id]);
    expect(await ids(store, { sessionId: 'x', limit: 2 })).toEqual([m3.id, m5.id]);
    expect(await ids(store, { limit: 3, orderBy: '-timestamp' })).toEqual([m5.id, m3.id, m2.id]);
  });

  it('orders long sessions by timestamp, a little or far out of order, before and after a reopen', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const stamp = (s: number) => new Date(Date.UTC(2025, 0, 1) + s * 1000).toISOString();
    // 300 messages in order with a few a little late, a few far late, and a block in reverse order.
    const seconds = Array.from({ length: 300 }, (_, i) => (i % 37 === 5 ? i - 3 : i % 101 === 7 ? i - 200 : i >= 250 ? 550 - i : i));
    const all = seconds.map((s, i) => makeMessage({ session_id: 'long', flow_id: `f${i % 2}`, timestamp: stamp(s), text: String(i) }));
    for (const m of all) await store.messages.add(m);
    const byTime = all.map((m, i) => ({ m, i })).sort((a, b) => Date.parse(a.m.timestamp) - Date.parse(b.m.timestamp) || a.i - b.i).map((x) => x.m.id);
    expect(await ids(store, { sessionId: 'long' })).toEqual(byTime);
    expect(await ids(store, { sessionId: 'long', limit: 10 })).toEqual(byTime.slice(-10));
    expect(await ids(store, {})).toEqual(byTime);
    const f1 = byTime.filter((id) => all.find((m) => m.id === id)?.flow_id === 'f1');
    expect(await ids(store, { flowId: 'f1', limit: 7 })).toEqual(f1.slice(-7));
    const late = makeMessage({ session_id: 'long', timestamp: stamp(-1000) });
    await store.messages.add(late);
    expect((await ids(store, { sessionId: 'long' }))[0]).toBe(late.id);
    await store.close();
    const again = await open(dir);
    expect(await ids(again, { sessionId: 'long' })).toEqual([late.id, ...byTime]);
  });

  it('acknowledges an add once written; fdatasync runs in the background and on close', async () => {
    const dir = await tempDir();
    const slow = await LogMessageStore.open(path.join(dir, LOG), { fsync: true, warn: silentLogger.warn, syncIntervalMs: 60_000 });
    for (let i = 0; i < 20; i++) await slow.add(makeMessage());
    // Twenty acknowledged adds, not one of them waited for a sync.
    expect(slow.log.writes).toBe(20);
    expect(slow.log.syncs).toBe(0);
    await slow.close();
    expect(slow.log.syncs).toBe(1);

    const store = await LogMessageStore.open(path.join(dir, LOG), { fsync: true, warn: silentLogger.warn, syncIntervalMs: 20 });
    for (let i = 0; i < 5; i++) await store.add(makeMessage());
    await sleep(200);
    expect(store.log.syncs).toBeGreaterThanOrEqual(1);
    const synced = store.log.syncs;
    // Nothing written since: no more syncs, not even at close.
    await sleep(100);
    await store.close();
    expect(store.log.syncs).toBe(synced);

    const unsynced = await LogMessageStore.open(path.join(dir, LOG), { fsync: false, warn: silentLogger.warn, syncIntervalMs: 1 });
    await unsynced.add(makeMessage());
    await sleep(50);
    await unsynced.close();
    expect(unsynced.log.syncs).toBe(0);
    expect((await LogMessageStore.open(path.join(dir, LOG), { fsync: false, warn: silentLogger.warn })).count()).toBe(26);
  });

  it('keeps session and flow lists right through many deletions (dead entries swept out)', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const all = Array.from({ length: 600 }, (_, i) => makeMessage({ session_id: `s${i % 20}`, flow_id: `f${i % 3}` }));
    for (const m of all) await store.messages.add(m);
    let live = all;
    expect(await store.messages.deleteFlow('f1')).toBe(200);
    live = live.filter((m) => m.flow_id !== 'f1');
    for (let s = 0; s < 15; s++) {
      expect(await store.messages.deleteSession(`s${s}`)).toBe(live.filter((m) => m.session_id === `s${s}`).length);
      live = live.filter((m) => m.session_id !== `s${s}`);
    }
    const check = async (st: typeof store) => {
      expect(st.messages.count()).toBe(live.length);
      expect(await st.messages.list({})).toEqual(live);
      for (const f of ['f0', 'f1', 'f2']) expect(await st.messages.list({ flowId: f })).toEqual(live.filter((m) => m.flow_id === f));
      for (let s = 0; s < 20; s++) expect(await st.messages.list({ sessionId: `s${s}`, limit: 5 })).toEqual(live.filter((m) => m.session_id === `s${s}`).slice(-5));
    };
    await check(store);
    await store.close();
    // Reopened (and compacted: most records are dead), the same.
    const again = await open(dir);
    await check(again);
    expect(await logLines(dir)).toHaveLength(live.length);
  });

  it('serves a conversation that reads its history again from the cache, not the file', async () => {
    const dir = await tempDir();
    const store = await LogMessageStore.open(path.join(dir, LOG), { fsync: false, warn: silentLogger.warn });
    for (let i = 0; i < 20; i++) await store.add(makeMessage({ session_id: i % 2 ? 'chat' : 'other' }));
    await store.close();
    const again = await LogMessageStore.open(path.join(dir, LOG), { fsync: false, warn: silentLogger.warn });
    // After a restart the history comes from the file...
    expect(await again.list({ sessionId: 'chat', limit: 5 })).toHaveLength(5);
    const reads = again.log.fileReads;
    expect(reads).toBeGreaterThan(0);
    // ...then, turn after turn, from the cache: lines read, and the session's new messages.
    for (let turn = 0; turn < 3; turn++) {
      const user = makeMessage({ session_id: 'chat', sender: 'User' });
      const answer = makeMessage({ session_id: 'chat', sender: 'Machine' });
      await again.add(user);
      await again.add(answer);
      await again.add(makeMessage({ session_id: 'other' }));
      expect((await again.list({ sessionId: 'chat', limit: 5 })).slice(-2)).toEqual([user, answer]);
    }
    expect(again.log.fileReads).toBe(reads);
    // A session nobody read is not cached when written.
    const cold = makeMessage({ session_id: 'cold' });
    await again.add(cold);
    expect(await again.list({ sessionId: 'cold' })).toEqual([cold]);
    expect(again.log.fileReads).toBe(reads + 1);
    await again.close();
  });
});

