/**
 * Google Generative AI (`GoogleGenerativeAIModel`, and "Google Generative AI" in the Language Model,
 * Agent and Structured Output lists) through `@google/genai`, against the fake Gemini REST API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import GoogleGenerativeAI from '../../server/components/google-generative-ai-model.js';
import LanguageModel from '../../server/components/language-model.js';
import StructuredOutput from '../../server/components/structured-output.js';
import type { TextStream } from '../../server/engine/text-stream.js';
import { makeData } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { EMPTY_MODEL_SETTINGS } from '../../shared/model-providers.js';
import { agentWithCalculator } from '../support/agent-tool.js';
import { startFakeGemini, type FakeGemini, type FakeGeminiOptions } from '../support/fake-gemini.js';
import type { FakeTurn } from '../support/fake-provider.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(GoogleGenerativeAI.fields.map((f) => [f.name, f.default]));
const fakes: FakeGemini[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});
async function start(options: FakeGeminiOptions = {}) {
  const fake = await startFakeGemini({ reply: 'from gemini', ...options });
  fakes.push(fake);
  return fake;
}
const inputs = (extra: Record<string, unknown> = {}) => ({ ...defaults, input_value: 'hello', system_message: 'be brief', ...extra });
const env = (fake: FakeGemini) => ({ GOOGLE_GEMINI_BASE_URL: fake.url, GOOGLE_API_KEY: 'env-key' });

interface GeminiContent {
  role: string;
  parts: { text?: string; functionCall?: { name: string }; functionResponse?: { name: string; response: { output?: string } }; thoughtSignature?: string }[];
}

/** Gemini's side of a calculator call: a functionCall, then text with the functionResponse's output. */
function calculating(body: Record<string, unknown>): FakeTurn {
  const last = (body.contents as GeminiContent[]).at(-1)!;
  const result = last.parts.find((p) => p.functionResponse)?.functionResponse;
  if (result) return { text: `The answer is ${result.response.output}.` };
  return { toolCalls: [{ name: 'evaluate_expression', arguments: { expression: '6*7' } }] };
}

