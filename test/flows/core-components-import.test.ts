/**
 * Langflow nodes of the core components added from Langflow's catalog, in Langflow's own node
 * format, uploaded to a real server and run: Text Operations' sortable-list operation, Create
 * Data's dynamic Field N dicts (imported as fields, not ignored), and the DataFrame path to Chat Output.
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
  return structuredClone((flow.data.nodes as Json[]).find((n) => n.id === id)!);
};
/** A Langflow node as its export writes one, with only the template values that matter here. */
const langflowNode = (type: string, id: string, values: Record<string, unknown>): Json => ({
  id,
  type: 'genericNode',
  position: { x: 0, y: 0 },
  data: { id, type, node: { display_name: type, template: Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value }])) } },
});
const edge = (source: string, output: string, target: string, field: string) => ({
  source,
  target,
  data: { sourceHandle: { name: output, id: source }, targetHandle: { fieldName: field, id: target } },
});

let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

async function upload(nodes: Json[], edges: Json[]): Promise<string> {
  const res = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: { name: 'core components', data: { nodes, edges } } });
  expect(res.status, res.text).toBe(201);
  return (Array.isArray(res.body) ? res.body[0] : res.body).id as string;
}

describe('core components imported from Langflow', () => {
  it('Text Operations takes its operation from Langflow\'s sortable list', async () => {
    const input = starterNode('Vector Store RAG.json', 'ChatInput-8l9oz');
    const output = starterNode('Vector Store RAG.json', 'ChatOutput-g0Phk');
    const ops = langflowNode('TextOperations', 'TextOperations-abc12', { operation: [{ name: 'Case Conversion', icon: 'type' }], case_type: 'uppercase', text_input: '' });
    const flow = await upload([input, ops, output], [edge(input.id, 'message', ops.id, 'text_input'), edge(ops.id, 'message', output.id, 'input_value')]);
    const res = await request(server.url, 'POST', `/api/v1/run/${flow}`, { json: { input_value: 'quiet words' } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.outputs[0].outputs[0].results.message.text).toBe('QUIET WORDS');
  });

  it("Create Data's Field N values import as fields and reach the answer through a DataFrame", async () => {
    const output = starterNode('Vector Store RAG.json', 'ChatOutput-g0Phk');
    const create = langflowNode('CreateData', 'CreateData-abc12', { number_of_fields: 2, field_1_key: { name: 'Ada' }, field_2_key: { role: 'programmer' }, text_key: '' });
    const frame = langflowNode('DataToDataFrame', 'DataToDataFrame-abc12', {});
    const parse = langflowNode('ParseDataFrame', 'ParseDataFrame-abc12', { template: '{name}, {role}', sep: '\n' });
    const flow = await upload(
      [create, frame, parse, output],
      [edge(create.id, 'data', frame.id, 'data_list'), edge(frame.id, 'dataframe', parse.id, 'df'), edge(parse.id, 'text', output.id, 'input_value')],
    );
    const stored = (await request(server.url, 'GET', `/api/v1/flows/${flow}?format=flowdesk`)).body;
    const node = stored.data.nodes.find((n: Json) => n.id === create.id);
    expect(node.data.values).toMatchObject({ number_of_fields: 2, field_1_key: { name: 'Ada' }, field_2_key: { role: 'programmer' } });
    expect(node.data.ignored_fields).toBeUndefined();
    const res = await request(server.url, 'POST', `/api/v1/run/${flow}`, { json: {} });
    expect(res.status, res.text).toBe(200);
    expect(res.body.outputs[0].outputs[0].results.message.text).toBe('Ada, programmer');
  });
});
