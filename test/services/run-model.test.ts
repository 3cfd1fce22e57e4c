/** The Basic Prompting starter through the run service, against a local fake of OpenAI. */
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/api.js';
import { CancelledError, ComponentError, TweakRefusedError } from '../../shared/errors.js';
import { setup } from '../engine/run-fixtures.js';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../support/fake-openai.js';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function withModel(options: FakeOpenAIOptions = {}, variables: Record<string, string> = { OPENAI_API_KEY: 'sk-from-variable' }, env: Record<string, string> = {}) {
  fake = await startFakeOpenAI(options);
  return { fake, ...setup({ variables, env: { OPENAI_BASE_URL: fake.baseURL, ...env } }) };
}

describe('Basic Prompting', () => {
  it('answers through the model with the key from the global variable', async () => {
    const { fake, run, messages } = await withModel({ reply: 'Arrr, ahoy!' });
    const response = await run('basic-prompting', { input_value: 'hello' });
    const out = response.outputs[0].outputs[0];
    expect(out?.component_id).toBe('ChatOutput-WcGpD');
    expect(out?.results.result).toBe('Arrr, ahoy!');
    expect(out?.results.message).toMatchObject({
      text: 'Arrr, ahoy!',
      properties: { source: { id: 'OpenAIModel-5UyvQ', display_name: 'OpenAI', source: 'gpt-4o-mini' } },
    });
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-from-variable');
    expect(fake.requests[0]?.body.messages).toEqual([
      { role: 'system', content: 'Answer the user as if you were a pirate.' },
      { role: 'user', content: 'hello' },
    ]);
    expect(messages.messages.map((m) => [m.sender_name, m.text])).toEqual([
      ['User', 'hello'],
      ['AI', 'Arrr, ahoy!'],
    ]);
  });

  it('falls back to the OPENAI_API_KEY environment variable', async () => {
    const { fake, run } = await withModel({}, {}, { OPENAI_API_KEY: 'sk-from-env' });
    await run('basic-prompting', { input_value: 'hello' });
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-from-env');
  });

  it('fails naming the missing variable when there is no key at all', async () => {
    const { fake, run } = await withModel({}, {});
    const error = await run('basic-prompting', { input_value: 'hello' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect(error).toMatchObject({ componentId: 'OpenAIModel-5UyvQ', displayName: 'OpenAI' });
    expect((error as Error).message).toMatch(/^Error building Component OpenAI: Global variable "OPENAI_API_KEY" \(field "api_key"\) not found/);
    expect(fake.requests).toEqual([]);
  });

  it('refuses a tweaked key or base URL, and calls nobody', async () => {
    const { fake, run } = await withModel();
    for (const tweak of [{ api_key: 'sk-literal' }, { openai_api_base: 'http://127.0.0.1:9/v1' }]) {
      const error = await Promise.resolve()
        .then(() => run('basic-prompting', { input_value: 'hello', tweaks: { 'OpenAIModel-5UyvQ': tweak } }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TweakRefusedError);
      expect((error as TweakRefusedError).refused).toEqual([expect.objectContaining({ node: 'OpenAIModel-5UyvQ', field: Object.keys(tweak)[0] })]);
    }
    expect(fake.requests).toEqual([]);
  });

  it("fails the run with the provider's error, blaming the model component", async () => {
    const { run, messages } = await withModel({ error: { status: 401, message: 'Incorrect API key provided.', code: 'invalid_api_key' } });
    const error = await run('basic-prompting', { input_value: 'hello' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect((error as ComponentError).message).toBe('Error building Component OpenAI: OpenAI API error 401 Incorrect API key provided. (OpenAI refused the API key: check the key, or the variable it comes from)');
    expect((error as ComponentError).extra).toEqual({ component_id: 'OpenAIModel-5UyvQ' });
    expect(messages.messages.map((m) => m.sender)).toEqual(['User']);
  });
});

describe('streamed runs', () => {
  it('emits add_message (user), add_message (AI), then tokens while the model is still answering', async () => {
    const { fake, service, messages } = await withModel({ chunks: ['Ahoy', ' there', ', matey'], holdAfterChunks: 2 });
    const events: StreamEvent[] = [];
    let completedAtSecondToken: number | undefined;
    const prepared = service.prepare('basic-prompting', { input_value: 'hi' }, { stream: true });
    const response = await prepared.execute({
      signal: new AbortController().signal,
      onStreamEvent: (event) => {
        events.push(event);
        if (event.event === 'token' && events.filter((e) => e.event === 'token').length === 2) {
          completedAtSecondToken = fake.completedCount;
          fake.release();
        }
      },
    });
    expect(completedAtSecondToken).toBe(0);
    expect(fake.requests[0]?.body.stream).toBe(true);
    // As on Langflow, the complete message follows the tokens twice: the model's, then Chat Output's.
    expect(events.map((e) => e.event)).toEqual(['add_message', 'add_message', 'token', 'token', 'token', 'add_message', 'add_message']);
    const [user, ai, ...rest] = events as [
      Extract<StreamEvent, { event: 'add_message' }>,
      Extract<StreamEvent, { event: 'add_message' }>,
      ...Extract<StreamEvent, { event: 'token' }>[],
    ];
    const tokens = rest.slice(0, 3);
    expect(user.data).toMatchObject({ sender: 'User', text: 'hi' });
    expect(ai.data).toMatchObject({ sender: 'Machine', sender_name: 'AI' });
    expect(tokens.map((t) => t.data.chunk)).toEqual(['Ahoy', ' there', ', matey']);
    // Langflow's token events carry the chunk and the message id, nothing else.
    expect(tokens.every((t) => t.data.id === ai.data.id && Object.keys(t.data).sort().join() === 'chunk,id')).toBe(true);
    expect(response.outputs[0].outputs[0]?.results.result).toBe('Ahoy there, matey');
    expect(messages.messages.at(-1)).toMatchObject({ id: ai.data.id, text: 'Ahoy there, matey' });
  });

  it('lets the caller turn streaming off with a stream tweak', async () => {
    const { fake, run } = await withModel();
    await run('basic-prompting', { input_value: 'hi', tweaks: { 'OpenAIModel-5UyvQ': { stream: false } } }, true);
    expect(fake.requests[0]?.body.stream).toBe(false);
  });

  it('cancels the provider request when the client goes away', async () => {
    const { fake, service } = await withModel({ chunks: ['a', 'b'], holdAfterChunks: 1 });
    const controller = new AbortController();
    const aborted = fake.nextAbort();
    const run = service.prepare('basic-prompting', { input_value: 'hi' }, { stream: true }).execute({
      signal: controller.signal,
      onStreamEvent: (event) => {
        if (event.event === 'token') controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await aborted;
    expect(fake.abortedCount).toBe(1);
  });
});
