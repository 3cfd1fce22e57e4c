import { afterEach, describe, expect, it } from 'vitest';
import OllamaModel from '../../server/components/ollama-model.js';
import type { TextStream } from '../../server/engine/text-stream.js';
import type { Message } from '../../shared/message.js';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import type { FakeModelOptions } from '../support/fake-provider.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(OllamaModel.fields.map((f) => [f.name, f.default]));
let fake: FakeOllama | undefined;

async function start(options: FakeModelOptions = {}) {
  fake = await startFakeOllama(options);
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const inputs = (server: FakeOllama, extra: Record<string, unknown> = {}) => ({
  ...defaults,
  base_url: server.baseURL,
  input_value: 'Where is the treasure?',
  system_message: 'Answer as a pirate.',
  ...extra,
});

describe('OllamaModel', () => {
  it('asks /api/chat with the system message first and answers with a message from the model', async () => {
    const server = await start({ reply: 'Arrr.' });
    const ctx = testContext({ nodeId: 'OllamaModel-abcde', displayName: 'Ollama' });
    const { text_output } = await OllamaModel.run(inputs(server, { model_name: 'qwen2.5', num_ctx: 4096, stop_tokens: 'END, STOP', format: 'json' }), ctx);
    expect((text_output as Message).text).toBe('Arrr.');
    expect((text_output as Message).properties.source.source).toBe('qwen2.5');
    expect(server.requests[0]?.body).toMatchObject({
      model: 'qwen2.5',
      stream: false,
      format: 'json',
      options: { temperature: 0.1, num_ctx: 4096, stop: ['END', 'STOP'] },
      messages: [
        { role: 'system', content: 'Answer as a pirate.' },
        { role: 'user', content: 'Where is the treasure?' },
      ],
    });
  });

  it('streams newline-delimited chunks while the server is still answering', async () => {
    const server = await start({ chunks: ['Ahoy', ', ', 'matey'], holdAfterChunks: 1 });
    const { text_output } = await OllamaModel.run(inputs(server, { stream: true }), testContext());
    const stream = text_output as TextStream;
    expect(await stream[Symbol.asyncIterator]().next()).toEqual({ value: 'Ahoy', done: false });
    expect(server.completedCount).toBe(0);
    server.release();
    expect(await stream.text()).toBe('Ahoy, matey');
  });

  it('takes its host from OLLAMA_HOST (host:port) when the field is empty', async () => {
    const server = await start();
    const host = server.baseURL.replace('http://', '');
    await OllamaModel.run({ ...inputs(server), base_url: '' }, testContext({ env: { OLLAMA_HOST: host } }));
    expect(server.requests).toHaveLength(1);
  });

  it("fails with Ollama's own message on HTTP errors, and naming the host when nothing listens", async () => {
    const server = await start({ error: { status: 404, message: "model 'nope' not found" } });
    await expect(OllamaModel.run(inputs(server, { model_name: 'nope' }), testContext())).rejects.toThrow("Ollama API error 404 model 'nope' not found");
    const baseURL = server.baseURL;
    await server.close();
    fake = undefined;
    await expect(OllamaModel.run(inputs(server), testContext())).rejects.toThrow(new RegExp(`^Could not reach ${baseURL.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`));
  });

  it('cancels the request when the run is aborted', async () => {
    const server = await start({ chunks: ['a', 'b'], holdAfterChunks: 1 });
    const controller = new AbortController();
    const { text_output } = await OllamaModel.run(inputs(server, { stream: true }), testContext({ signal: controller.signal }));
    const stream = text_output as TextStream;
    expect(await stream[Symbol.asyncIterator]().next()).toEqual({ value: 'a', done: false });
    const aborted = server.nextAbort();
    controller.abort();
    await aborted;
    await expect(stream.text()).rejects.toThrow();
  });
});
