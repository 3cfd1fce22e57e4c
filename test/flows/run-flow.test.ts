/** Run Flow: another saved flow as a step and as an Agent's tool, on a real server; flows that run themselves stop. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

let server: SpawnedServer;
let openai: FakeOpenAI;

const component = (id: string, values: Record<string, unknown> = {}) => ({ id, type: 'component', position: { x: 0, y: 0 }, data: { type: id.slice(0, id.lastIndexOf('-')), values } });
const link = (from: string, to: string) => {
  const [source, sourceHandle] = from.split('.');
  const [target, targetHandle] = to.split('.');
  return { id: `${from}->${to}`, source, sourceHandle, target, targetHandle };
};
const flowDoc = (name: string, nodes: unknown[], edges: unknown[]) => ({ name, data: { nodes, edges, viewport: { x: 0, y: 0, zoom: 1 } } });

async function create(doc: unknown): Promise<string> {
  const res = await request(server.url, 'POST', '/api/v1/flows/', { json: doc });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  openai = await startFakeOpenAI({
    respond: (body) => {
      const messages = body.messages as { role: string; content: string }[];
      const result = messages.find((m) => m.role === 'tool');
      return result ? { text: `The echo flow said: ${result.content}` } : { toolCalls: [{ name: 'run_flow_Chat_echo', arguments: { input_value: 'from the agent' } }] };
    },
  });
  server = await spawnServer({ env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-test' } });
  await create(JSON.parse(readFileSync(new URL('../fixtures/flows/chat-echo.json', import.meta.url), 'utf8')));
});
afterAll(async () => {
  await server?.stop();
  await openai?.close();
});

describe('Run Flow', () => {
  it('runs another flow as a step, with the input, and passes its answer on', async () => {
    const id = await create(
      flowDoc(
        'Calls echo',
        [component('ChatInput-rf001'), component('RunFlow-rf002', { flow_name_selected: 'Chat echo' }), component('ChatOutput-rf003')],
        [link('ChatInput-rf001.message', 'RunFlow-rf002.input_value'), link('RunFlow-rf002.flow_outputs_message', 'ChatOutput-rf003.input_value')],
      ),
    );
    const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'ping', session_id: 'rf-1' } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.outputs[0].outputs[0].results.message.text).toBe('Echo: ping {literal}');
    // Only the calling flow's conversation is stored.
    const stored = await request(server.url, 'GET', '/api/v1/monitor/messages?session_id=rf-1');
    expect(stored.body.map((m: any) => m.text)).toEqual(['ping', 'Echo: ping {literal}']);
  });

  it('is a tool an Agent calls', async () => {
    const id = await create(
      flowDoc(
        'Agent with a flow tool',
        [component('ChatInput-ag001'), component('RunFlow-ag002', { flow_name_selected: 'Chat echo' }), component('Agent-ag003', { add_current_date_tool: false }), component('ChatOutput-ag004')],
        [
          link('ChatInput-ag001.message', 'Agent-ag003.input_value'),
          link('RunFlow-ag002.component_as_tool', 'Agent-ag003.tools'),
          link('Agent-ag003.response', 'ChatOutput-ag004.input_value'),
        ],
      ),
    );
    const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'use the echo flow' } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.outputs[0].outputs[0].results.message.text).toBe('The echo flow said: Echo: from the agent {literal}');
  });

  it('stops a flow that runs itself, naming the limit', async () => {
    const id = await create(
      flowDoc('Ouroboros', [component('ChatInput-ou001'), component('RunFlow-ou002', { flow_name_selected: 'Ouroboros' })], [link('ChatInput-ou001.message', 'RunFlow-ou002.input_value')]),
    );
    const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'again' } });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body.detail).message).toContain('Flows run flows more than 5 deep (does "Ouroboros" run itself?)');
    const missing = await create(flowDoc('Calls nothing', [component('RunFlow-mi001', { flow_name_selected: 'No such flow' })], []));
    const miss = await request(server.url, 'POST', `/api/v1/run/${missing}`, { json: {} });
    expect(JSON.parse(miss.body.detail).message).toContain('Flow "No such flow" not found');
  });
});
