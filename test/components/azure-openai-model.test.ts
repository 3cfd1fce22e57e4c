/**
 * Azure OpenAI (`AzureOpenAIModel`) through the `openai` package's AzureOpenAI class, against the
 * fake OpenAI speaking Azure's variant: `/openai/deployments/{deployment}/chat/completions`, the
 * `api-version` query, the key in `api-key`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import AzureOpenAI from '../../server/components/azure-openai-model.js';
import type { TextStream } from '../../server/engine/text-stream.js';
import type { Message } from '../../shared/message.js';
import { EMPTY_MODEL_SETTINGS } from '../../shared/model-providers.js';
import { agentWithCalculator, calculatingTurn } from '../support/agent-tool.js';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../support/fake-openai.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(AzureOpenAI.fields.map((f) => [f.name, f.default]));
const fakes: FakeOpenAI[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});
async function start(options: FakeOpenAIOptions = {}) {
  const fake = await startFakeOpenAI({ reply: 'from azure', azure: true, ...options });
  fakes.push(fake);
  return fake;
}
const inputs = (extra: Record<string, unknown> = {}) => ({ ...defaults, azure_deployment: 'my-gpt4o', input_value: 'hello', system_message: 'be brief', ...extra });
const keyVariable = { get: async (name: string) => (name === 'AZURE_OPENAI_API_KEY' ? 'azure-key' : undefined) };

describe('AzureOpenAIModel', () => {
  it("keeps Langflow's fields: endpoint, deployment, key, API version (newest stable by default)", () => {
    expect(AzureOpenAI.type).toBe('AzureOpenAIModel');
    expect(AzureOpenAI.fields.map((f) => f.name)).toEqual(['input_value', 'system_message', 'stream', 'azure_endpoint', 'azure_deployment', 'api_key', 'api_version', 'temperature', 'max_tokens']);
    expect(defaults.api_version).toBe('2024-06-01');
    expect(AzureOpenAI.fields.find((f) => f.name === 'azure_endpoint')?.sends_secret).toBe('api_key');
  });

  it("asks the endpoint's deployment with the api-key header and api-version, the key from AZURE_OPENAI_API_KEY", async () => {
    const fake = await start();
    const { text_output, model_output } = await AzureOpenAI.run(inputs({ azure_endpoint: fake.url, max_tokens: 50 }), testContext({ variables: keyVariable }));
    expect((text_output as Message).text).toBe('from azure');
    const [request] = fake.requests;
    expect(request?.path).toBe('/openai/deployments/my-gpt4o/chat/completions?api-version=2024-06-01');
    expect(request?.headers['api-key']).toBe('azure-key');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toMatchObject({ temperature: 1, max_tokens: 50, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello' }] });
    expect(model_output).toMatchObject({ provider: 'azure', model: 'my-gpt4o' });
  });

  it('takes the endpoint from the settings, else AZURE_OPENAI_ENDPOINT, and streams', async () => {
    const fake = await start({ chunks: ['from ', 'azure'] });
    const models = { ...EMPTY_MODEL_SETTINGS, providers: { 'Azure OpenAI': { base_url: fake.url, enabled_models: [], disabled_models: [] } } };
    const { text_output } = await AzureOpenAI.run(inputs({ stream: true, api_version: '2025-01-01-preview' }), testContext({ variables: keyVariable, models }));
    expect(await (text_output as TextStream).text()).toBe('from azure');
    expect(fake.requests[0]?.path).toBe('/openai/deployments/my-gpt4o/chat/completions?api-version=2025-01-01-preview');
    await AzureOpenAI.run(inputs(), testContext({ env: { AZURE_OPENAI_ENDPOINT: fake.url, AZURE_OPENAI_API_KEY: 'env-key' } }));
    expect(fake.requests[1]?.headers['api-key']).toBe('env-key');
  });

  it('drives an Agent through tool calls on the deployment', async () => {
    const fake = await start({ respond: calculatingTurn });
    const { model_output } = await AzureOpenAI.run(inputs({ azure_endpoint: fake.url }), testContext({ variables: keyVariable, wanted: ['model_output'] }));
    expect(await agentWithCalculator(model_output)).toBe('The answer is 42.');
    expect(fake.requests).toHaveLength(2);
  });

  it('fails naming what is missing (endpoint, deployment, key) and what a refused key means', async () => {
    await expect(AzureOpenAI.run(inputs(), testContext({ variables: keyVariable }))).rejects.toThrow('No Azure endpoint: set Azure Endpoint');
    await expect(AzureOpenAI.run(inputs({ azure_endpoint: 'http://127.0.0.1:9', azure_deployment: '' }), testContext({ variables: keyVariable }))).rejects.toThrow('No Azure deployment');
    await expect(AzureOpenAI.run(inputs({ azure_endpoint: 'http://127.0.0.1:9' }), testContext())).rejects.toThrow('create the AZURE_OPENAI_API_KEY Credential variable');
    const fake = await start({ keys: ['right'] });
    await expect(AzureOpenAI.run(inputs({ azure_endpoint: fake.url }), testContext({ variables: keyVariable }))).rejects.toThrow(/^Azure OpenAI API error 401 .*Azure OpenAI refused the API key/);
  });
});

