import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Chroma from '../../server/components/chroma.js';
import FAISS from '../../server/components/faiss.js';
import OpenAIEmbeddings from '../../server/components/openai-embeddings.js';
import type { ComponentDefinition } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import { systemClock } from '../../server/services/clock.js';
import { createKnowledgeService } from '../../server/services/knowledge-service.js';
import { makeData, type Data } from '../../shared/data.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { makeTempDir } from '../support/temp-dir.js';
import { testContext } from '../engine/support.js';

let openai: FakeOpenAI;
let dataDir: string;
let embedding: unknown;

const defaults = (def: ComponentDefinition) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
/** A context whose vectors live in the test's data directory (a new service each time, as after a restart). */
const context = (wanted?: string[]) => testContext({ vectors: createKnowledgeService({ dataDir, clock: systemClock }).access(), ...(wanted ? { wanted } : {}) });
const rows = (...texts: string[]): Data[] => texts.map((text, i) => makeData({ text, source: `doc-${i}` }));
const texts = (out: Record<string, unknown>) => (out.search_results as Data[]).map((d) => d.data.text);

beforeAll(async () => {
  openai = await startFakeOpenAI();
  dataDir = await makeTempDir('flowdesk-stores-');
  embedding = (await OpenAIEmbeddings.run({ ...defaults(OpenAIEmbeddings), openai_api_key: 'sk-test', openai_api_base: openai.baseURL }, testContext())).embeddings;
});
afterAll(async () => {
  await openai?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('local vector stores as tools', () => {
  it("give an Agent Langflow's search_documents tool, which ingests once and searches", async () => {
    const base = { ...defaults(FAISS), index_name: 'tooled', persist_directory: 'tool_db', embedding, number_of_results: 1 };
    const atStart = openai.requests.length;
    const out = await FAISS.run({ ...base, ingest_data: rows('the treasure is buried under the palm', 'the ship sails at dawn') }, context(['component_as_tool']));
    expect(Object.keys(out)).toEqual(['component_as_tool']);
    const tool = out.component_as_tool as Tool;
    expect(tool.name).toBe('search_documents');
    expect(tool.parameters.required).toEqual(['search_query']);
    const before = openai.requests.length;
    expect(JSON.parse(await tool.invoke({ search_query: 'when does the ship sail' }, new AbortController().signal))).toEqual([{ text: 'the ship sails at dawn', source: 'doc-1' }]);
    expect(JSON.parse(await tool.invoke({ search_query: 'where is the treasure' }, new AbortController().signal))).toEqual([{ text: 'the treasure is buried under the palm', source: 'doc-0' }]);
    // The rows went in when the node ran (one embedding request), and each search embeds only its query.
    expect(before - atStart).toBe(1);
    expect(openai.requests.slice(before).map((r) => r.body.input)).toEqual([['when does the ship sail'], ['where is the treasure']]);
    // The Actions table turns it off.
    const off = await Chroma.run({ ...defaults(Chroma), embedding, tools_metadata: [{ name: 'search_documents', description: 'x', status: false, tags: ['search_documents'] }] }, context(['component_as_tool']));
    expect(off.component_as_tool).toEqual([]);
  });
});

describe('Chroma', () => {
  it('adds rows to a persistent collection, skips rows already there, and finds the nearest', async () => {
    const base = { ...defaults(Chroma), collection_name: 'pirates', persist_directory: './chroma_db', embedding, number_of_results: 2 };
    const docs = rows('the treasure is buried under the palm', 'the ship sails at dawn', 'parrots speak on the island');
    const first = await Chroma.run({ ...base, ingest_data: docs, search_query: 'where is the treasure buried' }, context());
    expect(texts(first)).toHaveLength(2);
    expect(texts(first)[0]).toBe('the treasure is buried under the palm');
    expect((first.search_results as Data[])[0]!.data.source).toBe('doc-0');
    expect(first.dataframe).toEqual(first.search_results);
    await access(path.join(dataDir, 'vector_stores', 'chroma', 'chroma_db', 'pirates', 'vectors.jsonl'));

    // The same rows again: nothing embedded; after a "restart" the collection answers without ingest data.
    const before = openai.requests.length;
    await Chroma.run({ ...base, ingest_data: docs }, context());
    expect(openai.requests.length).toBe(before);
    const later = await Chroma.run({ ...base, search_query: 'ship at dawn', number_of_results: 1 }, context());
    expect(texts(later)).toEqual(['the ship sails at dawn']);
  });

  it('answers no rows without a query, and refuses a Persist Directory outside the data directory', async () => {
    const base = { ...defaults(Chroma), embedding, ingest_data: rows('x y z') };
    expect(await Chroma.run(base, context(['search_results', 'dataframe']))).toEqual({ search_results: [], dataframe: [] });
    for (const directory of ['../outside', '/tmp/abs', 'a/../../b', 'C:/x']) {
      await expect(Chroma.run({ ...base, persist_directory: directory }, context()), directory).rejects.toThrow(/Persist Directory must be a relative folder name/);
    }
    await expect(Chroma.run({ ...base, collection_name: 'x' }, context())).rejects.toThrow(/Invalid collection name: "x"/);
    await expect(Chroma.run({ ...base, embedding: undefined }, context())).rejects.toThrow(/Chroma needs an embedding model/);
  });
});

describe('FAISS', () => {
  it('rebuilds its index from the ingested rows, as Langflow saves a new index', async () => {
    const base = { ...defaults(FAISS), embedding, search_query: 'treasure', number_of_results: 4 };
    await FAISS.run({ ...base, ingest_data: rows('treasure map one', 'treasure map two') }, context());
    const rebuilt = await FAISS.run({ ...base, ingest_data: rows('treasure chest') }, context());
    expect(texts(rebuilt)).toEqual(['treasure chest']);
    await access(path.join(dataDir, 'vector_stores', 'faiss', 'default', 'langflow_index', 'vectors.jsonl'));
    // Searching without ingest data uses the saved index.
    expect(texts(await FAISS.run(base, context()))).toEqual(['treasure chest']);
  });
});
