/** The `MessageStore` contract (server/storage/types.ts). */
import { describe, expect, it } from 'vitest';
import type { MessageStore } from '../../../server/storage/types.js';
import type { Message } from '../../../shared/message.js';
import { sampleMessage } from './records.js';
import { useStore, type StoreTarget } from './target.js';

export function describeMessageStoreContract(target: StoreTarget<{ messages: MessageStore }>): void {
  describe('messages', () => {
    const opened = useStore(target);
    const messages = (): MessageStore => opened.store.messages;
    const ids = (list: Message[]): string[] => list.map((m) => m.id);

    /** a1 a2 (session a, flow f, User then AI), b1 (session b, flow f), c1 (session c, flow g, named Bot). */
    async function addConversations(): Promise<Record<'a1' | 'a2' | 'b1' | 'c1', Message>> {
      const a1 = sampleMessage({ session_id: 'a', flow_id: 'f' }, 1);
      const a2 = sampleMessage({ session_id: 'a', flow_id: 'f', sender: 'Machine', sender_name: 'AI' }, 2);
      const b1 = sampleMessage({ session_id: 'b', flow_id: 'f' }, 3);
      const c1 = sampleMessage({ session_id: 'c', flow_id: 'g', sender: 'Machine', sender_name: 'Bot' }, 4);
      for (const m of [a1, a2, b1, c1]) await messages().add(m);
      return { a1, a2, b1, c1 };
    }

    it('starts empty', async () => {
      expect(messages().count()).toBe(0);
      expect(await messages().list({})).toEqual([]);
      expect(await messages().list({ sessionId: 'nope' })).toEqual([]);
    });

    it('adds messages and lists them whole, oldest first', async () => {
      const { a1, a2, b1, c1 } = await addConversations();
      expect(messages().count()).toBe(4);
      expect(await messages().list({})).toEqual([a1, a2, b1, c1]);
    });

    it('filters by session, flow, sender and sender name, alone and together', async () => {
      const { a1, a2, b1, c1 } = await addConversations();
      expect(ids(await messages().list({ sessionId: 'a' }))).toEqual(ids([a1, a2]));
      expect(ids(await messages().list({ flowId: 'f' }))).toEqual(ids([a1, a2, b1]));
      expect(ids(await messages().list({ flowId: 'g' }))).toEqual(ids([c1]));
      expect(ids(await messages().list({ sender: 'Machine' }))).toEqual(ids([a2, c1]));
      expect(ids(await messages().list({ senderName: 'Bot' }))).toEqual(ids([c1]));
      expect(ids(await messages().list({ sessionId: 'a', sender: 'User' }))).toEqual(ids([a1]));
      expect(ids(await messages().list({ flowId: 'f', sender: 'Machine', senderName: 'AI' }))).toEqual(ids([a2]));
      expect(await messages().list({ sessionId: 'a', flowId: 'g' })).toEqual([]);
      expect(await messages().list({ sessionId: 'nope' })).toEqual([]);
      expect(await messages().list({ flowId: 'nope' })).toEqual([]);
      expect(await messages().list({ sender: 'nobody' })).toEqual([]);
    });

    it('orders newest first with -timestamp, and takes a limit from the newest end either way', async () => {
      const { a1, a2, b1, c1 } = await addConversations();
      expect(ids(await messages().list({ orderBy: '-timestamp' }))).toEqual(ids([c1, b1, a2, a1]));
      expect(ids(await messages().list({ limit: 2 }))).toEqual(ids([b1, c1]));
      expect(ids(await messages().list({ orderBy: '-timestamp', limit: 2 }))).toEqual(ids([c1, b1]));
      expect(ids(await messages().list({ sessionId: 'a', limit: 1 }))).toEqual(ids([a2]));
      expect(ids(await messages().list({ flowId: 'f', sender: 'User', limit: 1 }))).toEqual(ids([b1]));
      expect(await messages().list({ limit: 0 })).toEqual([]);
      expect(ids(await messages().list({ limit: 100 }))).toEqual(ids([a1, a2, b1, c1]));
    });

    it('orders by timestamp, not by arrival, and keeps arrival order within one second', async () => {
      const late = sampleMessage({}, 30);
      const early = sampleMessage({}, 10);
      const sameA = sampleMessage({}, 20);
      const sameB = sampleMessage({}, 20);
      for (const m of [late, early, sameA, sameB]) await messages().add(m);
      expect(ids(await messages().list({ sessionId: 'session-1' }))).toEqual(ids([early, sameA, sameB, late]));
      expect(ids(await messages().list({}))).toEqual(ids([early, sameA, sameB, late]));
      expect(ids(await messages().list({ orderBy: '-timestamp', limit: 3 }))).toEqual(ids([late, sameB, sameA]));
      expect(ids(await messages().list({ flowId: 'flow-1', limit: 1 }))).toEqual(ids([late]));
    });

    it('keeps its own copy: changing a message after add, or a listed one, changes nothing stored', async () => {
      const message = sampleMessage({ text: 'original' });
      await messages().add(message);
      message.text = 'changed by the caller';
      const [listed] = await messages().list({});
      expect(listed?.text).toBe('original');
      // Listed messages are the caller's to change.
      if (listed) listed.text = 'changed after list';
      const [again] = await messages().list({});
      expect(again?.text).toBe('original');
    });

    it('forgets a session or a flow, saying how many messages went', async () => {
      const { a1, a2, c1 } = await addConversations();
      expect(await messages().deleteSession('b')).toBe(1);
      expect(await messages().deleteSession('b')).toBe(0);
      expect(await messages().deleteSession('nope')).toBe(0);
      expect(messages().count()).toBe(3);
      expect(ids(await messages().list({ flowId: 'f' }))).toEqual(ids([a1, a2]));
      expect(await messages().deleteFlow('f')).toBe(2);
      expect(await messages().deleteFlow('f')).toBe(0);
      expect(await messages().deleteFlow('nope')).toBe(0);
      expect(messages().count()).toBe(1);
      expect(ids(await messages().list({}))).toEqual(ids([c1]));
      // A session may come back after it was forgotten.
      const back = sampleMessage({ session_id: 'b', flow_id: 'f' }, 9);
      await messages().add(back);
      expect(ids(await messages().list({ sessionId: 'b' }))).toEqual(ids([back]));
    });

    it('stores a message without a flow', async () => {
      const loose = sampleMessage({ flow_id: null, session_id: 'loose' });
      await messages().add(loose);
      expect(await messages().list({ sessionId: 'loose' })).toEqual([loose]);
      expect(await messages().list({ flowId: 'flow-1' })).toEqual([]);
    });

    it('refuses a message without a string id or session_id (storage error), storing nothing', async () => {
      const noId = { ...sampleMessage(), id: undefined } as unknown as Message;
      const noSession = { ...sampleMessage(), session_id: 42 } as unknown as Message;
      await expect(messages().add(noId)).rejects.toMatchObject({ code: 'storage' });
      await expect(messages().add(noSession)).rejects.toMatchObject({ code: 'storage' });
      expect(messages().count()).toBe(0);
      expect(await messages().list({})).toEqual([]);
    });

    it('has after a reopen every acknowledged add and deletion, in order', async () => {
      const { a1, a2, c1 } = await addConversations();
      await messages().deleteSession('b');
      const concurrent = Array.from({ length: 20 }, (_, i) => sampleMessage({ session_id: 'burst' }, 100 + i));
      await Promise.all(concurrent.map((m) => messages().add(m)));
      const again = (await opened.reopen()).messages;
      expect(again.count()).toBe(23);
      expect(ids(await again.list({ flowId: 'f' }))).toEqual(ids([a1, a2]));
      expect(await again.list({ sessionId: 'c' })).toEqual([c1]);
      expect(await again.list({ sessionId: 'b' })).toEqual([]);
      expect(ids(await again.list({ sessionId: 'burst' }))).toEqual(ids(concurrent));
      await again.deleteFlow('f');
      const third = (await opened.reopen()).messages;
      expect(third.count()).toBe(21);
      expect(await third.list({ flowId: 'f' })).toEqual([]);
    });
  });
}
