import { afterEach, describe, expect, it } from 'vitest';
import AnthropicModel from '../../server/components/anthropic-model.js';
import { TextStream } from '../../server/engine/text-stream.js';
import type { Message } from '../../shared/message.js';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import type { FakeModelOptions } from '../support/fake-provider.js';
import { anthropicKey } from '../support/fake-anthropic.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(AnthropicModel.fields.map((f) => [f.name, f.default]));
let fake: FakeAnthropic | undefined;

async function start(options: FakeModelOptions = {}) {
  fake = await startFakeAnthropic(options);
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const inputs = (server: FakeAnthropic, extra: Record<string, unknown> = {}) => ({
  ...defaults,
  api_key: 'sk-ant-test',
  base_url: server.baseURL,
  input_value: 'Where is the treasure?',
  system_message: 'Answer as a pirate.',
  ...extra,
});

describe('AnthropicModel', () => {
  it('asks the Messages API with the system text apart and answers with a message from the model', async () => {
    const server = await start({ reply: 'Arrr, under the palm.' });
    const ctx = testContext({ nodeId: 'AnthropicModel-abcde', displayName: 'Anthropic' });
    const { text_output } = await AnthropicModel.run(inputs(server, { model_name: 'claude-3-5-haiku-latest' }), ctx);
    expect((text_output as Message).text).toBe('Arrr, under the palm.');
    expect((text_output as Message).properties.source).toEqual({ id: 'AnthropicModel-abcde', display_name: 'Anthropic', source: 'claude-3-5-haiku-latest' });
    const [request] = server.requests;
    expect(request?.path).toBe('/v1/messages');
    expect(anthropicKey(request?.headers)).toBe('sk-ant-test');
    expect(request?.headers['anthropic-version']).toBeDefined();
    expect(request?.body).toMatchObject({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 4096,
      temperature: 0.1,
      system: 'Answer as a pirate.',
      messages: [{ role: 'user', content: 'Where is the treasure?' }],
    });
  });

  it('streams: tokens arrive while the provider is still answering', async () => {
    const server = await start({ chunks: ['Ahoy', ', ', 'matey'], holdAfterChunks: 1 });
    const { text_output } = await AnthropicModel.run(inputs(server, { stream: true }), testContext());
    expect(text_output).toBeInstanceOf(TextStream);
    const stream = text_output as TextStream;
    expect(await stream[Symbol.asyncIterator]().next()).toEqual({ value: 'Ahoy', done: false });
    expect(server.completedCount).toBe(0);
    expect(server.requests[0]?.body.stream).toBe(true);
    server.release();
    expect(await stream.text()).toBe('Ahoy, matey');
  });

  it('falls back to ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL, from a global variable first', async () => {
    const server = await start();
    const env = { ANTHROPIC_API_KEY: 'sk-ant-env', ANTHROPIC_BASE_URL: server.baseURL };
    await AnthropicModel.run({ ...inputs(server), api_key: '', base_url: '' }, testContext({ env }));
    expect(anthropicKey(server.requests[0]?.headers)).toBe('sk-ant-env');
    const variables = { get: async (name: string) => (name === 'ANTHROPIC_API_KEY' ? 'sk-ant-variable' : undefined) };
    await AnthropicModel.run({ ...inputs(server), api_key: '' }, testContext({ env, variables }));
    expect(anthropicKey(server.requests[1]?.headers)).toBe('sk-ant-variable');
  });

  it('fails clearly without a key, and with the provider\'s message on HTTP errors', async () => {
    const server = await start({ error: { status: 401, message: 'invalid x-api-key', type: 'authentication_error' } });
    await expect(AnthropicModel.run({ ...inputs(server), api_key: '' }, testContext())).rejects.toThrow(
      'No Anthropic API key: set the api_key field, a global variable, or ANTHROPIC_API_KEY',
    );
    await expect(AnthropicModel.run(inputs(server), testContext())).rejects.toThrow(/^Anthropic API error 401 .*invalid x-api-key/);
    await expect(AnthropicModel.run(inputs(server, { stream: true }), testContext())).rejects.toThrow(/Anthropic API error 401/);
  });

  it('fails naming the endpoint when nothing listens there', async () => {
    const server = await start();
    const baseURL = server.baseURL;
    await server.close();
    fake = undefined;
    await expect(AnthropicModel.run(inputs(server), testContext())).rejects.toThrow(new RegExp(`^Could not reach ${baseURL.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`));
  });

  it('cancels the provider request when the run is aborted', async () => {
    const server = await start({ chunks: ['a', 'b'], holdAfterChunks: 1 });
    const controller = new AbortController();
    const { text_output } = await AnthropicModel.run(inputs(server, { stream: true }), testContext({ signal: controller.signal }));
    const stream = text_output as TextStream;
    expect(await stream[Symbol.asyncIterator]().next()).toEqual({ value: 'a', done: false });
    const aborted = server.nextAbort();
    controller.abort();
    await aborted;
    await expect(stream.text()).rejects.toThrow();
  });

  it('only describes itself when nothing reads its response (a model for an Agent)', async () => {
    const server = await start();
    const outputs = await AnthropicModel.run(inputs(server), testContext({ wanted: ['model_output'] }));
    expect(outputs.text_output).toBeUndefined();
    expect(outputs.model_output).toMatchObject({ provider: 'anthropic', model: 'claude-3-5-sonnet-latest' });
    expect(JSON.stringify(outputs.model_output)).not.toContain('sk-ant-test');
    expect(server.requests).toEqual([]);
  });
});
