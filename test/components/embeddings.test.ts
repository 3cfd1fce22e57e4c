import { afterEach, describe, expect, it } from 'vitest';
import EmbeddingModel from '../../server/components/embedding-model.js';
import { embedQuery, embedTexts } from '../../server/components/models/embeddings-client.js';
import OllamaEmbeddings from '../../server/components/ollama-embeddings.js';
import OpenAIEmbeddings from '../../server/components/openai-embeddings.js';
import type { ComponentDefinition } from '../../server/engine/define-component.js';
import { isEmbeddings, type EmbeddingsDescriptor } from '../../server/engine/embeddings.js';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { fakeEmbedding } from '../support/fake-provider.js';
import { testContext } from '../engine/support.js';

const defaults = (def: ComponentDefinition) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
const signal = new AbortController().signal;
const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

let openai: FakeOpenAI | undefined;
let ollama: FakeOllama | undefined;
afterEach(async () => {
  await Promise.all([openai?.close(), ollama?.close()]);
  openai = ollama = undefined;
});

async function handle(def: ComponentDefinition, values: Record<string, unknown>, env: Record<string, string> = {}): Promise<EmbeddingsDescriptor> {
  const { embeddings } = await def.run({ ...defaults(def), ...values }, testContext({ env }));
  expect(isEmbeddings(embeddings)).toBe(true);
  return embeddings as EmbeddingsDescriptor;
}

describe('OpenAIEmbeddings', () => {
  it("has Langflow's type key, fields and output", () => {
    expect(OpenAIEmbeddings.type).toBe('OpenAIEmbeddings');
    expect(OpenAIEmbeddings.fields.map((f) => f.name).sort()).toEqual(
      ['chunk_size', 'default_headers', 'default_query', 'dimensions', 'max_retries', 'model', 'model_kwargs', 'openai_api_base', 'openai_api_key', 'openai_organization', 'request_timeout'].sort(),
    );
    expect(OpenAIEmbeddings.outputs).toEqual([{ name: 'embeddings', display_name: 'Embeddings', types: ['Embeddings'] }]);
  });

  it('hands over a descriptor whose key never shows in JSON, and embeds through /v1/embeddings in batches of chunk_size', async () => {
    openai = await startFakeOpenAI({ keys: ['sk-embed'] });
    const embeddings = await handle(OpenAIEmbeddings, {
      openai_api_key: 'sk-embed',
      openai_api_base: openai.baseURL,
      chunk_size: 2,
      dimensions: 16,
      openai_organization: 'org-7',
      default_headers: { 'X-Team': 'docs' },
    });
    expect(JSON.stringify(embeddings)).not.toContain('sk-embed');
    const vectors = await embedTexts(embeddings, ['the buried treasure', 'a treasure map', 'weather today'], signal);
    expect(vectors).toHaveLength(3);
    expect(vectors[0]).toHaveLength(16);
    expect(vectors[0]![0]).toBeCloseTo(fakeEmbedding('the buried treasure', 16)[0]!, 6);
    expect(openai.requests.map((r) => (r.body.input as string[]).length)).toEqual([2, 1]);
    expect(openai.requests[0]).toMatchObject({ path: '/v1/embeddings', body: { model: 'text-embedding-3-small', dimensions: 16, encoding_format: 'float' } });
    expect(openai.requests[0]!.headers['openai-organization']).toBe('org-7');
    expect(openai.requests[0]!.headers['x-team']).toBe('docs');
    // Texts that share words are nearer than texts that do not.
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!));
  });

  it('takes the key from OPENAI_API_KEY and fails clearly without one', async () => {
    await expect(OpenAIEmbeddings.run(defaults(OpenAIEmbeddings), testContext())).rejects.toThrow(/No OpenAI API key/);
    const embeddings = await handle(OpenAIEmbeddings, {}, { OPENAI_API_KEY: 'sk-env' });
    expect(embeddings.client.apiKey.reveal()).toBe('sk-env');
  });

  it("reports the provider's error, naming it", async () => {
    openai = await startFakeOpenAI({ keys: ['right'] });
    const embeddings = await handle(OpenAIEmbeddings, { openai_api_key: 'wrong', openai_api_base: openai.baseURL, max_retries: 0 });
    await expect(embedQuery(embeddings, 'x', signal)).rejects.toThrow(/OpenAI API error 401 Incorrect API key provided/);
  });
});

describe('OllamaEmbeddings', () => {
  it('embeds through /api/embed with the chosen model', async () => {
    ollama = await startFakeOllama();
    const embeddings = await handle(OllamaEmbeddings, { model_name: 'nomic-embed-text', base_url: ollama.baseURL });
    const vector = await embedQuery(embeddings, 'treasure island', signal);
    expect(vector).toEqual(fakeEmbedding('treasure island'));
    expect(ollama.requests[0]).toMatchObject({ path: '/api/embed', body: { model: 'nomic-embed-text', input: ['treasure island'] } });
  });

  it('asks for a model when none is chosen, and reads OLLAMA_HOST', async () => {
    await expect(OllamaEmbeddings.run(defaults(OllamaEmbeddings), testContext())).rejects.toThrow(/No Ollama embedding model/);
    const embeddings = await handle(OllamaEmbeddings, { model_name: 'all-minilm' }, { OLLAMA_HOST: '127.0.0.1:9' });
    expect(embeddings.client.baseURL).toBe('http://127.0.0.1:9');
    await expect(embedQuery(embeddings, 'x', signal)).rejects.toThrow(/Could not reach http:\/\/127.0.0.1:9/);
  });
});

describe('EmbeddingModel', () => {
  it('uses OpenAI or an OpenAI-compatible server by default, and Ollama when picked', async () => {
    openai = await startFakeOpenAI();
    ollama = await startFakeOllama();
    const viaOpenAI = await handle(EmbeddingModel, { api_base: openai.baseURL, model: 'text-embedding-3-large' });
    expect(await embedQuery(viaOpenAI, 'gold coins', signal)).toHaveLength(64);
    expect(openai.requests[0]?.body.model).toBe('text-embedding-3-large');

    const viaOllama = await handle(EmbeddingModel, { provider: 'Ollama', model: 'mxbai-embed-large', api_base: ollama.baseURL });
    expect(await embedQuery(viaOllama, 'gold coins', signal)).toEqual(fakeEmbedding('gold coins'));
    expect(ollama.requests[0]?.body.model).toBe('mxbai-embed-large');
  });

  it("reads Langflow 1.7's model selection and refuses a provider it does not run", async () => {
    ollama = await startFakeOllama();
    const picked = await handle(EmbeddingModel, { model: [{ name: 'bge-m3', provider: 'Ollama' }], api_base: ollama.baseURL });
    expect(picked).toMatchObject({ provider: 'ollama', model: 'bge-m3' });
    await expect(EmbeddingModel.run({ ...defaults(EmbeddingModel), provider: 'IBM watsonx.ai' }, testContext())).rejects.toThrow(
      'Embedding provider "IBM watsonx.ai" is not supported: use OpenAI, Ollama',
    );
  });
});
