/**
 * The check a new knowledge base's embedder gets before it is created (Langflow's Knowledge
 * Ingestion dialog embeds "test" within 10 seconds): against the fake OpenAI and Ollama, a server
 * that never answers (the timeout, shortened here) and one that is not there.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EMBEDDING_PROBE_TIMEOUT_MS, knowledgeEmbeddingProbe } from '../../server/components/lib/knowledge-probe.js';
import type { EmbeddingMetadata } from '../../server/engine/vectors.js';
import { startFakeOllama } from '../support/fake-ollama.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { deadUrl } from '../support/fake-web.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const metadata = (extra: Partial<EmbeddingMetadata>): EmbeddingMetadata => ({
  embedding_provider: 'OpenAI',
  embedding_model: 'text-embedding-3-small',
  api_key_variable: null,
  api_base: null,
  chunk_size: 1000,
  created_at: '',
  ...extra,
});
const noVariables = { get: () => Promise.resolve(undefined) };

describe('knowledgeEmbeddingProbe', () => {
  it("waits 10 seconds, as Langflow's check does", () => {
    expect(EMBEDDING_PROBE_TIMEOUT_MS).toBe(10_000);
  });

  it('embeds "test" with the knowledge base\'s provider and key', async () => {
    const openai = await startFakeOpenAI({ keys: ['sk-probe'] });
    closers.push(() => openai.close());
    const probe = knowledgeEmbeddingProbe({ variables: { get: (name) => Promise.resolve(name === 'KB_KEY' ? 'sk-probe' : undefined) }, env: {} });
    await probe(metadata({ api_key_variable: 'KB_KEY', api_base: openai.baseURL }));
    expect(openai.requests).toMatchObject([{ path: '/v1/embeddings', body: { model: 'text-embedding-3-small', input: ['test'] }, headers: { authorization: 'Bearer sk-probe' } }]);

    const ollama = await startFakeOllama();
    closers.push(() => ollama.close());
    await knowledgeEmbeddingProbe({ variables: noVariables, env: { OLLAMA_BASE_URL: ollama.baseURL } })(metadata({ embedding_provider: 'Ollama', embedding_model: 'nomic-embed-text' }));
    expect(ollama.requests).toMatchObject([{ path: '/api/embed', body: { model: 'nomic-embed-text', input: ['test'] } }]);
  });

  it('answers a refused key and an unreachable server as "Embedding validation failed: …"', async () => {
    const openai = await startFakeOpenAI({ keys: ['sk-right'] });
    closers.push(() => openai.close());
    const probe = knowledgeEmbeddingProbe({ variables: noVariables, env: { OPENAI_API_KEY: 'sk-wrong' } });
    await expect(probe(metadata({ api_base: openai.baseURL }))).rejects.toThrow(/^Embedding validation failed: OpenAI API error 401 Incorrect API key provided: sk-wrong/);
    await expect(probe(metadata({ api_base: `${(await deadUrl()).replace(/\/$/, '')}/v1` }))).rejects.toThrow(/^Embedding validation failed: /);
  });

  it('gives up after the timeout with Langflow\'s message', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => {
      silent.closeAllConnections();
      silent.close(() => resolve());
    }));
    const { port } = silent.address() as AddressInfo;
    const probe = knowledgeEmbeddingProbe({ variables: noVariables, env: { OPENAI_API_KEY: 'sk-any' }, timeoutMs: 300 });
    const started = Date.now();
    await expect(probe(metadata({ api_base: `http://127.0.0.1:${port}/v1` }))).rejects.toThrow(/^Embedding validation timed out\. Please verify network connectivity and key\.$/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("fails with the embedder's own error when it cannot be set up: a key variable that is not set", async () => {
    const probe = knowledgeEmbeddingProbe({ variables: noVariables, env: {} });
    await expect(probe(metadata({ api_key_variable: 'KB_MISSING' }))).rejects.toThrow("The knowledge base's key variable KB_MISSING is not set");
    await expect(probe(metadata({}))).rejects.toThrow('No OpenAI API key');
  });
});
