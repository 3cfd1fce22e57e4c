/**
 * Langflow's "Research Translation Loop" starter, imported as Langflow exports it, with its ArXiv
 * search (a web service, not Flowdesk's) replaced by a local source of rows: Split Text over the
 * chat input. The Loop's back edge (Language Model → the Loop's Item handle) closes the loop; each
 * row is translated by the (fake) model, and Done's DataFrame reaches the Chat Output.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const STARTER = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters', 'Research Translation Loop.json');

let openai: FakeOpenAI;
let server: SpawnedServer;
let flowId: string;
const lastUser = (body: Record<string, unknown>) => {
  const messages = body.messages as { role: string; content: string }[];
  return messages[messages.length - 1]!.content;
};

/** The starter with its ArXiv node made a Split Text node (same id, same `dataframe` output) fed by the chat input. */
function localStarter(): Json {
  const flow = JSON.parse(readFileSync(STARTER, 'utf8')) as Json;
  const arxiv = (flow.data.nodes as Json[]).find((n) => n.data?.type === 'ArXivComponent')!;
  arxiv.data.type = 'SplitText';
  arxiv.data.node = {
    ...arxiv.data.node,
    display_name: 'Split Text',
    template: {
      _type: 'Component',
      separator: { type: 'str', value: '|' },
      chunk_size: { type: 'int', value: 1 },
      chunk_overlap: { type: 'int', value: 0 },
    },
    outputs: [{ name: 'dataframe', types: ['DataFrame'], display_name: 'DataFrame' }],
  };
  for (const edge of flow.data.edges as Json[]) {
    if (edge.target === arxiv.id) {
      edge.data.targetHandle = { ...edge.data.targetHandle, fieldName: 'data_inputs', inputTypes: ['Message'] };
      delete edge.targetHandle;
    }
  }
  return flow;
}

beforeAll(async () => {
  openai = await startFakeOpenAI({ respond: (body) => ({ text: `TRANSLATED(${lastUser(body).replace(/\s+/g, ' ').slice(0, 60)})` }) });
  server = await spawnServer({ env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-openai-test' } });
  const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: localStarter() });
  expect(uploaded.status, uploaded.text).toBe(201);
  flowId = (Array.isArray(uploaded.body) ? uploaded.body[0] : uploaded.body).id;
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await openai?.close();
});

describe('Research Translation Loop (ArXiv replaced by local rows)', () => {
  it('imports the back edge onto the Loop and runs the body once per row, Done reaching the Chat Output', async () => {
    const before = openai.requests.length;
    const res = await request(server.url, 'POST', `/api/v1/run/${flowId}`, { json: { input_value: 'Paper One|Paper Two|Paper Three' } });
    expect(res.status, res.text).toBe(200);
    const asked = openai.requests.slice(before).map((r) => lastUser(r.body));
    expect(asked).toHaveLength(3);
    expect(asked[0]).toContain('Paper One');
    expect(asked[1]).toContain('Paper Two');
    expect(asked[2]).toContain('Paper Three');
    const text = res.body.outputs[0].outputs[0].results.message.text as string;
    expect(text.match(/TRANSLATED\(/g)).toHaveLength(3);
    for (const paper of ['Paper One', 'Paper Two', 'Paper Three']) expect(text).toContain(paper);
  });

  it('shows each iteration in the editor run stream', async () => {
    const res = await fetch(`${server.url}/api/v1/editor/run/${flowId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input_value: 'A|B' }) });
    const lines = (await res.text()).trim().split('\n').map((line) => JSON.parse(line) as Json);
    const iterations = lines.filter((l) => l.type === 'loop_iteration');
    expect(iterations.map((l) => [l.iteration, l.total])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const modelRuns = lines.filter((l) => l.type === 'node_finished' && String(l.nodeId).startsWith('LanguageModelComponent'));
    expect(modelRuns.map((l) => l.iteration)).toEqual([0, 1]);
    expect(lines.at(-1)?.type).toBe('run_finished');
  });

  it('refuses a flow with any other cycle, as before', async () => {
    const flow = localStarter();
    const edges = flow.data.edges as Json[];
    const parser = (flow.data.nodes as Json[]).find((n) => n.data?.type === 'ParserComponent')!;
    const model = (flow.data.nodes as Json[]).find((n) => n.data?.type === 'LanguageModelComponent')!;
    edges.push({
      source: model.id,
      target: parser.id,
      data: { sourceHandle: { dataType: 'LanguageModelComponent', id: model.id, name: 'text_output', output_types: ['Message'] }, targetHandle: { fieldName: 'input_data', id: parser.id, inputTypes: ['DataFrame', 'Data', 'Message'], type: 'other' } },
    });
    const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: flow });
    const created = Array.isArray(uploaded.body) ? uploaded.body[0] : uploaded.body;
    const res = uploaded.status === 201 ? await request(server.url, 'POST', `/api/v1/run/${created.id}`, { json: { input_value: 'x' } }) : uploaded;
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/Flow has a cycle: /);
  });
});