describe('GoogleGenerativeAIModel', () => {
  it("keeps Langflow's type key and fields", () => {
    expect(GoogleGenerativeAI.type).toBe('GoogleGenerativeAIModel');
    expect(GoogleGenerativeAI.fields.map((f) => f.name)).toEqual([
      'input_value', 'system_message', 'stream', 'max_output_tokens', 'model_name', 'api_key', 'top_p', 'temperature', 'n', 'top_k', 'tool_model_enabled',
    ]);
    expect(defaults.model_name).toBe('gemini-1.5-pro');
  });

  it("calls generateContent at the settings' address with the key of GOOGLE_API_KEY, and reports usage", async () => {
    const fake = await start();
    const models = { ...EMPTY_MODEL_SETTINGS, providers: { 'Google Generative AI': { base_url: fake.url, enabled_models: [], disabled_models: [] } } };
    const variables = { get: async (name: string) => (name === 'GOOGLE_API_KEY' ? 'var-key' : undefined) };
    const { text_output } = await GoogleGenerativeAI.run(inputs({ model_name: 'gemini-2.0-flash', max_output_tokens: 64, top_k: 5 }), testContext({ models, variables }));
    expect((text_output as Message).text).toBe('from gemini');
    expect((text_output as Message).properties.usage).toEqual({ input_tokens: 9, output_tokens: 2, total_tokens: 11 });
    const [request] = fake.requests;
    expect(request?.path).toBe('/v1beta/models/gemini-2.0-flash:generateContent');
    expect(request?.headers['x-goog-api-key']).toBe('var-key');
    expect(request?.body).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'hello' }] }],
      systemInstruction: { parts: [{ text: 'be brief' }] },
      generationConfig: { temperature: 0.1, maxOutputTokens: 64, topK: 5 },
    });
  });

  it('streams through streamGenerateContent?alt=sse, tokens arriving while Gemini is still answering', async () => {
    const fake = await start({ chunks: ['from ', 'gem', 'ini'], holdAfterChunks: 1 });
    const { text_output } = await GoogleGenerativeAI.run(inputs({ stream: true }), testContext({ env: env(fake) }));
    const stream = text_output as TextStream;
    expect(await stream[Symbol.asyncIterator]().next()).toEqual({ value: 'from ', done: false });
    expect(fake.requests[0]?.path).toBe('/v1beta/models/gemini-1.5-pro:streamGenerateContent?alt=sse');
    fake.release();
    expect(await stream.text()).toBe('from gemini');
    expect(stream.usage).toEqual({ input_tokens: 9, output_tokens: 3, total_tokens: 12 });
  });

  it('cancels the Gemini request when the run is aborted', async () => {
    const fake = await start({ chunks: ['a', 'b'], holdAfterChunks: 1 });
    const controller = new AbortController();
    const { text_output } = await GoogleGenerativeAI.run(inputs({ stream: true }), testContext({ env: env(fake), signal: controller.signal }));
    const stream = text_output as TextStream;
    expect(await stream[Symbol.asyncIterator]().next()).toEqual({ value: 'a', done: false });
    const aborted = fake.nextAbort();
    controller.abort();
    await aborted;
    expect(fake.abortedCount).toBe(1);
    await expect(stream.text()).rejects.toThrow();
  });

  it('a timeout names the service, the address and how long it waited', async () => {
    const fake = await start({ chunks: ['a', 'b'], holdAfterChunks: 1 });
    const { text_output } = await GoogleGenerativeAI.run(inputs({ stream: true, timeout: 1 }), testContext({ env: env(fake) }));
    await expect((text_output as TextStream).text()).rejects.toThrow(`Google Generative AI request to ${fake.url} timed out after 1 s`);
  });

  it('drives an Agent through function calls, giving back each call with its thought signature', async () => {
    const fake = await start({ respond: calculating });
    const { model_output } = await GoogleGenerativeAI.run(inputs(), testContext({ env: env(fake), wanted: ['model_output'] }));
    expect(await agentWithCalculator(model_output)).toBe('The answer is 42.');
    const [first, second] = fake.requests;
    expect((first?.body.tools as { functionDeclarations: { name: string; parametersJsonSchema: unknown }[] }[])[0]?.functionDeclarations[0]).toMatchObject({
      name: 'evaluate_expression',
      parametersJsonSchema: expect.objectContaining({ required: ['expression'] }),
    });
    const contents = second?.body.contents as GeminiContent[];
    expect(contents.map((c) => c.role)).toEqual(['user', 'model', 'user']);
    expect(contents[1]?.parts[0]).toMatchObject({ functionCall: { name: 'evaluate_expression' }, thoughtSignature: 'sig-evaluate_expression' });
    expect(contents[2]?.parts[0]?.functionResponse).toMatchObject({ name: 'evaluate_expression', response: { output: '42' } });
    // Gemini gave the call no id: none is made up for it (it matches the result by name).
    expect(contents[1]?.parts[0]?.functionCall).not.toHaveProperty('id');
    expect(contents[2]?.parts[0]?.functionResponse).not.toHaveProperty('id');
  });

  it('answers Structured Output with JSON of the schema, and is a Language Model provider', async () => {
    const fake = await start({ structured: () => ({ objects: [{ name: 'Ann' }] }) });
    const soDefaults = Object.fromEntries(StructuredOutput.fields.map((f) => [f.name, f.default]));
    const schema = [{ name: 'name', description: 'Full name', type: 'str', multiple: 'False' }];
    const out = await StructuredOutput.run(
      { ...soDefaults, model: [{ name: 'gemini-2.0-flash', provider: 'Google Generative AI' }], input_value: 'Ann is 31.', output_schema: schema },
      testContext({ env: env(fake) }),
    );
    expect(out.structured_output).toEqual(makeData({ name: 'Ann' }));
    expect(fake.requests[0]?.body.generationConfig).toMatchObject({ responseMimeType: 'application/json', responseJsonSchema: expect.objectContaining({ type: 'object' }) });

    const lmDefaults = Object.fromEntries(LanguageModel.fields.map((f) => [f.name, f.default]));
    expect(LanguageModel.fields.find((f) => f.name === 'provider')?.options).toEqual(['OpenAI', 'Anthropic', 'Google Generative AI', 'Ollama']);
    const lm = await LanguageModel.run({ ...lmDefaults, provider: 'Google Generative AI', input_value: 'hi' }, testContext({ env: env(fake) }));
    expect((lm.text_output as Message).text).toBe('from gemini');
    expect(fake.requests[1]?.path).toBe('/v1beta/models/gemini-1.5-pro:generateContent');

    // Langflow 1.5–1.6's Language Model called it "Google".
    const older = await LanguageModel.run({ ...lmDefaults, provider: 'Google', model_name: 'gemini-1.5-flash', input_value: 'hi' }, testContext({ env: env(fake) }));
    expect((older.text_output as Message).text).toBe('from gemini');

    const agentDefaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
    expect(Agent.fields.find((f) => f.name === 'agent_llm')?.options).toContain('Google Generative AI');
    const agent = await Agent.run({ ...agentDefaults, agent_llm: 'Google Generative AI', model_name: 'gemini-2.5-flash', input_value: 'hi', add_current_date_tool: false }, testContext({ env: env(fake) }));
    expect((agent.response as Message).text).toBe('from gemini');
    expect(fake.requests[3]?.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
  });

  it('fails saying what to do: a missing key, a refused key, an exhausted quota, an unreachable server', async () => {
    await expect(GoogleGenerativeAI.run(inputs(), testContext())).rejects.toThrow("No Google Generative AI API key: set the node's API key field, or create the GOOGLE_API_KEY Credential variable");
    const guarded = await start({ keys: ['right'] });
    await expect(GoogleGenerativeAI.run(inputs(), testContext({ env: env(guarded) }))).rejects.toThrow(
      /^Google Generative AI API error 400 INVALID_ARGUMENT: API key not valid\. .*\(Google Generative AI refused the API key/,
    );
    const exhausted = await start({ error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } });
    await expect(GoogleGenerativeAI.run(inputs({ stream: true }), testContext({ env: env(exhausted) }))).rejects.toThrow(/rate limit or quota was reached/);
    const gone = await start();
    await gone.close();
    await expect(GoogleGenerativeAI.run(inputs(), testContext({ env: env(gone) }))).rejects.toThrow(new RegExp(`^Could not reach ${gone.url.replaceAll('.', '\\.')}: .*ECONNREFUSED`));
  });
});
