import { describe, expect, it } from 'vitest';
import ChatInput from '../../server/components/chat-input.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(ChatInput.fields.map((f) => [f.name, f.default]));

describe('ChatInput', () => {
  it('turns the input into a stored User message of the run session, and announces it', async () => {
    const ctx = testContext({ nodeId: 'ChatInput-8a86T', displayName: 'Chat Input' });
    const { message } = await ChatInput.run({ ...defaults, input_value: 'hi there' }, ctx);
    expect(message).toMatchObject({
      text: 'hi there',
      sender: 'User',
      sender_name: 'User',
      session_id: 'session-1',
      flow_id: 'flow-1',
      files: [],
      error: false,
      properties: { source: { id: 'ChatInput-8a86T', display_name: 'Chat Input' } },
    });
    expect((message as { id: string }).id).toMatch(/^[0-9a-f-]{36}$/);
    expect((message as { timestamp: string }).timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(ctx.stored).toEqual([message]);
    expect(ctx.events).toEqual([{ type: 'message', message }]);
  });

  it('does not store when should_store_message is off, but still announces', async () => {
    const ctx = testContext();
    await ChatInput.run({ ...defaults, input_value: 'x', should_store_message: false }, ctx);
    expect(ctx.stored).toEqual([]);
    expect(ctx.events).toHaveLength(1);
  });

  it('uses its own sender, name and session when set', async () => {
    const { message } = await ChatInput.run(
      { ...defaults, input_value: 'x', sender: 'Machine', sender_name: 'Bot', session_id: 'other' },
      testContext(),
    );
    expect(message).toMatchObject({ sender: 'Machine', sender_name: 'Bot', session_id: 'other' });
  });

  it('declares the Langflow fields and output', () => {
    expect(ChatInput.fields.map((f) => f.name)).toEqual(['input_value', 'should_store_message', 'sender', 'sender_name', 'session_id']);
    expect(ChatInput.outputs).toEqual([{ name: 'message', display_name: 'Chat Message', types: ['Message'] }]);
    expect(ChatInput.role).toBe('input');
  });
});
