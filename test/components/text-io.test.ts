import { describe, expect, it } from 'vitest';
import TextInput from '../../server/components/text-input.js';
import TextOutput from '../../server/components/text-output.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';

describe('TextInput and TextOutput', () => {
  it('TextInput gives its text as a message, storing nothing', async () => {
    const ctx = testContext();
    const { text } = await TextInput.run({ input_value: 'some text' }, ctx);
    expect((text as Message).text).toBe('some text');
    expect(ctx.stored).toEqual([]);
    expect(ctx.events).toEqual([]);
  });

  it('TextOutput shows its input without storing it', async () => {
    const ctx = testContext();
    const input = (await TextInput.run({ input_value: 'shown' }, testContext({ nodeId: 'TextInput-t1' }))).text;
    const { text } = await TextOutput.run({ input_value: input }, ctx);
    expect((text as Message).text).toBe('shown');
    expect((text as Message).properties.source.id).toBe('TextInput-t1');
    expect(ctx.stored).toEqual([]);
  });

  it('declare Langflow outputs', () => {
    expect(TextInput.outputs).toEqual([{ name: 'text', display_name: 'Output Text', types: ['Message'] }]);
    expect(TextOutput.fields[0]?.input_types).toEqual(['Message']);
    expect(TextOutput.role).toBe('output');
  });
});
