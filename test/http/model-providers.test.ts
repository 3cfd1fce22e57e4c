/**
 * Model providers configured once (`/api/v1/models/…`, as Langflow 1.7+): the settings round trip
 * and its validation errors, and Langflow's Basic Prompting (`model: []`) run against the default
 * model: the fake OpenAI, then the fake Anthropic, each given the chosen model and the key of the
 * provider's Credential variable; with no default and no provider, the run says how to set one.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropicKey, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeGemini, type FakeGemini } from '../support/fake-gemini.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const STARTER = path.join(import.meta.dirname, '../../../shared/fixtures/langflow-starters/Basic Prompting.json');
const OPENAI_BASIC_PROMPTING = path.join(import.meta.dirname, '../fixtures/langflow/basic-prompting.json');

let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
let groq: FakeOpenAI;
let gemini: FakeGemini;
let server: SpawnedServer;
let flowId: string;

beforeAll(async () => {
  openai = await startFakeOpenAI({ reply: 'from the fake openai' });
  anthropic = await startFakeAnthropic({ reply: 'from the fake anthropic' });
  groq = await startFakeOpenAI({ reply: 'from the fake groq', basePath: '/openai/v1' });
  gemini = await startFakeGemini({ reply: 'from the fake gemini' });
  // No keys in the environment: only the settings make a provider usable.
  server = await spawnServer({ env: { OPENAI_BASE_URL: 'http://127.0.0.1:9', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } });
  const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: JSON.parse(readFileSync(STARTER, 'utf8')) });
  expect(uploaded.status).toBe(201);
  flowId = (Array.isArray(uploaded.body) ? uploaded.body[0] : uploaded.body).id;
});
afterAll(async () => {
  await server?.stop();
  await openai?.close();
  await anthropic?.close();
  await groq?.close();
  await gemini?.close();
});

const run = () => request(server.url, 'POST', `/api/v1/run/${flowId}`, { json: { input_value: 'hello there' } });

describe('with nothing configured', () => {
  it('lists the providers, none enabled, no default', async () => {
    const providers = ['OpenAI', 'Anthropic', 'Google Generative AI', 'Ollama', 'Groq', 'DeepSeek', 'xAI', 'OpenRouter', 'LM Studio', 'NVIDIA', 'Mistral', 'vLLM', 'Azure OpenAI'];
    expect((await request(server.url, 'GET', '/api/v1/models/providers')).body).toEqual(providers);
    expect((await request(server.url, 'GET', '/api/v1/models/provider-variable-mapping')).body).toMatchObject({
      OpenAI: 'OPENAI_API_KEY',
      Anthropic: 'ANTHROPIC_API_KEY',
      'Google Generative AI': 'GOOGLE_API_KEY',
      Groq: 'GROQ_API_KEY',
      'Azure OpenAI': 'AZURE_OPENAI_API_KEY',
      'LM Studio': 'LMSTUDIO_BASE_URL',
    });
    expect((await request(server.url, 'GET', '/api/v1/models/enabled_providers')).body).toEqual({
      enabled_providers: [],
      provider_status: Object.fromEntries(providers.map((p) => [p, false])),
    });
    expect((await request(server.url, 'GET', '/api/v1/models/default_model')).body).toEqual({ default_model: null });
  });

  it('a starter with model: [] fails saying how to set a default model', async () => {
    const res = await run();
    expect(res.status).toBe(500);
    expect(res.body.detail).toMatch(/No language model chosen on this node, no default model set and no model provider configured/);
    expect(res.body.detail).toContain('Settings → Model Providers');
    expect(res.body.detail).toContain('POST /api/v1/models/default_model');
  });
});

describe('the settings API', () => {
  it('refuses bad input with 422 issues naming the field', async () => {
    const bad = await request(server.url, 'POST', '/api/v1/models/default_model', { json: { provider: 'Google', model_name: ' ', model_type: 'vision' } });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((i: { loc: string[] }) => i.loc.join('.'))).toEqual(['body.provider', 'body.model_name', 'body.model_type']);
    expect(bad.body.detail[0].msg).toContain('Unknown model provider "Google"');
    expect((await request(server.url, 'POST', '/api/v1/models/default_model', { json: { provider: 'OpenAI' } })).status).toBe(422);
    expect((await request(server.url, 'GET', '/api/v1/models/default_model?model_type=vision')).status).toBe(422);
    const list = await request(server.url, 'POST', '/api/v1/models/enabled_models', { json: [{ provider: 'OpenAI', model_id: 'gpt-4o', enabled: 'yes' }] });
    expect(list.status).toBe(422);
    expect(list.body.detail[0].loc).toEqual(['body', 0, 'enabled']);
    expect((await request(server.url, 'POST', '/api/v1/models/enabled_models', { json: { provider: 'OpenAI' } })).status).toBe(422);
    const provider = await request(server.url, 'PATCH', '/api/v1/models/provider_settings/OpenAI', { json: { base_url: 'not a url', api_key: 42 } });
    expect(provider.status).toBe(422);
    expect((await request(server.url, 'PATCH', '/api/v1/models/provider_settings/Google', { json: {} })).status).toBe(400);
  });

  it('keeps keys as Credential variables (never returned) and base URLs, enabled models and the default in model-providers.json', async () => {
    const saved = await request(server.url, 'PATCH', '/api/v1/models/provider_settings/OpenAI', { json: { api_key: 'sk-settings-openai', base_url: openai.baseURL + '/' } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ provider: 'OpenAI', api_key_source: 'variable', base_url: openai.baseURL, is_enabled: true });
    expect(JSON.stringify(saved.body)).not.toContain('sk-settings-openai');
    const variable = (await request(server.url, 'GET', '/api/v1/variables/')).body.find((v: { name: string }) => v.name === 'OPENAI_API_KEY');
    expect(variable).toMatchObject({ type: 'Credential', value: null });

    const toggled = await request(server.url, 'POST', '/api/v1/models/enabled_models', {
      json: [
        { provider: 'OpenAI', model_id: 'gpt-4-turbo', enabled: false },
        { provider: 'OpenAI', model_id: 'my-local-model', enabled: true },
      ],
    });
    expect(toggled.body).toEqual({ disabled_models: ['gpt-4-turbo'], enabled_models: ['my-local-model'] });
    const enabled = (await request(server.url, 'GET', '/api/v1/models/enabled_models')).body.enabled_models;
    expect(enabled.OpenAI).toMatchObject({ 'gpt-4o-mini': true, 'gpt-4-turbo': false, 'my-local-model': true });
    expect(enabled.Anthropic['claude-sonnet-4-5']).toBe(false); // no key

    const chosen = await request(server.url, 'POST', '/api/v1/models/default_model', { json: { provider: 'OpenAI', model_name: 'gpt-4.1-mini', model_type: 'language' } });
    expect(chosen.body).toEqual({ default_model: { provider: 'OpenAI', model_name: 'gpt-4.1-mini', model_type: 'language' } });
    expect((await request(server.url, 'GET', '/api/v1/models/default_model?model_type=language')).body).toEqual(chosen.body);
    const models = (await request(server.url, 'GET', '/api/v1/models')).body;
    expect(models[0]).toMatchObject({ provider: 'OpenAI', is_enabled: true });

    const file = path.join(server.dataDir, 'model-providers.json');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('sk-settings-openai');
    expect(JSON.parse(text).settings.default_language_model.model_name).toBe('gpt-4.1-mini');
    expect(readFileSync(file + '.bak', 'utf8')).toBe(text);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('a starter with model: [] runs against the default model', () => {
  it('OpenAI as default: the fake gets the chosen model and the key of OPENAI_API_KEY', async () => {
    const before = openai.requests.length;
    const res = await run();
    expect(res.status).toBe(200);
    expect(res.body.outputs[0].outputs[0].results.message.text).toBe('from the fake openai');
    const sent = openai.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.model).toBe('gpt-4.1-mini');
    expect(sent[0]!.headers.authorization).toBe('Bearer sk-settings-openai');
  });

  it('Anthropic as default: the fake gets the chosen model and the key of ANTHROPIC_API_KEY', async () => {
    const noKey = await request(server.url, 'POST', '/api/v1/models/default_model', { json: { provider: 'Anthropic', model_name: 'claude-opus-4-1', model_type: 'language' } });
    expect(noKey.status).toBe(200);
    const refused = await run();
    expect(refused.status).toBe(500);
    expect(refused.body.detail).toContain('has no API key: set the ANTHROPIC_API_KEY Credential variable');

    const key = await request(server.url, 'POST', '/api/v1/variables/', { json: { name: 'ANTHROPIC_API_KEY', value: 'sk-ant-settings', type: 'Credential' } });
    expect(key.status).toBe(201);
    await request(server.url, 'PATCH', '/api/v1/models/provider_settings/Anthropic', { json: { base_url: anthropic.baseURL } });
    const before = anthropic.requests.length;
    const res = await run();
    expect(res.status).toBe(200);
    expect(res.body.outputs[0].outputs[0].results.message.text).toBe('from the fake anthropic');
    const sent = anthropic.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.model).toBe('claude-opus-4-1');
    expect(anthropicKey(sent[0]!.headers)).toBe('sk-ant-settings');
  });

  it('clearing the default falls back to the first provider with a key, and removing the key leaves none', async () => {
    expect((await request(server.url, 'DELETE', '/api/v1/models/default_model?model_type=language')).body).toEqual({ default_model: null });
    const before = openai.requests.length;
    expect((await run()).status).toBe(200);
    expect(openai.requests.slice(before)[0]!.body.model).toBe('gpt-4o-mini');
    for (const provider of ['OpenAI', 'Anthropic']) {
      const cleared = await request(server.url, 'PATCH', `/api/v1/models/provider_settings/${provider}`, { json: { api_key: null } });
      expect(cleared.body).toMatchObject({ api_key_source: null, is_enabled: false });
    }
    expect((await run()).body.detail).toMatch(/no default model set/);
  });
});

describe('providers beyond OpenAI and Anthropic, set up in the settings', () => {
  it("Groq as default: asked at the settings' address under /openai/v1 with the key given there (GROQ_API_KEY)", async () => {
    const saved = await request(server.url, 'PATCH', '/api/v1/models/provider_settings/Groq', { json: { api_key: 'gsk-settings', base_url: groq.url } });
    expect(saved.body).toMatchObject({ provider: 'Groq', variable_name: 'GROQ_API_KEY', api_key_source: 'variable', is_enabled: true, default_base_url: 'https://api.groq.com' });
    await request(server.url, 'POST', '/api/v1/models/default_model', { json: { provider: 'Groq', model_name: 'llama-3.3-70b-versatile', model_type: 'language' } });
    const res = await run();
    expect(res.status).toBe(200);
    expect(res.body.outputs[0].outputs[0].results.message.text).toBe('from the fake groq');
    expect(groq.requests.at(-1)).toMatchObject({ path: '/openai/v1/chat/completions', body: { model: 'llama-3.3-70b-versatile' } });
    expect(groq.requests.at(-1)!.headers.authorization).toBe('Bearer gsk-settings');
  });

  it('Google Generative AI as default: asked through generateContent with the key of GOOGLE_API_KEY', async () => {
    await request(server.url, 'PATCH', '/api/v1/models/provider_settings/Google%20Generative%20AI', { json: { api_key: 'gemini-settings', base_url: gemini.url } });
    await request(server.url, 'POST', '/api/v1/models/default_model', { json: { provider: 'Google Generative AI', model_name: 'gemini-2.0-flash', model_type: 'language' } });
    const res = await run();
    expect(res.status).toBe(200);
    expect(res.body.outputs[0].outputs[0].results.message.text).toBe('from the fake gemini');
    expect(gemini.requests.at(-1)).toMatchObject({ path: '/v1beta/models/gemini-2.0-flash:generateContent' });
    expect(gemini.requests.at(-1)!.headers['x-goog-api-key']).toBe('gemini-settings');
  });

  it("a Langflow export with an xAI node runs as saved: its key bound to XAI_API_KEY, its address Langflow's default, the settings moving it", async () => {
    const xai = await startFakeOpenAI({ reply: 'from the fake xai' });
    try {
      const doc = JSON.parse(readFileSync(OPENAI_BASIC_PROMPTING, 'utf8'));
      const node = doc.data.nodes.find((n: { id: string }) => n.id === 'OpenAIModel-5UyvQ');
      const { input_value, system_message, stream } = node.data.node.template;
      node.data.type = 'xAIModel';
      node.data.node.template = {
        input_value,
        system_message,
        stream,
        api_key: { _input_type: 'SecretStrInput', name: 'api_key', load_from_db: true, password: true, type: 'str', value: 'XAI_API_KEY' },
        base_url: { _input_type: 'MessageTextInput', name: 'base_url', load_from_db: false, type: 'str', value: 'https://api.x.ai/v1' },
        model_name: { _input_type: 'DropdownInput', name: 'model_name', options: ['grok-2-latest'], type: 'str', value: 'grok-2-latest' },
        temperature: { _input_type: 'SliderInput', name: 'temperature', type: 'slider', value: 0.1 },
      };
      doc.name = 'Basic Prompting on xAI';
      doc.endpoint_name = 'basic-prompting-xai';
      const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: doc });
      expect(uploaded.status).toBe(201);
      await request(server.url, 'PATCH', '/api/v1/models/provider_settings/xAI', { json: { api_key: 'xai-settings', base_url: xai.baseURL } });
      const res = await request(server.url, 'POST', '/api/v1/run/basic-prompting-xai', { json: { input_value: 'ahoy' } });
      expect(res.status).toBe(200);
      expect(res.body.outputs[0].outputs[0].results.message.text).toBe('from the fake xai');
      const sent = xai.requests.at(-1)!;
      expect(sent).toMatchObject({ path: '/v1/chat/completions', body: { model: 'grok-2-latest' } });
      expect(sent.headers.authorization).toBe('Bearer xai-settings');
      expect((sent.body.messages as { content: string }[])[0]?.content).toContain('pirate');
      // The saved default address cannot be moved by a tweak while the key is the stored variable.
      const tweaked = await request(server.url, 'POST', '/api/v1/run/basic-prompting-xai', { json: { input_value: 'ahoy', tweaks: { 'OpenAIModel-5UyvQ': { base_url: 'http://127.0.0.1:1/v1' } } } });
      expect(tweaked.status).toBe(422);
      expect(tweaked.body.detail.code).toBe('TWEAKS_REFUSED');
    } finally {
      await xai.close();
    }
  });
});
