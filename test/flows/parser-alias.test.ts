/**
 * Langflow's Parser under both its type keys: `parser` (the key five starter projects carry) and
 * `ParserComponent`. Two flows built from the starters' own nodes, Chat Input → Parser → Chat Output,
 * differ only in the Parser node; both import to the same component and answer the same.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const STARTERS_DIR = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters');
const starterNode = (file: string, id: string): Json => {
  const flow = JSON.parse(readFileSync(path.join(STARTERS_DIR, file), 'utf8')) as Json;
  const node = (flow.data.nodes as Json[]).find((n) => n.id === id);
  if (!node) throw new Error(`${file} has no node ${id}`);
  return node;
};
const edge = (source: string, output: string, target: string, field: string) => ({
  source,
  target,
  data: { sourceHandle: { name: output, id: source }, targetHandle: { fieldName: field, id: target } },
});

/** Chat Input and Chat Output of Vector Store RAG around the given starter's Parser node. */
function parserFlow(name: string, parser: Json): Json {
  const input = starterNode('Vector Store RAG.json', 'ChatInput-8l9oz');
  const output = starterNode('Vector Store RAG.json', 'ChatOutput-g0Phk');
  return {
    name,
    data: {
      nodes: [input, parser, output],
      edges: [edge(input.id, 'message', parser.id, 'input_data'), edge(parser.id, 'parsed_text', output.id, 'input_value')],
    },
  };
}

let server: SpawnedServer;
const ids: Record<string, { flow: string; parser: string }> = {};

beforeAll(async () => {
  server = await spawnServer();
  const nodes = { parser: starterNode('Vector Store RAG.json', 'parser-oHf4E'), ParserComponent: starterNode('Blog Writer.json', 'ParserComponent-YRRd0') };
  for (const [key, node] of Object.entries(nodes)) {
    expect(node.data.type).toBe(key);
    const res = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: parserFlow(`Parser as ${key}`, node) });
    expect(res.status, res.text).toBe(201);
    ids[key] = { flow: (Array.isArray(res.body) ? res.body[0] : res.body).id, parser: node.id };
  }
});
afterAll(async () => {
  await server?.stop();
});

const answer = async (key: string, tweaks: Json = {}) => {
  const { flow, parser } = ids[key]!;
  const res = await request(server.url, 'POST', `/api/v1/run/${flow}`, { json: { input_value: 'a map', tweaks: { [parser]: tweaks } } });
  expect(res.status, res.text).toBe(200);
  return res.body.outputs[0].outputs[0].results.message.text as string;
};

describe('the Parser under its type keys "parser" and "ParserComponent"', () => {
  it('imports both keys as the one Parser component', async () => {
    for (const key of ['parser', 'ParserComponent']) {
      const flow = (await request(server.url, 'GET', `/api/v1/flows/${ids[key]!.flow}?format=flowdesk`)).body;
      const node = flow.data.nodes.find((n: Json) => n.id === ids[key]!.parser);
      expect(node.data.type).toBe('ParserComponent');
      expect(node.data.values).toMatchObject({ mode: 'Parser', pattern: 'Text: {text}', sep: '\n' });
    }
  });

  it('answers the same through the template, with another template, and in Stringify mode', async () => {
    expect(await answer('parser')).toBe('Text: a map');
    expect(await answer('ParserComponent')).toBe('Text: a map');
    expect(await answer('parser', { pattern: 'Got {text}!' })).toBe('Got a map!');
    expect(await answer('ParserComponent', { pattern: 'Got {text}!' })).toBe('Got a map!');
    expect(await answer('parser', { mode: 'Stringify' })).toBe(await answer('ParserComponent', { mode: 'Stringify' }));
  });

  it('is listed with its alias in the catalog', async () => {
    const catalog = (await request(server.url, 'GET', '/api/v1/all')).body;
    expect(catalog.Processing.ParserComponent.aliases).toContain('parser');
  });
});
