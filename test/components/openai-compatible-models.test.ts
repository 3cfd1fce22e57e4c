/**
 * The OpenAI-compatible model components (Groq, DeepSeek, xAI, OpenRouter, LM Studio, NVIDIA,
 * Mistral, vLLM), each against the fake OpenAI served at that provider's own API path: the request
 * goes to the base URL the configuration gives (settings, else the environment; the node left at
 * Langflow's default address), with the key of the provider's Credential variable; streaming; tool
 * calling for the Agent; structured output; errors a user can act on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import DeepSeek from '../../server/components/deepseek-model.js';
import Groq from '../../server/components/groq-model.js';
import LMStudio from '../../server/components/lmstudio-model.js';
import Mistral from '../../server/components/mistral-model.js';
import NVIDIA from '../../server/components/nvidia-model.js';
import OpenRouter from '../../server/components/openrouter.js';
import StructuredOutput from '../../server/components/structured-output.js';
import VLLM from '../../server/components/vllm-model.js';
import XAI from '../../server/components/xai-model.js';
import type { ComponentDefinition } from '../../server/engine/define-component.js';
import type { LanguageModelDescriptor } from '../../server/engine/language-model.js';
import { TextStream } from '../../server/engine/text-stream.js';
import { makeData } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { EMPTY_MODEL_SETTINGS, type ModelProviderName } from '../../shared/model-providers.js';
import { agentWithCalculator, calculatingTurn } from '../support/agent-tool.js';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../support/fake-openai.js';
import { testContext } from '../engine/support.js';

interface Case {
  component: ComponentDefinition;
  type: string;
  provider: ModelProviderName;
  /** The API path under the configured base URL. */
  path: string;
  /** The base URL the configuration gives, relative to the fake's origin. */
  configured: string;
  variable: string | null;
  env: string;
  model: string;
  /** Langflow's default address, left in the node's base URL field (the configuration then decides). */
  field?: [string, string];
}

const CASES: Case[] = [
  { component: Groq, type: 'GroqModel', provider: 'Groq', path: '/openai/v1', configured: '', variable: 'GROQ_API_KEY', env: 'GROQ_BASE_URL', model: 'llama-3.1-8b-instant', field: ['base_url', 'https://api.groq.com'] },
  { component: DeepSeek, type: 'DeepSeekModelComponent', provider: 'DeepSeek', path: '', configured: '', variable: 'DEEPSEEK_API_KEY', env: 'DEEPSEEK_BASE_URL', model: 'deepseek-chat', field: ['api_base', 'https://api.deepseek.com'] },
  { component: XAI, type: 'xAIModel', provider: 'xAI', path: '/v1', configured: '/v1', variable: 'XAI_API_KEY', env: 'XAI_BASE_URL', model: 'grok-2-latest', field: ['base_url', 'https://api.x.ai/v1'] },
  { component: OpenRouter, type: 'OpenRouterComponent', provider: 'OpenRouter', path: '/api/v1', configured: '/api/v1', variable: 'OPENROUTER_API_KEY', env: 'OPENROUTER_BASE_URL', model: 'openai/gpt-4o-mini' },
  { component: LMStudio, type: 'LMStudioModel', provider: 'LM Studio', path: '/v1', configured: '/v1', variable: null, env: 'LMSTUDIO_BASE_URL', model: 'qwen2.5-7b-instruct', field: ['base_url', 'http://localhost:1234/v1'] },
  { component: NVIDIA, type: 'NVIDIAModelComponent', provider: 'NVIDIA', path: '/v1', configured: '/v1', variable: 'NVIDIA_API_KEY', env: 'NVIDIA_BASE_URL', model: 'meta/llama-3.1-8b-instruct', field: ['base_url', 'https://integrate.api.nvidia.com/v1'] },
  { component: Mistral, type: 'MistralModel', provider: 'Mistral', path: '/v1', configured: '/v1', variable: 'MISTRAL_API_KEY', env: 'MISTRAL_BASE_URL', model: 'mistral-small-latest' },
  // vLLM's component accepts http://host:port and adds /v1, as Langflow's does.
  { component: VLLM, type: 'vLLMModel', provider: 'vLLM', path: '/v1', configured: '', variable: null, env: 'VLLM_BASE_URL', model: 'granite-3.1-8b', field: ['api_base', 'http://localhost:8000/v1'] },
];

