import { describe, expect, it } from 'vitest';
import type { MessageResponse } from '../../shared/api-dto.js';
import type { StoredMessage } from '../../renderer/src/api/types.js';
import { appendToken, finishStreaming, sessionsOf, upsertMessage } from '../../renderer/src/playground/chat-state.js';

/** A message as the monitor lists it (Langflow 1.8's shape), with `over` applied. */
const stored = (over: Partial<StoredMessage>): StoredMessage & MessageResponse => ({
  id: 'm',
  flow_id: 'f',
  session_id: 's',
  context_id: '',
  timestamp: '2026-01-01 10:00:00 UTC',
  sender: 'Machine',
  sender_name: 'AI',
  text: '',
  files: '[]',
  edit: false,
  duration: null,
  properties: { source: { id: null, display_name: null, source: null } },
  category: 'message',
  content_blocks: [],
  ...over,
});

describe('chat transcript', () => {
  it('grows a streamed answer token by token, and keeps tokens that arrived before its message', () => {
    let chat = appendToken([], 'ai', 'Ahoy ');
    chat = upsertMessage(chat, stored({ id: 'ai', text: '' }), true);
    chat = appendToken(chat, 'ai', 'matey');
    expect(chat).toEqual([{ id: 'ai', sender: 'Machine', senderName: 'AI', text: 'Ahoy matey', streaming: true }]);
    expect(finishStreaming(chat)[0]?.streaming).toBe(false);
  });

  it('replaces a message by id when its final form arrives', () => {
    const chat = upsertMessage(upsertMessage([], stored({ id: 'u', sender: 'User', text: 'hi' })), stored({ id: 'u', sender: 'User', text: 'hi!' }));
    expect(chat.map((m) => m.text)).toEqual(['hi!']);
  });

  it('lists sessions, the most recently used first', () => {
    const sessions = sessionsOf([
      stored({ session_id: 'old', timestamp: '2026-01-01 09:00:00 UTC' }),
      stored({ session_id: 'new', timestamp: '2026-01-02 09:00:00 UTC' }),
      stored({ session_id: 'old', timestamp: '2026-01-01 10:00:00 UTC' }),
    ]);
    expect(sessions).toEqual(['new', 'old']);
  });
});
