import { appendFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFlatVectorStore } from '../../server/services/flat-vector-store.js';
import { isValidCollectionName } from '../../server/services/vector-store.js';
import { fakeEmbedding } from '../support/fake-provider.js';
import { makeTempDir } from '../support/temp-dir.js';

const dirs: string[] = [];
async function root() {
  const dir = await makeTempDir('flowdesk-vectors-');
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const record = (id: string, text: string) => ({ id, text, metadata: { source: `${id}.txt` }, vector: fakeEmbedding(text) });
const TEXTS = ['the pirate buried the treasure', 'a map shows where the treasure is', 'rain is expected tomorrow', 'the ship sailed at dawn'];

describe('flat-file vector store', () => {
  it('finds the nearest texts first, by cosine similarity', async () => {
    const store = createFlatVectorStore(await root());
    const docs = store.collection('docs');
    await docs.add(TEXTS.map((t, i) => record(`d${i}`, t)));
    const hits = await docs.search(fakeEmbedding('where is the treasure'), 2);
    expect(hits.map((h) => h.record.id)).toEqual(['d1', 'd0']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[0]!.score).toBeLessThanOrEqual(1);
    expect(hits[0]!.record.metadata).toEqual({ source: 'd1.txt' });
  });

  it('keeps records on disk across store instances, a re-added id replacing the earlier record', async () => {
    const dir = await root();
    const first = createFlatVectorStore(dir).collection('docs');
    await first.add([record('a', 'old text'), record('b', 'other text')]);
    await first.add([record('a', 'new text')]);
    const again = createFlatVectorStore(dir).collection('docs');
    expect(await again.count()).toBe(2);
    expect((await again.list(10)).map((r) => [r.id, r.text])).toEqual([['b', 'other text'], ['a', 'new text']]);
    expect(await again.has('a')).toBe(true);
    expect(await again.has('zzz')).toBe(false);
  });

  it('skips a line cut short by a crash', async () => {
    const dir = await root();
    await createFlatVectorStore(dir).collection('docs').add([record('a', 'kept')]);
    await appendFile(path.join(dir, 'docs', 'vectors.jsonl'), '{"id":"b","text":"cut');
    expect(await createFlatVectorStore(dir).collection('docs').count()).toBe(1);
  });

  it('refuses vectors of other dimensions, naming the collection', async () => {
    const docs = createFlatVectorStore(await root()).collection('docs');
    await docs.add([record('a', 'x')]);
    await expect(docs.add([{ ...record('b', 'y'), vector: [1, 2, 3] }])).rejects.toThrow(/3 dimensions does not fit "docs", whose vectors have 64/);
    await expect(docs.search([1, 0], 1)).rejects.toThrow(/2 dimensions, "docs"'s have 64/);
    // The refused write left the collection as it was, and the next write goes through.
    await docs.add([record('c', 'z')]);
    expect(await docs.count()).toBe(2);
  });

  it('reports statistics and drops a collection with its folder', async () => {
    const dir = await root();
    const store = createFlatVectorStore(dir);
    await store.collection('docs').add(TEXTS.map((t, i) => record(`d${i}`, t)));
    const stats = await store.stats('docs');
    expect(stats.count).toBe(4);
    expect(stats.size).toBe((await readFile(path.join(dir, 'docs', 'vectors.jsonl'))).length);
    expect(stats.texts).toEqual(TEXTS);
    await store.drop('docs');
    await expect(readFile(path.join(dir, 'docs', 'vectors.jsonl'))).rejects.toThrow(/ENOENT/);
    expect(await store.collection('docs').count()).toBe(0);
  });

  it("accepts only Langflow's collection names, which are plain folder names", () => {
    for (const good of ['abc', 'my_docs-2', 'A1b']) expect(isValidCollectionName(good), good).toBe(true);
    for (const bad of ['ab', '../etc', 'a/b', '_abc', 'abc-', 'with space', 'x'.repeat(64), '..a']) expect(isValidCollectionName(bad), bad).toBe(false);
  });
});