const fakes: FakeOpenAI[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fakeFor(c: Case, options: FakeOpenAIOptions = {}) {
  const fake = await startFakeOpenAI({ reply: `from ${c.provider}`, basePath: c.path, ...options });
  fakes.push(fake);
  return fake;
}

const defaultsOf = (c: Case) => Object.fromEntries(c.component.fields.map((f) => [f.name, f.default]));
const nodeInputs = (c: Case, extra: Record<string, unknown> = {}) => ({ ...defaultsOf(c), model_name: c.model, input_value: 'hello', system_message: 'be brief', ...extra });
const key = (c: Case) => `key-for-${c.provider}`;
/** The provider's key as its Credential variable, and its base URL in Settings → Model Providers. */
const viaSettings = (c: Case, fake: FakeOpenAI, extra: Parameters<typeof testContext>[0] = {}) =>
  testContext({
    variables: { get: async (name: string) => (name === c.variable ? key(c) : undefined) },
    models: { ...EMPTY_MODEL_SETTINGS, providers: { [c.provider]: { base_url: fake.url + c.configured, enabled_models: [], disabled_models: [] } } },
    ...extra,
  });

describe.each(CASES)('$type', (c) => {
  it("keeps Langflow's type key and outputs, and leaves the address to the configuration", () => {
    expect(c.component.type).toBe(c.type);
    expect(c.component.outputs.map((o) => o.name)).toEqual(['text_output', 'model_output']);
    expect(c.component.fields.slice(0, 3).map((f) => f.name)).toEqual(['input_value', 'system_message', 'stream']);
    const apiKey = c.component.fields.find((f) => f.name === 'api_key');
    expect(apiKey).toMatchObject({ kind: 'secret', load_from_db: true });
    if (c.field) expect(c.component.fields.find((f) => f.name === c.field![0])).toMatchObject({ default: c.field[1], sends_secret: 'api_key' });
  });

  it("asks the settings' base URL with the key of the provider's Credential variable", async () => {
    const fake = await fakeFor(c);
    const { text_output, model_output } = await c.component.run(nodeInputs(c), viaSettings(c, fake));
    expect((text_output as Message).text).toBe(`from ${c.provider}`);
    const [request] = fake.requests;
    expect(request?.path).toBe(`${c.path}/chat/completions`);
    expect(request?.headers.authorization).toEqual(c.variable ? `Bearer ${key(c)}` : expect.stringMatching(/^Bearer (lm-studio|EMPTY)$/));
    expect(request?.body).toMatchObject({ model: c.model, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello' }] });
    expect(model_output).toMatchObject({ provider: 'openai', label: c.provider, model: c.model });
    expect(JSON.stringify(model_output)).not.toContain(key(c));
  });

  it('reads the key and base URL from the environment too, and streams', async () => {
    const fake = await fakeFor(c, { chunks: ['from ', c.provider] });
    const env = { [c.env]: fake.url + c.configured, ...(c.variable ? { [c.variable]: 'env-key' } : {}) };
    const { text_output } = await c.component.run(nodeInputs(c, { stream: true }), testContext({ env }));
    expect(text_output).toBeInstanceOf(TextStream);
    expect(await (text_output as TextStream).text()).toBe(`from ${c.provider}`);
    expect(fake.requests[0]?.body.stream).toBe(true);
    if (c.variable) expect(fake.requests[0]?.headers.authorization).toBe('Bearer env-key');
  });

  it("says the key was refused on the provider's 401, naming the provider", async () => {
    const fake = await fakeFor(c, { keys: ['the-right-key'] });
    await expect(c.component.run(nodeInputs(c, { api_key: 'a-wrong-key' }), viaSettings(c, fake))).rejects.toThrow(
      new RegExp(`^${c.provider} API error 401 Incorrect API key provided.*\\(${c.provider} refused the API key`),
    );
  });

  // Keyless providers (LM Studio, vLLM) have no such case: a key is never asked of them.
  if (c.variable !== null) {
    it('without a key, names the Credential variable to create and asks nothing', async () => {
      const fake = await fakeFor(c);
      await expect(c.component.run(nodeInputs(c), testContext({ env: { [c.env]: fake.url + c.configured } }))).rejects.toThrow(
        `No ${c.provider} API key: set the node's API key field, or create the ${c.variable} Credential variable`,
      );
      expect(fake.requests).toEqual([]);
    });
  }

  it('drives an Agent through tool calls, and Structured Output through the forced tool', async () => {
    const fake = await fakeFor(c, { respond: calculatingTurn, structured: () => ({ objects: [{ name: 'Ann' }] }) });
    const { model_output } = await c.component.run(nodeInputs(c), viaSettings(c, fake, { wanted: ['model_output'] }));
    expect(await agentWithCalculator(model_output)).toBe('The answer is 42.');
    expect(fake.requests.every((r) => r.path === `${c.path}/chat/completions`)).toBe(true);

    const soDefaults = Object.fromEntries(StructuredOutput.fields.map((f) => [f.name, f.default]));
    const schema = [{ name: 'name', description: 'Full name', type: 'str', multiple: 'False' }];
    const out = await StructuredOutput.run({ ...soDefaults, llm: model_output as LanguageModelDescriptor, input_value: 'Ann is 31.', output_schema: schema }, testContext());
    expect(out.structured_output).toEqual(makeData({ name: 'Ann' }));
  });
});


describe('provider specifics', () => {
  it("OpenRouter sends its attribution headers and refuses Langflow's unloaded model placeholder", async () => {
    const c = CASES.find((x) => x.provider === 'OpenRouter')!;
    const fake = await fakeFor(c);
    await OpenRouter.run(nodeInputs(c, { site_url: 'https://example.org', app_name: 'Flowdesk test' }), viaSettings(c, fake));
    expect(fake.requests[0]?.headers).toMatchObject({ 'http-referer': 'https://example.org', 'x-title': 'Flowdesk test' });
    await expect(OpenRouter.run(nodeInputs(c, { model_name: 'Loading...' }), viaSettings(c, fake))).rejects.toThrow('Please select a model');
  });

  it('a node that names its own address is asked there, the configuration aside', async () => {
    const c = CASES.find((x) => x.provider === 'xAI')!;
    const own = await fakeFor(c);
    const configured = await fakeFor(c);
    await XAI.run(nodeInputs(c, { base_url: own.baseURL, api_key: 'field-key' }), viaSettings(c, configured));
    expect(own.requests).toHaveLength(1);
    expect(own.requests[0]?.headers.authorization).toBe('Bearer field-key');
    expect(configured.requests).toEqual([]);
  });

  it("DeepSeek's JSON mode and model kwargs reach the body; Mistral streams without stream_options", async () => {
    const deepseek = CASES.find((x) => x.provider === 'DeepSeek')!;
    const fake = await fakeFor(deepseek);
    await DeepSeek.run(nodeInputs(deepseek, { json_mode: true, model_kwargs: { top_p: 0.5 } }), viaSettings(deepseek, fake));
    expect(fake.requests[0]?.body).toMatchObject({ response_format: { type: 'json_object' }, top_p: 0.5, seed: 1, temperature: 1 });
    const mistral = CASES.find((x) => x.provider === 'Mistral')!;
    const mfake = await fakeFor(mistral);
    const { text_output } = await Mistral.run(nodeInputs(mistral, { stream: true }), viaSettings(mistral, mfake));
    await (text_output as TextStream).text();
    expect(mfake.requests[0]?.body).not.toHaveProperty('stream_options');
    expect(mfake.requests[0]?.body).toMatchObject({ random_seed: 1, top_p: 1 });
  });

  it("vLLM picks the server's model when none is named, by Model Name Pattern when given", async () => {
    const c = CASES.find((x) => x.provider === 'vLLM')!;
    const fake = await fakeFor(c);
    await VLLM.run(nodeInputs(c, { model_name: '', model_name_pattern: '4o$' }), viaSettings(c, fake));
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models', 'POST /v1/chat/completions']);
    expect(fake.requests[1]?.body.model).toBe('gpt-4o');
  });

  it("says so when the provider answers that a rate limit or quota was reached (429)", async () => {
    const c = CASES.find((x) => x.provider === 'DeepSeek')!;
    const fake = await fakeFor(c, { error: { status: 429, message: 'Rate limit reached for requests', type: 'rate_limit_error' } });
    await expect(DeepSeek.run(nodeInputs(c, { stream: true }), viaSettings(c, fake))).rejects.toThrow(
      "DeepSeek API error 429 Rate limit reached for requests (DeepSeek's rate limit or quota was reached: wait, or check the plan)",
    );
  });

  it('a timeout names the provider, its address and how long it waited', async () => {
    const c = CASES.find((x) => x.provider === 'Mistral')!;
    const fake = await fakeFor(c, { delayMs: 3000 });
    await expect(Mistral.run(nodeInputs(c, { timeout: 1 }), viaSettings(c, fake))).rejects.toThrow(`Mistral request to ${fake.baseURL} timed out after 1 s`);
  });

  it("an Agent's {model_name} is the connected model's LangChain class, as Langflow names it", async () => {
    const c = CASES.find((x) => x.provider === 'Groq')!;
    const fake = await fakeFor(c);
    const { model_output } = await Groq.run(nodeInputs(c), viaSettings(c, fake, { wanted: ['model_output'] }));
    const agentDefaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
    await Agent.run({ ...agentDefaults, agent_llm: model_output, system_prompt: 'You are {model_name}.', input_value: 'hi', add_current_date_tool: false }, testContext());
    expect((fake.requests[0]?.body.messages as { content: string }[])[0]?.content).toBe('You are ChatGroq.');
  });

  it('NVIDIA Detailed Thinking prefixes the system message as Langflow does', async () => {
    const c = CASES.find((x) => x.provider === 'NVIDIA')!;
    const fake = await fakeFor(c);
    await NVIDIA.run(nodeInputs(c, { detailed_thinking: true }), viaSettings(c, fake));
    expect((fake.requests[0]?.body.messages as { content: string }[])[0]?.content).toBe('detailed thinking on\n\nbe brief');
  });
});
