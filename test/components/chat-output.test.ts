import { describe, expect, it } from 'vitest';
import ChatOutput from '../../server/components/chat-output.js';
import { TextStream } from '../../server/engine/text-stream.js';
import { makeData } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import type { RunEvent } from '../../shared/run-events.js';
import { testContext } from '../engine/support.js';
import { setTimeout as sleep } from 'node:timers/promises';

const defaults = Object.fromEntries(ChatOutput.fields.map((f) => [f.name, f.default]));
const source = { id: 'OpenAIModel-x', display_name: 'OpenAI', source: 'gpt-4o-mini' };

describe('ChatOutput', () => {
  it('answers with a stored Machine message keeping the source of its input', async () => {
    const ctx = testContext({ nodeId: 'ChatOutput-o1' });
    const input = { ...(await ChatOutput.run({ ...defaults, input_value: 'x' }, testContext())).message as Message, properties: { source } };
    const { message } = await ChatOutput.run({ ...defaults, input_value: { ...input, text: 'Arrr' } }, ctx);
    expect(message).toMatchObject({ text: 'Arrr', sender: 'Machine', sender_name: 'AI', session_id: 'session-1', properties: { source } });
    expect((message as Message).id).not.toBe(input.id);
    expect(ctx.stored).toEqual([message]);
    expect(ctx.events).toEqual([{ type: 'message', message }]);
  });

  it('renders Data with the data template, and lists line by line', async () => {
    const data = makeData({ text: 'the text', name: 'Ada', n: 3 });
    const plain = await ChatOutput.run({ ...defaults, input_value: data }, testContext());
    expect((plain.message as Message).text).toBe('the text');
    const templated = await ChatOutput.run({ ...defaults, input_value: data, data_template: '{name} has {n}' }, testContext());
    expect((templated.message as Message).text).toBe('Ada has 3');
    const list = await ChatOutput.run({ ...defaults, input_value: [data, makeData({ other: 1 })] }, testContext());
    expect((list.message as Message).text).toBe('the text\n{"other":1}');
  });

  it('cleans the DataFrames of a list input with clean_data (the default), as Langflow does', async () => {
    const frame = () => [makeData({ text: 'a\n\n\nb' }), makeData({ text: '   ' }), makeData({ text: null })];
    const run = async (inputs: Record<string, unknown>) => ((await ChatOutput.run({ ...defaults, ...inputs }, testContext())).message as Message).text;
    expect(defaults.clean_data).toBe(true);
    expect(await run({ input_value: [frame(), makeData({ text: 'solo' })] })).toBe('a\nb\n\nsolo');
    expect(await run({ input_value: [frame(), makeData({ text: 'solo' })], clean_data: false })).toBe('a\n\n\nb\n   \n{"text":null}\nsolo');
    // A DataFrame given alone is converted without cleaning (Langflow's convert_to_string does the same).
    expect(await run({ input_value: frame() })).toBe('a\n\n\nb\n   \n{"text":null}');
  });

  it('relays a stream: the message at the first chunk, a token per chunk, the whole message stored at the end', async () => {
    const ctx = testContext();
    const stream = new TextStream({ source });
    const answer = ChatOutput.run({ ...defaults, input_value: stream }, ctx);
    stream.push('Ahoy');
    await sleep(1);
    expect(ctx.events.map((e) => e.type)).toEqual(['message', 'token']);
    expect(ctx.stored).toEqual([]);
    stream.push(', matey');
    stream.end();
    const { message } = await answer;
    const types = ctx.events.map((e: RunEvent) => e.type);
    expect(types).toEqual(['message', 'token', 'token', 'message_done']);
    const [announced, first] = ctx.events as [Extract<RunEvent, { type: 'message' }>, Extract<RunEvent, { type: 'token' }>];
    expect(announced.message).toMatchObject({ id: (message as Message).id, text: '', properties: { source } });
    expect(first).toMatchObject({ messageId: (message as Message).id, chunk: 'Ahoy' });
    expect((message as Message).text).toBe('Ahoy, matey');
    expect(ctx.stored).toEqual([message]);
  });

  it('rethrows the failure of a stream it relays', async () => {
    const stream = new TextStream();
    const error = new Error('provider down');
    const answer = ChatOutput.run({ ...defaults, input_value: stream }, testContext());
    stream.fail(error);
    await expect(answer).rejects.toBe(error);
  });

  it('honours sender, name, session and storage settings', async () => {
    const ctx = testContext();
    const { message } = await ChatOutput.run(
      { ...defaults, input_value: 'x', sender: 'User', sender_name: 'Me', session_id: 's2', should_store_message: false },
      ctx,
    );
    expect(message).toMatchObject({ sender: 'User', sender_name: 'Me', session_id: 's2' });
    expect(ctx.stored).toEqual([]);
  });
});
