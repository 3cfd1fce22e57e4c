import { afterEach, describe, expect, it } from 'vitest';
import LanguageModel from '../../server/components/language-model.js';
import { TextStream } from '../../server/engine/text-stream.js';
import type { Message } from '../../shared/message.js';
import { startFakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeOllama } from '../support/fake-ollama.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import type { FakeModel } from '../support/fake-provider.js';
import { anthropicKey } from '../support/fake-anthropic.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(LanguageModel.fields.map((f) => [f.name, f.default]));
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fakes() {
  const openai = await startFakeOpenAI({ reply: 'from openai' });
  const anthropic = await startFakeAnthropic({ reply: 'from anthropic' });
  const ollama = await startFakeOllama({ reply: 'from ollama' });
  servers.push(openai, anthropic, ollama);
  const env = { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-openai', ANTHROPIC_BASE_URL: anthropic.baseURL, ANTHROPIC_API_KEY: 'sk-anthropic', OLLAMA_HOST: ollama.baseURL };
  return { openai, anthropic, ollama, env };
}

const ask = (extra: Record<string, unknown>) => ({ ...defaults, input_value: 'hi', system_message: 'be brief', ...extra });

describe('LanguageModelComponent', () => {
  it('talks to the provider the node names, each with its own key', async () => {
    const { openai, anthropic, ollama, env } = await fakes();
    const answer = async (extra: Record<string, unknown>) => ((await LanguageModel.run(ask(extra), testContext({ env }))).text_output as Message).text;
    expect(await answer({ provider: 'OpenAI', model_name: 'gpt-4o' })).toBe('from openai');
    expect(await answer({ provider: 'Anthropic', model_name: 'claude-3-5-haiku-latest' })).toBe('from anthropic');
    expect(await answer({ provider: 'Ollama', model_name: 'llama3.2' })).toBe('from ollama');
    expect(openai.requests[0]?.headers.authorization).toBe('Bearer sk-openai');
    expect(openai.requests[0]?.body.model).toBe('gpt-4o');
    expect(anthropicKey(anthropic.requests[0]?.headers)).toBe('sk-anthropic');
    expect(anthropic.requests[0]?.body).toMatchObject({ model: 'claude-3-5-haiku-latest', system: 'be brief' });
    expect(ollama.requests[0]?.body.model).toBe('llama3.2');
  });

  it("reads Langflow 1.7's single model field, and fills a missing model name with the provider's default", async () => {
    const { anthropic, ollama, env } = await fakes();
    await LanguageModel.run(ask({ provider: 'OpenAI', model: [{ name: 'claude-sonnet-4-5', provider: 'Anthropic' }] }), testContext({ env }));
    expect(anthropic.requests[0]?.body.model).toBe('claude-sonnet-4-5');
    await LanguageModel.run(ask({ provider: 'Ollama', model_name: '' }), testContext({ env }));
    expect(ollama.requests[0]?.body.model).toBe('llama3.2');
  });

  it('streams for every provider', async () => {
    const { env } = await fakes();
    for (const provider of ['OpenAI', 'Anthropic', 'Ollama']) {
      const { text_output } = await LanguageModel.run(ask({ provider, stream: true }), testContext({ env }));
      expect(text_output, provider).toBeInstanceOf(TextStream);
      expect(await (text_output as TextStream).text()).toBe(`from ${provider.toLowerCase()}`);
    }
  });

  it('refuses a provider it does not support, naming it', async () => {
    await expect(LanguageModel.run(ask({ provider: 'Cohere' }), testContext())).rejects.toThrow('Model provider "Cohere" is not supported: use OpenAI, Anthropic, Google Generative AI, Ollama, Groq');
  });

  it('never sends an OpenAI key to another provider when its own is missing', async () => {
    const { anthropic, env } = await fakes();
    const { ANTHROPIC_API_KEY: _, ...withoutAnthropic } = env;
    await expect(LanguageModel.run(ask({ provider: 'Anthropic' }), testContext({ env: withoutAnthropic }))).rejects.toThrow('No Anthropic API key');
    expect((anthropic as FakeModel).requests).toEqual([]);
  });
});

describe('LanguageModelComponent with model: [] (the model-provider settings)', () => {
  const settings = (provider: 'OpenAI' | 'Anthropic' | 'Ollama', model_name: string, base_url = '') => ({
    providers: base_url ? { [provider]: { base_url, enabled_models: [], disabled_models: [] } } : {},
    default_language_model: { provider, model_name, model_type: 'language' as const },
    default_embedding_model: null,
  });

  it('uses the default model, with the base URL of the settings over the node\'s own', async () => {
    const { anthropic, ollama, env } = await fakes();
    await LanguageModel.run(ask({ model: [] }), testContext({ env, models: settings('Anthropic', 'claude-opus-4-1') }));
    expect(anthropic.requests[0]?.body.model).toBe('claude-opus-4-1');
    expect(anthropicKey(anthropic.requests[0]?.headers)).toBe('sk-anthropic');
    const { OLLAMA_HOST: _, ...noOllamaEnv } = env;
    await LanguageModel.run(ask({ model: [], ollama_base_url: 'http://127.0.0.1:1' }), testContext({ env: noOllamaEnv, models: settings('Ollama', 'qwen2.5', ollama.baseURL) }));
    expect(ollama.requests[0]?.body.model).toBe('qwen2.5');
  });

  it('a node that names its model keeps it whatever the default', async () => {
    const { openai, env } = await fakes();
    await LanguageModel.run(ask({ model: [{ name: 'gpt-4.1', provider: 'OpenAI' }] }), testContext({ env, models: settings('Anthropic', 'claude-opus-4-1') }));
    expect(openai.requests[0]?.body.model).toBe('gpt-4.1');
  });

  it('fails saying how to set a default when there is none and no provider has a key, or the default has no key', async () => {
    await expect(LanguageModel.run(ask({ model: [] }), testContext())).rejects.toThrow(/no default model set.*Settings → Model Providers.*\/api\/v1\/models\/default_model/);
    await expect(LanguageModel.run(ask({ model: [] }), testContext({ models: settings('Anthropic', 'claude-opus-4-1') }))).rejects.toThrow(
      'The default model (Anthropic claude-opus-4-1, from the model-provider settings) has no API key: set the ANTHROPIC_API_KEY Credential variable',
    );
  });
});
