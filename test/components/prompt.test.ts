import { describe, expect, it } from 'vitest';
import Prompt from '../../server/components/prompt.js';
import { TextStream } from '../../server/engine/text-stream.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';

describe('Prompt', () => {
  it('adds one Message field per template variable', () => {
    const fields = Prompt.dynamicFields?.({ template: 'Hi {name}, {name}! {{not}} {template} { bad var }' }) ?? [];
    expect(fields).toEqual([{ name: 'name', display_name: 'name', kind: 'multiline', default: '', input_types: ['Message'], dynamic: true }]);
    expect(Prompt.template_field).toBe('template');
  });

  it('renders variables from text, messages and streams, with literal braces', async () => {
    const stream = new TextStream();
    stream.push('streamed');
    stream.end();
    const message = { text: 'from a message', sender: 'User', session_id: 's' };
    const ctx = testContext({ nodeId: 'Prompt-p1', displayName: 'Prompt' });
    const { prompt } = await Prompt.run({ template: '{a} / {b} / {c} / {{x}} / {missing}', a: 'text', b: message, c: stream }, ctx);
    expect((prompt as Message).text).toBe('text / from a message / streamed / {x} / ');
    expect((prompt as Message).properties.source).toEqual({ id: 'Prompt-p1', display_name: 'Prompt', source: 'Prompt' });
  });
});
