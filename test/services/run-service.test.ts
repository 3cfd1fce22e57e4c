/** Contract §1 through the run service: lookup, body, inputs, outputs, response shape. */
import { describe, expect, it } from 'vitest';
import { BadRequestError, InvalidFlowError, NotFoundError, TweakRefusedError, ValidationError } from '../../shared/errors.js';
import type { Flow } from '../../shared/flow.js';
import { ECHO_ID, IO_ID, echoFlow, setup } from '../engine/run-fixtures.js';
import { edge, flow, node } from '../engine/support.js';

const ids = (response: Awaited<ReturnType<ReturnType<typeof setup>['run']>>) => response.outputs[0].outputs.map((o) => o.component_id).sort();
const result = (response: Awaited<ReturnType<ReturnType<typeof setup>['run']>>) => response.outputs[0].outputs[0]?.results.result;

describe('run service: the response', () => {
  it('has exactly the contract shape', async () => {
    const { run } = setup();
    const response = await run(ECHO_ID, { input_value: 'hi, are you there?' });
    const text = 'Echo: hi, are you there? {literal}';
    const out = response.outputs[0].outputs[0];
    const message = out?.results.message as Record<string, unknown>;
    expect(response).toEqual({
      session_id: ECHO_ID,
      outputs: [
        {
          inputs: { input_value: 'hi, are you there?' },
          outputs: [
            {
              results: { message, result: text },
              artifacts: { message: text, sender: 'Machine', sender_name: 'AI', files: [], type: 'object' },
              outputs: { message: { message: text, type: 'text' } },
              logs: { message: [] },
              messages: [
                { message: text, sender: 'Machine', sender_name: 'AI', session_id: ECHO_ID, component_id: 'ChatOutput-out01', files: [], type: 'text', stream_url: null },
              ],
              timedelta: null,
              duration: null,
              component_display_name: 'Chat Output',
              component_id: 'ChatOutput-out01',
              used_frozen_result: false,
            },
          ],
        },
      ],
    });
    expect(message).toMatchObject({
      text,
      sender: 'Machine',
      sender_name: 'AI',
      session_id: ECHO_ID,
      flow_id: ECHO_ID,
      files: [],
      error: false,
      properties: { source: { id: 'Prompt-echo1', display_name: 'Prompt', source: 'Prompt' } },
    });
    // Langflow 1.8's Message: the id only in `data`, the timestamp as an ISO datetime (`data` keeps the stored text).
    expect(message.id).toBeUndefined();
    const stored = message.data as Record<string, unknown>;
    expect(typeof stored.id).toBe('string');
    expect(message.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(stored.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    expect(JSON.parse(JSON.stringify(response))).toEqual(response);
  });

  it('runs with no payload, an empty object or null, keeping saved inputs', async () => {
    const { run } = setup();
    for (const body of [undefined, null, {}, '']) {
      const response = await run(IO_ID, body);
      expect(response.outputs[0].inputs).toEqual({});
      expect(result(response)).toBe('chat=saved chat text=saved text');
    }
  });

  it('finds the flow by endpoint name too', async () => {
    const { service } = setup();
    expect(service.prepare('io-mix', {}, { stream: false }).flowId).toBe(IO_ID);
  });

  it('defaults the session to the flow id and stores both messages in the given one', async () => {
    const { run, messages } = setup();
    expect((await run(ECHO_ID, { input_value: 'a' })).session_id).toBe(ECHO_ID);
    const response = await run(ECHO_ID, { input_value: 'b', session_id: 'session-A' });
    expect(response.session_id).toBe('session-A');
    expect((await messages.list({ sessionId: 'session-A' })).map((m) => [m.sender, m.text])).toEqual([
      ['User', 'b'],
      ['Machine', 'Echo: b {literal}'],
    ]);
  });
});

describe('run service: refusals before the run', () => {
  it('404s an unknown flow by endpoint name or UUID', () => {
    const { service } = setup();
    for (const ref of ['no-such-flow', '3fa85f64-5717-4562-b3fc-2c963f66afa6']) {
      expect(() => service.prepare(ref, {}, { stream: false })).toThrow(new NotFoundError(`Flow identifier ${ref} not found`));
    }
  });

  it('422s wrong types and bad enum values with pydantic-style issues naming the field', () => {
    const { service } = setup();
    const issues = (body: unknown) => {
      try {
        service.prepare(ECHO_ID, body, { stream: false });
      } catch (error) {
        if (error instanceof ValidationError && Array.isArray(error.detail)) return error.detail;
        throw error;
      }
      throw new Error('accepted');
    };
    expect(issues({ input_type: 'voice' })).toEqual([
      { type: 'literal_error', loc: ['body', 'input_type'], msg: "Input should be 'chat', 'text' or 'any'", input: 'voice' },
    ]);
    expect(issues({ output_type: 'json' })).toEqual([
      { type: 'literal_error', loc: ['body', 'output_type'], msg: "Input should be 'chat', 'text', 'any' or 'debug'", input: 'json' },
    ]);
    expect(issues({ input_value: 42 })).toEqual([{ type: 'string_type', loc: ['body', 'input_value'], msg: 'Input should be a valid string', input: 42 }]);
    expect(issues({ tweaks: 'x' })).toEqual([{ type: 'dict_type', loc: ['body', 'tweaks'], msg: 'Input should be a valid dictionary', input: 'x' }]);
    expect(issues({ session_id: ['a'], output_component: 3 }).map((i) => i.loc)).toEqual([
      ['body', 'output_component'],
      ['body', 'session_id'],
    ]);
    expect(issues([1, 2])).toMatchObject([{ type: 'model_attributes_type', loc: ['body'] }]);
  });

  it('ignores unknown fields and accepts explicit nulls', async () => {
    const { run } = setup();
    const response = await run(ECHO_ID, { input_value: null, input_type: null, tweaks: null, whatever: true });
    expect(result(response)).toBe('Echo:  {literal}');
  });

  it('400s input_value together with a tweak of the chat input value', () => {
    const { service } = setup();
    const expected = new BadRequestError('If you pass an input_value to the chat input, you cannot pass a tweak with the same name.');
    const prepare = (body: unknown) => () => service.prepare(IO_ID, body, { stream: false });
    expect(prepare({ input_value: 'a', tweaks: { 'ChatInput-chat1': { input_value: 'b' } } })).toThrow(expected);
    expect(prepare({ input_value: 'a', tweaks: { 'Chat Input': { input_value: 'b' } } })).toThrow(expected);
    expect(prepare({ input_value: 'a', input_type: 'text', tweaks: { 'TextInput-text1': { input_value: 'b' } } })).toThrow(BadRequestError);
    // Only when the input goes to that kind of component.
    expect(prepare({ input_value: 'a', input_type: 'text', tweaks: { 'ChatInput-chat1': { input_value: 'b' } } })).not.toThrow();
    expect(prepare({ input_value: 'a', tweaks: { 'TextInput-text1': { input_value: 'b' } } })).not.toThrow();
    expect(prepare({ tweaks: { 'ChatInput-chat1': { input_value: 'b' } } })).not.toThrow();
  });

  it('refuses an invalid flow before running, naming its nodes', () => {
    const broken: Flow = { ...echoFlow, id: 'broken', endpoint_name: 'broken', data: flow([node('RemixDocumentation-x1')]) };
    const { service } = setup({ extra: [broken] });
    expect(() => service.prepare('broken', {}, { stream: false })).toThrow(InvalidFlowError);
    expect(() => service.prepare('broken', {}, { stream: false })).toThrow(/RemixDocumentation-x1/);
  });
});

describe('run service: inputs', () => {
  it('gives input_value to chat inputs by default and with input_type chat', async () => {
    const { run } = setup();
    expect(result(await run(IO_ID, { input_value: 'NEW' }))).toBe('chat=NEW text=saved text');
    expect(result(await run(IO_ID, { input_value: 'NEW', input_type: 'chat' }))).toBe('chat=NEW text=saved text');
  });

  it('gives it to text inputs with text, and to every input with any', async () => {
    const { run } = setup();
    expect(result(await run(IO_ID, { input_value: 'NEW', input_type: 'text' }))).toBe('chat=saved chat text=NEW');
    expect(result(await run(IO_ID, { input_value: 'NEW', input_type: 'any' }))).toBe('chat=NEW text=NEW');
  });

  it('echoes the input in outputs[0].inputs only when given', async () => {
    const { run } = setup();
    expect((await run(IO_ID, { input_value: '' })).outputs[0].inputs).toEqual({ input_value: '' });
    expect((await run(IO_ID, { session_id: 's' })).outputs[0].inputs).toEqual({});
  });
});

describe('run service: outputs', () => {
  it('reports by output_type, falling back to every output when none matches', async () => {
    const { run } = setup();
    expect(ids(await run(IO_ID, { output_type: 'chat' }))).toEqual(['ChatOutput-out01']);
    expect(ids(await run(IO_ID, { output_type: 'text' }))).toEqual(['TextOutput-out02']);
    expect(ids(await run(IO_ID, { output_type: 'any' }))).toEqual(['ChatOutput-out01', 'TextOutput-out02']);
    expect(ids(await run(IO_ID, { output_type: 'debug' }))).toEqual(['ChatInput-chat1', 'ChatOutput-out01', 'Prompt-join1', 'TextInput-text1', 'TextOutput-out02']);
    expect(ids(await run(ECHO_ID, { output_type: 'text' }))).toEqual(['ChatOutput-out01']);
  });

  it('reports the text output with its results keyed by output name', async () => {
    const { run } = setup();
    const out = (await run(IO_ID, { input_value: 'v', output_type: 'text' })).outputs[0].outputs[0];
    expect(out?.results.result).toBe('chat=v text=saved text');
    expect((out?.results.text as { text: string }).text).toBe('chat=v text=saved text');
    expect(out?.outputs).toEqual({ text: { message: 'chat=v text=saved text', type: 'text' } });
  });

  it('reports only output_component, by id or display name', async () => {
    const { run } = setup();
    expect(ids(await run(IO_ID, { output_type: 'any', output_component: 'TextOutput-out02' }))).toEqual(['TextOutput-out02']);
    expect(ids(await run(IO_ID, { output_component: 'Text Output' }))).toEqual(['TextOutput-out02']);
    expect(ids(await run(IO_ID, { output_component: 'Prompt-join1' }))).toEqual(['Prompt-join1']);
    expect(ids(await run(IO_ID, { output_component: 'nothing' }))).toEqual([]);
  });
});

describe('run service: tweaks', () => {
  it('applies tweaks by node id, by display name, and to every node with the field', async () => {
    const { run } = setup();
    expect(result(await run(ECHO_ID, { input_value: 'a', tweaks: { 'Prompt-echo1': { template: 'T1 {text}' } } }))).toBe('T1 a');
    expect(result(await run(ECHO_ID, { input_value: 'a', tweaks: { Prompt: { template: 'T2 {text}' } } }))).toBe('T2 a');
    const global = await run(ECHO_ID, { input_value: 'a', tweaks: { sender_name: 'Robot' } });
    expect(global.outputs[0].outputs[0]?.results.message).toMatchObject({ sender_name: 'Robot' });
  });

  it('ignores unknown nodes and fields, and the seed curl tweak set', async () => {
    const { run } = setup();
    const unknown = await run(ECHO_ID, { input_value: 'a', tweaks: { 'Nope-12345': { template: 'x' }, 'Prompt-echo1': { no_such_field: 1 }, nope: 2 } });
    expect(result(unknown)).toBe('Echo: a {literal}');
    const seed = await run(ECHO_ID, {
      input_value: 'message',
      output_type: 'chat',
      input_type: 'chat',
      tweaks: { 'ChatInput-8a86T': {}, 'Prompt-pKfl9': {}, 'ChatOutput-WcGpD': {}, 'OpenAIModel-5UyvQ': {} },
    });
    expect(result(seed)).toBe('Echo: message {literal}');
  });

  it('uses a tweaked input value when no input_value is given, and input_value beats tweaks with input_type any', async () => {
    const { run } = setup();
    expect(result(await run(ECHO_ID, { tweaks: { 'ChatInput-in001': { input_value: 'from tweak' } } }))).toBe('Echo: from tweak {literal}');
    expect(result(await run(ECHO_ID, { input_value: 'direct', input_type: 'any', tweaks: { 'ChatInput-in001': { input_value: 'tweak' } } }))).toBe(
      'Echo: direct {literal}',
    );
  });

  it('fills variables of a tweaked template', async () => {
    const { run } = setup();
    const response = await run(ECHO_ID, { input_value: 'a', tweaks: { 'Prompt-echo1': { template: '{text} and {extra}', extra: 'more' } } });
    expect(result(response)).toBe('a and more');
  });

  it('refuses code and untweakable fields, naming node and field, and runs nothing', async () => {
    const { run } = setup();
    const refused = await Promise.resolve()
      .then(() => run('scripted', { tweaks: { 'Scripted-s1': { code: 'evil()', internal: 'x', label: 'changed' }, code: 'evil()' } }))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TweakRefusedError);
    expect((refused as TweakRefusedError).refused.map((r) => `${r.node}.${r.field}`)).toEqual(['Scripted-s1.code', 'Scripted-s1.internal']);
    expect(result(await run('scripted', { tweaks: { 'Scripted-s1': { label: 'changed' } } }))).toBe('safe()|fixed|changed');
  });

  it('does not change the stored flow', async () => {
    const { run, flows } = setup();
    const before = structuredClone(flows.get(ECHO_ID));
    await run(ECHO_ID, { input_value: 'a', tweaks: { 'Prompt-echo1': { template: 'T {text}' }, sender_name: 'X' } });
    expect(flows.get(ECHO_ID)).toEqual(before);
    expect(result(await run(ECHO_ID, { input_value: 'a' }))).toBe('Echo: a {literal}');
  });

  it('does not store messages when should_store_message is tweaked off', async () => {
    const { run, messages } = setup();
    await run(ECHO_ID, { input_value: 'x', session_id: 'quiet', tweaks: { should_store_message: false } });
    expect(await messages.list({ sessionId: 'quiet' })).toEqual([]);
  });

  it('ignores edges when a tweak names a connected field', async () => {
    const { run } = setup();
    const response = await run(ECHO_ID, { input_value: 'real', tweaks: { 'ChatOutput-out01': { input_value: 'ignored' } } });
    expect(result(response)).toBe('Echo: real {literal}');
  });
});

describe('run service: stale plans', () => {
  it('runs the new version of a flow once it is replaced in the store', async () => {
    const { run, flows } = setup();
    await run(ECHO_ID, { input_value: 'a' });
    await flows.put({
      ...echoFlow,
      data: flow(
        [node('ChatInput-in001'), node('ChatOutput-out01')],
        [edge('ChatInput-in001.message', 'ChatOutput-out01.input_value')],
      ),
    });
    expect(result(await run(ECHO_ID, { input_value: 'a' }))).toBe('a');
  });
});
