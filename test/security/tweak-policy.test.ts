/**
 * `--tweaks-policy` / FLOWDESK_TWEAKS_POLICY against the real server, on both run paths (the fast
 * path `/api/v1/run/<ref>` and the Koa route `/api/v1/run/<ref>/`): declared honours the fields a
 * flow marks as API fields (Flowdesk's `api_editable`, Langflow's template `api_editable`), off
 * refuses every tweak, and the editor learns the policy from GET /api/v1/settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { raw, type RawResponse } from '../support/http.js';
import { setTimeout as sleep } from 'node:timers/promises';

const PATHS = [(ref: string) => `/api/v1/run/${ref}`, (ref: string) => `/api/v1/run/${ref}/`];

const post = (server: SpawnedServer, path: string, body: unknown): Promise<RawResponse> =>
  raw(server.url, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Chat Input → Prompt (`{text}`) → Chat Output; the Prompt's template is its only API field when `declare`. */
function promptFlow(name: string, declare: boolean): unknown {
  return {
    name,
    data: {
      nodes: [
        { id: 'ChatInput-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: {} } },
        { id: 'Prompt-bbbbb', type: 'component', position: { x: 300, y: 0 }, data: { type: 'Prompt', values: { template: 'Saved: {text}' }, ...(declare ? { api_editable: ['template'] } : {}) } },
        { id: 'ChatOutput-ccccc', type: 'component', position: { x: 600, y: 0 }, data: { type: 'ChatOutput', values: {} } },
      ],
      edges: [
        { id: 'e1', source: 'ChatInput-aaaaa', sourceHandle: 'message', target: 'Prompt-bbbbb', targetHandle: 'text' },
        { id: 'e2', source: 'Prompt-bbbbb', sourceHandle: 'prompt', target: 'ChatOutput-ccccc', targetHandle: 'input_value' },
      ],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}

const text = (res: RawResponse) => res.json.outputs[0].outputs[0].results.message.text as string;

async function createFlow(server: SpawnedServer, body: unknown): Promise<string> {
  const res = await post(server, '/api/v1/flows/?format=flowdesk', body);
  expect(res.status).toBe(201);
  return res.json.id as string;
}

describe('--tweaks-policy declared', () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnServer({ args: ['--tweaks-policy', 'declared'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('tells the editor the policy', async () => {
    expect((await raw(server.url, '/api/v1/settings')).json.tweaks_policy).toBe('declared');
  });

  it('accepts only the fields a declaring flow marks, and refuses the rest naming node and field', async () => {
    const flowId = await createFlow(server, promptFlow('declares its template', true));
    for (const path of PATHS) {
      const ok = await post(server, path(flowId), { input_value: 'hi', tweaks: { 'Prompt-bbbbb': { template: 'Tweaked: {text}' } } });
      expect(ok.status).toBe(200);
      expect(text(ok)).toBe('Tweaked: hi');
      const refused = await post(server, path(flowId), { input_value: 'hi', tweaks: { 'Prompt-bbbbb': { template: 'x {text}' }, 'ChatOutput-ccccc': { sender_name: 'Robot' } } });
      expect(refused.status).toBe(422);
      expect(refused.json.detail).toMatchObject({ code: 'TWEAKS_REFUSED', fields: ['sender_name'], refused: [{ node: 'ChatOutput-ccccc', field: 'sender_name' }] });
      expect(refused.json.detail.message).toContain('declares which fields the API may set');
    }
  });

  it('leaves a flow that marks nothing permissive, and reads api_editable from a Langflow export', async () => {
    const open = await createFlow(server, promptFlow('declares nothing', false));
    for (const path of PATHS) {
      const res = await post(server, path(open), { input_value: 'hi', tweaks: { sender_name: 'Robot' } });
      expect(res.status).toBe(200);
      expect(res.json.outputs[0].outputs[0].results.message.sender_name).toBe('Robot');
    }
    const langflow = {
      name: 'Langflow export with an API field',
      data: {
        nodes: [
          { id: 'ChatInput-lf001', type: 'genericNode', position: { x: 0, y: 0 }, data: { type: 'ChatInput', node: { template: { input_value: { value: '', api_editable: true } } } } },
          { id: 'ChatOutput-lf002', type: 'genericNode', position: { x: 300, y: 0 }, data: { type: 'ChatOutput', node: { template: { sender_name: { value: 'AI', api_editable: false } } } } },
        ],
        edges: [{ source: 'ChatInput-lf001', target: 'ChatOutput-lf002', data: { sourceHandle: { name: 'message' }, targetHandle: { fieldName: 'input_value' } } }],
      },
    };
    const imported = await createFlow(server, langflow);
    const stored = await raw(server.url, `/api/v1/flows/${imported}?format=flowdesk`);
    expect(stored.json.data.nodes[0].data.api_editable).toEqual(['input_value']);
    for (const path of PATHS) {
      expect((await post(server, path(imported), { tweaks: { 'ChatInput-lf001': { input_value: 'via tweak' } } })).status).toBe(200);
      expect((await post(server, path(imported), { input_value: 'x', tweaks: { 'ChatOutput-lf002': { sender_name: 'Robot' } } })).status).toBe(422);
    }
  });
});

describe('--tweaks-policy off (FLOWDESK_TWEAKS_POLICY)', () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnServer({ env: { FLOWDESK_TWEAKS_POLICY: 'off' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses every tweak, marked or not, streamed or not, and still takes input_value and session_id', async () => {
    expect((await raw(server.url, '/api/v1/settings')).json.tweaks_policy).toBe('off');
    const flowId = await createFlow(server, promptFlow('declares its template', true));
    for (const path of PATHS) {
      for (const query of ['', '?stream=true']) {
        for (const body of [
          { input_value: 'hi', tweaks: { 'Prompt-bbbbb': { template: 'x {text}' } } },
          { input_value: 'hi', tweaks: { sender_name: 'Robot' } },
          { tweaks: { 'ChatInput-aaaaa': { input_value: 'y' } } },
        ]) {
          const res = await post(server, path(flowId) + query, body);
          expect(res.status).toBe(422);
          expect(res.json.detail.code).toBe('TWEAKS_REFUSED');
          expect(res.json.detail.message).toContain('This deployment does not accept tweaks.');
        }
      }
      const ok = await post(server, path(flowId), { input_value: 'hi', session_id: 'policy-off', tweaks: { 'Nobody-zzzzz': { template: 'x' } } });
      expect(ok.status).toBe(200);
      expect(text(ok)).toBe('Saved: hi');
      expect(ok.json.session_id).toBe('policy-off');
    }
  });

  it('still feeds a webhook body to the Webhook node (the server builds that tweak, not a caller)', async () => {
    const flowId = await createFlow(server, {
      name: 'hooked',
      data: {
        nodes: [
          { id: 'Webhook-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'Webhook', values: {} } },
          { id: 'ChatOutput-bbbbb', type: 'component', position: { x: 300, y: 0 }, data: { type: 'ChatOutput', values: {} } },
        ],
        edges: [{ id: 'e1', source: 'Webhook-aaaaa', sourceHandle: 'output_data', target: 'ChatOutput-bbbbb', targetHandle: 'input_value' }],
        viewport: { x: 0, y: 0, zoom: 1 },
      },
    });
    const hook = await raw(server.url, `/api/v1/webhook/${flowId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event": "hooked-payload"}' });
    expect(hook.status).toBe(202);
    let stored = '';
    for (let i = 0; i < 50 && !stored.includes('hooked-payload'); i++) {
      await sleep(50);
      stored = (await raw(server.url, `/api/v1/monitor/messages?flow_id=${flowId}`)).text;
    }
    expect(stored).toContain('hooked-payload');
  });
});
