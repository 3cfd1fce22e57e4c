import { describe, expect, it } from 'vitest';
import Memory from '../../server/components/memory.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(Memory.fields.map((f) => [f.name, f.default]));

function message(i: number, sender: 'User' | 'Machine', session = 'session-1'): Message {
  return {
    id: `m${i}`,
    text: `text ${i}`,
    sender,
    sender_name: sender === 'User' ? 'User' : 'AI',
    session_id: session,
    flow_id: 'flow-1',
    timestamp: `2025-01-01 00:00:0${i} UTC`,
    files: [],
    error: false,
    properties: { source: { id: null, display_name: null, source: null } },
  };
}

/** A context whose history filters like the real store: by session and sender, last N, oldest first. */
function contextWith(messages: Message[]) {
  const ctx = testContext({ displayName: 'Message History' });
  const queries: unknown[] = [];
  return {
    ctx: {
      ...ctx,
      messages: {
        store: ctx.messages.store,
        history: async (q: { sessionId: string; limit: number; sender?: string; senderName?: string }) => {
          queries.push(q);
          return messages.filter((m) => m.session_id === q.sessionId && (!q.sender || m.sender === q.sender) && (!q.senderName || m.sender_name === q.senderName)).slice(-q.limit);
        },
      },
    },
    queries,
    stored: ctx.stored,
  };
}

const history = [message(1, 'User'), message(2, 'Machine'), message(3, 'User'), message(4, 'Machine'), message(5, 'User', 'other')];

describe('Memory (Message History)', () => {
  it("renders the run's session through the template, oldest first, and as rows", async () => {
    const { ctx } = contextWith(history);
    const out = await Memory.run({ ...defaults }, ctx);
    expect((out.messages_text as Message).text).toBe('User: text 1\nAI: text 2\nUser: text 3\nAI: text 4');
    expect((out.dataframe as { data: { text: string } }[]).map((r) => r.data.text)).toEqual(['text 1', 'text 2', 'text 3', 'text 4']);
  });

  it('takes the last N, filtered by sender, in descending order when asked, from another session', async () => {
    const { ctx, queries } = contextWith(history);
    const last = await Memory.run({ ...defaults, n_messages: 2, order: 'Descending', template: '{sender}|{text}' }, ctx);
    expect((last.messages_text as Message).text).toBe('Machine|text 4\nUser|text 3');
    const users = await Memory.run({ ...defaults, sender_type: 'User' }, ctx);
    expect((users.messages_text as Message).text).toBe('User: text 1\nUser: text 3');
    const other = await Memory.run({ ...defaults, session_id: 'other' }, ctx);
    expect((other.messages_text as Message).text).toBe('User: text 5');
    expect(queries[0]).toMatchObject({ sessionId: 'session-1', limit: 2 });
  });

  it('stores a message in Store mode', async () => {
    const { ctx, stored } = contextWith([]);
    const out = await Memory.run({ ...defaults, mode: 'Store', message: 'remember this', sender_name: 'Notes' }, ctx);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ text: 'remember this', sender: 'Machine', sender_name: 'Notes', session_id: 'session-1' });
    expect(out.stored_messages).toBe(stored[0]);
    await expect(Memory.run({ ...defaults, mode: 'Store', message: '' }, ctx)).rejects.toThrow('Nothing to store');
  });
});
