/** Langflow's Text Embedder and Embedding Similarity, against the local OpenAI embeddings fake. */
import { afterEach, describe, expect, it } from 'vitest';
import EmbeddingSimilarity from '../../server/components/embedding-similarity.js';
import OpenAIEmbeddings from '../../server/components/openai-embeddings.js';
import TextEmbedder from '../../server/components/text-embedder.js';
import { makeData, type Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { fakeEmbedding } from '../support/fake-provider.js';
import { testContext } from '../engine/support.js';

const defaultsOf = (def: { fields: { name: string; default?: unknown }[] }) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
let openai: FakeOpenAI | undefined;
afterEach(async () => {
  await openai?.close();
  openai = undefined;
});

const message = (text: string) => ({ text, sender: 'User', sender_name: 'User', session_id: 's', flow_id: null, timestamp: '', files: [], error: false, properties: { source: { id: null, display_name: null, source: null } }, id: 'm' }) as Message;

async function model(key = 'sk-embed') {
  openai ??= await startFakeOpenAI({ keys: ['sk-embed'] });
  return (await OpenAIEmbeddings.run({ ...defaultsOf(OpenAIEmbeddings), openai_api_key: key, openai_api_base: openai.baseURL, dimensions: 8 }, testContext())).embeddings;
}

describe('Text Embedder (TextEmbedderComponent)', () => {
  it("answers the message's text and its vector from the model", async () => {
    const out = (await TextEmbedder.run({ embedding_model: await model(), message: message('a treasure map') }, testContext())).embeddings as Data;
    expect(out.data.text).toBe('a treasure map');
    expect((out.data.embeddings as number[])[0]).toBeCloseTo(fakeEmbedding('a treasure map', 8)[0]!, 6);
    expect(openai?.requests.map((r) => r.body.input)).toEqual([['a treasure map']]);
  });

  it('answers an error Data, as Langflow does, for no model, no text, or a refused key', async () => {
    expect(((await TextEmbedder.run({ embedding_model: undefined, message: message('x') }, testContext())).embeddings as Data).data).toEqual({ text: '', embeddings: [], error: 'Invalid or incompatible embedding model' });
    expect(((await TextEmbedder.run({ embedding_model: await model(), message: message('') }, testContext())).embeddings as Data).data.error).toBe('No text content found in message');
    const refused = ((await TextEmbedder.run({ embedding_model: await model('sk-wrong'), message: message('x') }, testContext())).embeddings as Data).data;
    expect(refused.embeddings).toEqual([]);
    expect(String(refused.error)).toMatch(/401|key/i);
  });
});

describe('Embedding Similarity (EmbeddingSimilarityComponent)', () => {
  const pair = [makeData({ embeddings: [1, 0, 0] }), makeData({ embeddings: [0, 3, 4] })];
  const score = async (similarity_metric: string, vectors: Data[] = pair) =>
    ((await EmbeddingSimilarity.run({ embedding_vectors: vectors, similarity_metric }, testContext())).similarity_data as Data).data.similarity_score;

  it('computes each metric', async () => {
    expect(await score('Cosine Similarity', [makeData({ embeddings: [1, 2] }), makeData({ embeddings: [2, 4] })])).toEqual({ cosine_similarity: expect.closeTo(1, 10) });
    expect(await score('Euclidean Distance')).toEqual({ euclidean_distance: expect.closeTo(Math.sqrt(26), 10) });
    expect(await score('Manhattan Distance')).toEqual({ manhattan_distance: 8 });
  });

  it('keeps both vectors, says when dimensions differ, and wants exactly two', async () => {
    const out = (await EmbeddingSimilarity.run({ ...defaultsOf(EmbeddingSimilarity), embedding_vectors: pair }, testContext())).similarity_data as Data;
    expect(out.data.embedding_1).toEqual([1, 0, 0]);
    expect(out.text_key).toBe('similarity_score');
    expect(await score('Cosine Similarity', [makeData({ embeddings: [1] }), makeData({ embeddings: [1, 2] })])).toEqual({ error: 'Embeddings must have the same dimensions.' });
    await expect(EmbeddingSimilarity.run({ embedding_vectors: [pair[0]] }, testContext())).rejects.toThrow('Exactly two embedding vectors are required.');
  });

  it('compares what Text Embedder gives: texts sharing words are nearer', async () => {
    const embed = async (text: string) => (await TextEmbedder.run({ embedding_model: await model(), message: message(text) }, testContext())).embeddings as Data;
    const near = await score('Cosine Similarity', [await embed('the buried treasure'), await embed('a treasure map')]);
    const far = await score('Cosine Similarity', [await embed('the buried treasure'), await embed('weather today')]);
    expect((near as { cosine_similarity: number }).cosine_similarity).toBeGreaterThan((far as { cosine_similarity: number }).cosine_similarity);
  });
});
