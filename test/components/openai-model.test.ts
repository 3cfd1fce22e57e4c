import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import OpenAIModel from '../../server/components/openai-model.js';
import { TextStream } from '../../server/engine/text-stream.js';
import type { Message } from '../../shared/message.js';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../support/fake-openai.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(OpenAIModel.fields.map((f) => [f.name, f.default]));
let fake: FakeOpenAI | undefined;

async function start(options: FakeOpenAIOptions = {}) {
  fake = await startFakeOpenAI(options);
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const inputs = (server: FakeOpenAI, extra: Record<string, unknown> = {}) => ({
  ...defaults,
  api_key: 'sk-test-key',
  openai_api_base: server.baseURL,
  input_value: 'Where is the treasure?',
  system_message: 'Answer as a pirate.',
  ...extra,
});

describe('OpenAIModel', () => {
  it('asks the chat-completions API and answers with a message from the model', async () => {
    const server = await start({ reply: 'Arrr, buried deep.' });
    const ctx = testContext({ nodeId: 'OpenAIModel-5UyvQ', displayName: 'OpenAI' });
    const { text_output } = await OpenAIModel.run(inputs(server), ctx);
    expect((text_output as Message).text).toBe('Arrr, buried deep.');
    expect((text_output as Message).properties.source).toEqual({ id: 'OpenAIModel-5UyvQ', display_name: 'OpenAI', source: 'gpt-4o-mini' });
    const [request] = server.requests;
    expect(request?.headers.authorization).toBe('Bearer sk-test-key');
    expect(request?.body).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0.1,
      seed: 1,
      stream: false,
      messages: [
        { role: 'system', content: 'Answer as a pirate.' },
        { role: 'user', content: 'Where is the treasure?' },
      ],
    });
    expect(request?.body).not.toHaveProperty('max_tokens');
  });

  it('passes max_tokens, model and temperature given as text, and accepts any model name', async () => {
    const server = await start();
    await OpenAIModel.run(inputs(server, { model_name: 'my-local-model', temperature: '0.7', max_tokens: '64' }), testContext());
    expect(server.requests[0]?.body).toMatchObject({ model: 'my-local-model', temperature: 0.7, max_tokens: 64 });
  });

  it('falls back to OPENAI_API_KEY and OPENAI_BASE_URL from the environment', async () => {
    const server = await start();
    const ctx = testContext({ env: { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: server.baseURL } });
    await OpenAIModel.run({ ...inputs(server), api_key: '', openai_api_base: '' }, ctx);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-env');
  });

  it('fails clearly without a key', async () => {
    const server = await start();
    await expect(OpenAIModel.run({ ...inputs(server), api_key: '' }, testContext())).rejects.toThrow(
      'No OpenAI API key: set the api_key field, a global variable, or OPENAI_API_KEY',
    );
    expect(server.requests).toEqual([]);
  });

  it('streams: tokens arrive while the provider is still answering', async () => {
    const server = await start({ chunks: ['Ahoy', ', ', 'matey'], holdAfterChunks: 1 });
    const { text_output } = await OpenAIModel.run(inputs(server, { stream: true }), testContext());
    expect(text_output).toBeInstanceOf(TextStream);
    const stream = text_output as TextStream;
    const iterator = stream[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: 'Ahoy', done: false });
    expect(server.completedCount).toBe(0);
    expect(server.requests[0]?.body.stream).toBe(true);
    server.release();
    expect(await stream.text()).toBe('Ahoy, matey');
    expect(stream.source?.source).toBe('gpt-4o-mini');
  });

  it("fails with the provider's own message on HTTP errors", async () => {
    const server = await start({ error: { status: 401, message: 'Incorrect API key provided: sk-test***-key.', code: 'invalid_api_key' } });
    await expect(OpenAIModel.run(inputs(server), testContext())).rejects.toThrow('OpenAI API error 401 Incorrect API key provided: sk-test***-key.');
    await fake?.close();
    const broken = await start({ error: { status: 500, message: 'The server had an error.', type: 'server_error' } });
    await expect(OpenAIModel.run(inputs(broken, { stream: true }), testContext())).rejects.toThrow('OpenAI API error 500 The server had an error.');
  });

  it('fails naming the endpoint when nothing listens there', async () => {
    const server = await start();
    const baseURL = server.baseURL;
    await server.close();
    fake = undefined;
    await expect(OpenAIModel.run(inputs(server, { openai_api_base: baseURL }), testContext())).rejects.toThrow(
      new RegExp(`^Could not reach ${baseURL.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`),
    );
  });

  it('cancels the provider request when the run is aborted', async () => {
    const server = await start({ chunks: ['a', 'b'], holdAfterChunks: 1 });
    const controller = new AbortController();
    const { text_output } = await OpenAIModel.run(inputs(server, { stream: true }), testContext({ signal: controller.signal }));
    const stream = text_output as TextStream;
    expect(await stream[Symbol.asyncIterator]().next()).toEqual({ value: 'a', done: false });
    const aborted = server.nextAbort();
    controller.abort();
    await aborted;
    expect(server.abortedCount).toBe(1);
    await expect(stream.text()).rejects.toThrow();
    expect(stream.textSoFar).toBe('a');
  });

  it('describes the model for other components without revealing the key', async () => {
    const server = await start();
    const { model_output } = await OpenAIModel.run(inputs(server, { model_name: 'gpt-4o' }), testContext());
    expect(model_output).toMatchObject({ provider: 'openai', model: 'gpt-4o', client: { baseURL: server.baseURL } });
    expect(JSON.stringify(model_output)).not.toContain('sk-test-key');
    expect(inspect(model_output, { depth: 5 })).not.toContain('sk-test-key');
    expect(String((model_output as { client: { apiKey: unknown } }).client.apiKey)).not.toContain('sk-test-key');
  });
});
