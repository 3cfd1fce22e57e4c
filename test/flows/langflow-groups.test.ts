/**
 * Langflow 1.x group nodes (a genericNode holding a nested flow in `data.node.flow`) are flattened on
 * import the way Langflow's `process_flow`/`ungroup_node` does, then the flow runs like the ungrouped one.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/langflow/${name}`, import.meta.url), 'utf8')) as Json;
const edgeKeys = (flow: Json) => (flow.data.edges as Json[]).map((e) => `${e.source}.${e.sourceHandle}>${e.target}.${e.targetHandle}`).sort();

let server: SpawnedServer;
let openai: FakeOpenAI;
beforeAll(async () => {
  openai = await startFakeOpenAI({ reply: 'Arr, grouped.' });
  server = await spawnServer({ env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-test' } });
});
afterAll(async () => {
  await server?.stop();
  await openai?.close();
});

describe('Langflow group nodes', () => {
  it('replaces a group by its inner nodes, re-points the outer edges through the proxies, and takes the group\'s field values', async () => {
    const grouped = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: fixture('basic-prompting-group.json') });
    expect(grouped.status).toBe(201);
    const flat = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: fixture('basic-prompting.json') });
    const g = grouped.body[0];
    expect((g.data.nodes as Json[]).map((n) => n.id).sort()).toEqual((flat.body[0].data.nodes as Json[]).map((n: Json) => n.id).sort());
    expect((g.data.nodes as Json[]).some((n) => n.id === 'GroupNode-Gr0uP')).toBe(false);
    expect(edgeKeys(g)).toEqual(edgeKeys(flat.body[0]));
    const byId = new Map((g.data.nodes as Json[]).map((n) => [n.id, n]));
    expect(byId.get('OpenAIModel-5UyvQ')!.data.values.temperature).toBe(0.35);
    expect(byId.get('Prompt-pKfl9')!.data.values.template).toBe('Answer the user as if you were a grouped pirate.');

    const run = await request(server.url, 'POST', `/api/v1/run/${g.id}`, { json: { input_value: 'Where is the gold?' } });
    expect(run.status).toBe(200);
    expect(run.body.outputs[0].outputs[0].results.message.text).toBe('Arr, grouped.');
    const asked = openai.requests.at(-1)!.body;
    expect(asked.temperature).toBe(0.35);
    expect(JSON.stringify(asked.messages)).toContain('grouped pirate');
  });

  it('flattens a group inside a group', async () => {
    const doc = fixture('basic-prompting-group.json');
    const group = doc.data.nodes.find((n: Json) => n.id === 'GroupNode-Gr0uP');
    const outer = structuredClone(group);
    outer.id = 'GroupNode-0uter';
    outer.data.id = 'GroupNode-0uter';
    outer.data.node.flow.data = { nodes: [group], edges: [], viewport: { x: 0, y: 0, zoom: 1 } };
    for (const entry of Object.values(outer.data.node.template) as Json[]) entry.proxy = { id: 'GroupNode-Gr0uP', field: `${entry.proxy.field}_${entry.proxy.id}` };
    for (const o of outer.data.node.outputs as Json[]) o.proxy = { id: 'GroupNode-Gr0uP', name: `${o.proxy.name}_${o.proxy.id}` };
    doc.data.nodes = doc.data.nodes.map((n: Json) => (n.id === 'GroupNode-Gr0uP' ? outer : n));
    for (const e of doc.data.edges as Json[]) {
      delete e.sourceHandle;
      delete e.targetHandle;
      if (e.target === 'GroupNode-Gr0uP') {
        e.target = 'GroupNode-0uter';
        e.data.targetHandle = { ...e.data.targetHandle, id: 'GroupNode-0uter', proxy: { id: 'GroupNode-Gr0uP', field: e.data.targetHandle.fieldName } };
      }
      if (e.source === 'GroupNode-Gr0uP') {
        e.source = 'GroupNode-0uter';
        e.data.sourceHandle = { ...e.data.sourceHandle, id: 'GroupNode-0uter' };
      }
    }
    const res = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: doc });
    expect(res.status, res.text).toBe(201);
    const flat = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: fixture('basic-prompting.json') });
    expect(edgeKeys(res.body[0])).toEqual(edgeKeys(flat.body[0]));
    const model = (res.body[0].data.nodes as Json[]).find((n) => n.id === 'OpenAIModel-5UyvQ')!;
    expect(model.data.values.temperature).toBe(0.35);
  });
});
