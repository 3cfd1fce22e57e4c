/**
 * Every type key Langflow has given a component Flowdesk has (since 1.0), one row each: a small flow
 * built from a real starter node carrying that key imports, resolves to the Flowdesk component (the
 * stored node carries the canonical key) and runs. Keys that never changed are covered by the
 * starter tests; this table holds the keys Langflow renamed and the names they replaced.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeb, type FakeWeb } from '../support/fake-web.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const STARTERS_DIR = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters');
const starterNode = (file: string, id: string): Json => {
  const flow = JSON.parse(readFileSync(path.join(STARTERS_DIR, file), 'utf8')) as Json;
  const node = (flow.data.nodes as Json[]).find((n) => n.id === id);
  if (!node) throw new Error(`${file} has no node ${id}`);
  return structuredClone(node);
};
const edge = (source: string, output: string, target: string, field: string) => ({
  source,
  target,
  data: { sourceHandle: { name: output, id: source }, targetHandle: { fieldName: field, id: target } },
});

interface Row {
  /** The type key under test, as Langflow wrote it into `data.type`. */
  key: string;
  canonical: string;
  /** A starter node of this component (its `data.type` is set to `key`). */
  from: [file: string, id: string];
  /** Chat Input's message goes into this field (none: the node has no input edge). */
  input?: string;
  output: string;
  tweaks: (web: FakeWeb) => Json;
  expected: (web: FakeWeb) => string | RegExp;
}

const PROMPT: Row['from'] = ['Vector Store RAG.json', 'Prompt-ML5XQ'];
const promptTweaks = () => ({ template: 'Q: {question} C: {context}', context: 'maps' });
const ROWS: Row[] = [
  { key: 'Prompt', canonical: 'Prompt', from: PROMPT, input: 'question', output: 'prompt', tweaks: promptTweaks, expected: () => 'Q: a map C: maps' },
  { key: 'Prompt Template', canonical: 'Prompt', from: PROMPT, input: 'question', output: 'prompt', tweaks: promptTweaks, expected: () => 'Q: a map C: maps' },
  { key: 'parser', canonical: 'ParserComponent', from: ['Vector Store RAG.json', 'parser-oHf4E'], input: 'input_data', output: 'parsed_text', tweaks: () => ({}), expected: () => 'Text: a map' },
  { key: 'ParserComponent', canonical: 'ParserComponent', from: ['Blog Writer.json', 'ParserComponent-YRRd0'], input: 'input_data', output: 'parsed_text', tweaks: () => ({}), expected: () => 'Text: a map' },
  {
    key: 'URL',
    canonical: 'URLComponent',
    from: ['Custom Component Generator.json', 'URL-gEE5N'],
    output: 'raw_results',
    tweaks: (web) => ({ urls: [`${web.url}/`], max_depth: 1 }),
    expected: () => /The treasure is buried under the old palm\./,
  },
  {
    key: 'URLComponent',
    canonical: 'URLComponent',
    from: ['Blog Writer.json', 'URLComponent-DFXG5'],
    output: 'raw_results',
    tweaks: (web) => ({ urls: [`${web.url}/`], max_depth: 1 }),
    expected: () => /The treasure is buried under the old palm\./,
  },
];

let server: SpawnedServer;
let web: FakeWeb;
const flows: Record<string, { flow: string; node: string }> = {};

beforeAll(async () => {
  web = await startFakeWeb();
  server = await spawnServer();
  for (const row of ROWS) {
    const node = starterNode(...row.from);
    node.data.type = row.key;
    const input = starterNode('Vector Store RAG.json', 'ChatInput-8l9oz');
    const output = starterNode('Vector Store RAG.json', 'ChatOutput-g0Phk');
    const edges = [edge(node.id, row.output, output.id, 'input_value')];
    if (row.input) edges.push(edge(input.id, 'message', node.id, row.input));
    const flow = { name: `as ${row.key}`, data: { nodes: row.input ? [input, node, output] : [node, output], edges } };
    const res = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: flow });
    expect(res.status, `${row.key}: ${res.text}`).toBe(201);
    flows[row.key] = { flow: (Array.isArray(res.body) ? res.body[0] : res.body).id, node: node.id };
  }
});
afterAll(async () => {
  await server?.stop();
  await web?.close();
});

describe.each(ROWS)('type key "$key"', (row) => {
  it(`imports as ${row.canonical}, is listed as its alias, and runs`, async () => {
    const { flow, node } = flows[row.key]!;
    const stored = (await request(server.url, 'GET', `/api/v1/flows/${flow}?format=flowdesk`)).body;
    expect(stored.data.nodes.find((n: Json) => n.id === node).data.type).toBe(row.canonical);
    if (row.key !== row.canonical) {
      const catalog = (await request(server.url, 'GET', '/api/v1/all')).body as Record<string, Record<string, Json>>;
      const entry = Object.values(catalog).find((category) => category[row.canonical])?.[row.canonical];
      expect(entry?.aliases).toContain(row.key);
    }
    const res = await request(server.url, 'POST', `/api/v1/run/${flow}`, { json: { input_value: 'a map', tweaks: { [node]: row.tweaks(web) } } });
    expect(res.status, res.text).toBe(200);
    const text = res.body.outputs[0].outputs[0].results.message.text as string;
    const expected = row.expected(web);
    if (typeof expected === 'string') expect(text).toBe(expected);
    else expect(text).toMatch(expected);
  });
});
