/** IBM watsonx.ai against a local IAM and watsonx.ai chat API: the token exchange, the request's shape, streaming, an Agent's tool calls, Structured Output, and errors. */
import { afterEach, describe, expect, it } from 'vitest';
import StructuredOutput from '../../server/components/structured-output.js';
import Watsonx from '../../server/components/ibm-watsonx-model.js';
import type { LanguageModelDescriptor } from '../../server/engine/language-model.js';
import { TextStream } from '../../server/engine/text-stream.js';
import { makeData } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { isProtectedField } from '../../shared/tweak-policy.js';
import { agentWithCalculator, calculatingTurn } from '../support/agent-tool.js';
import { startFakeWatsonx, type FakeWatsonx, type FakeWatsonxOptions } from '../support/fake-watsonx.js';
import { testContext } from '../engine/support.js';

const KEY = 'ibm-cloud-key';
const fakes: FakeWatsonx[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});
const start = async (options: Partial<FakeWatsonxOptions> = {}) => {
  const fake = await startFakeWatsonx({ apiKey: KEY, ...options });
  fakes.push(fake);
  return fake;
};
const defaults = Object.fromEntries(Watsonx.fields.map((f) => [f.name, f.default]));
const inputs = (fake: FakeWatsonx, extra: Record<string, unknown> = {}) => ({ ...defaults, base_url: fake.url, project_id: 'proj-1', api_key: KEY, input_value: 'Hello', ...extra });
const context = (fake: FakeWatsonx, extra: Parameters<typeof testContext>[0] = {}) => testContext({ env: { WATSONX_IAM_URL: fake.url }, ...extra });

describe('IBM watsonx.ai', () => {
  it("exchanges the key for an IAM token and asks watsonx.ai's chat API with Langflow's parameters", async () => {
    const fake = await start({ reply: 'Hello from granite' });
    const out = await Watsonx.run(inputs(fake, { system_message: 'Be brief.', stop_sequence: 'END', logit_bias: '{"1003": -100}' }), context(fake));
    expect((out.text_output as Message).text).toBe('Hello from granite');
    expect((out.model_output as LanguageModelDescriptor).provider).toBe('watsonx');
    const request = fake.requests[0]!;
    expect(request.path).toBe('/ml/v1/text/chat');
    expect(request.query).toBe('version=2024-10-08');
    expect(request.authorization).toBe('Bearer iam-token-1');
    expect(request.body).toMatchObject({
      model_id: 'ibm/granite-3-2b-instruct',
      project_id: 'proj-1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
      max_tokens: 1000,
      temperature: 0.1,
      top_p: 0.9,
      frequency_penalty: 0.5,
      presence_penalty: 0.3,
      seed: 8,
      stop: ['END'],
      logprobs: true,
      top_logprobs: 3,
      logit_bias: { '1003': -100 },
      time_limit: 600000,
    });
    expect(request.body).not.toHaveProperty('model');
    // The token is kept for the next call.
    await Watsonx.run(inputs(fake), context(fake));
    expect(fake.tokensIssued()).toBe(1);
  });

  it('streams from chat_stream, with the key from WATSONX_APIKEY', async () => {
    const fake = await start({ chunks: ['from ', 'watsonx'] });
    const { text_output } = await Watsonx.run(inputs(fake, { api_key: '', stream: true }), context(fake, { variables: { get: async (name) => (name === 'WATSONX_APIKEY' ? KEY : undefined) } }));
    expect(text_output).toBeInstanceOf(TextStream);
    expect(await (text_output as TextStream).text()).toBe('from watsonx');
    expect(fake.requests[0]!.path).toBe('/ml/v1/text/chat_stream');
  });

  it('drives an Agent through tool calls, and Structured Output through the forced tool', async () => {
    const fake = await start({ respond: calculatingTurn, structured: () => ({ objects: [{ name: 'Ann' }] }) });
    const { model_output } = await Watsonx.run(inputs(fake), context(fake, { wanted: ['model_output'] }));
    expect(await agentWithCalculator(model_output)).toBe('The answer is 42.');
    expect(fake.requests[0]!.body.tools).toEqual([expect.objectContaining({ type: 'function', function: expect.objectContaining({ name: 'evaluate_expression' }) })]);
    expect(fake.requests[1]!.body.messages.at(-1)).toMatchObject({ role: 'tool', content: '42' });

    const soDefaults = Object.fromEntries(StructuredOutput.fields.map((f) => [f.name, f.default]));
    const schema = [{ name: 'name', description: 'Full name', type: 'str', multiple: 'False' }];
    const out = await StructuredOutput.run({ ...soDefaults, llm: model_output as LanguageModelDescriptor, input_value: 'Ann is 31.', output_schema: schema }, testContext());
    expect(out.structured_output).toEqual(makeData({ name: 'Ann' }));
  });

  it('says what to do: no key, a key IAM refuses, a rate limit, no endpoint or project; the endpoint is kept from tweaks while the key is stored', async () => {
    const fake = await start({ failWith: () => failure });
    let failure: { status: number; code: string; message: string } | undefined;
    await expect(Watsonx.run(inputs(fake, { api_key: '' }), context(fake))).rejects.toThrow("No IBM watsonx.ai API key: set the node's API key field, or create the WATSONX_APIKEY Credential variable");
    await expect(Watsonx.run(inputs(fake, { api_key: 'wrong' }), context(fake))).rejects.toThrow(
      /^IBM watsonx\.ai API error 401 IBM Cloud IAM did not accept the API key: Provided API key could not be found\..*refused the API key/,
    );
    failure = { status: 429, code: 'too_many_requests', message: 'Rate limit exceeded for the plan' };
    await expect(Watsonx.run(inputs(fake), context(fake))).rejects.toThrow(/^IBM watsonx\.ai API error 429 Rate limit exceeded for the plan \(IBM watsonx\.ai's rate limit or quota was reached/);
    failure = undefined;
    await expect(Watsonx.run(inputs(fake, { base_url: '' }), context(fake))).rejects.toThrow('IBM watsonx.ai needs an endpoint');
    await expect(Watsonx.run(inputs(fake, { project_id: '' }), context(fake))).rejects.toThrow('IBM watsonx.ai needs a project');

    const field = Watsonx.fields.find((f) => f.name === 'base_url')!;
    expect(isProtectedField(field, { values: { api_key: '' }, globals: { api_key: 'WATSONX_APIKEY' }, apiEditable: [] })).toBe(true);
    expect(isProtectedField(field, { values: { api_key: 'typed' }, globals: {}, apiEditable: [] })).toBe(false);
  });
});
