/**
 * Credentials never leave through runs: a tweak cannot send a stored key elsewhere, a Credential
 * fills only secret fields, the environment only secret fields (own entries, plain names), and
 * Object.prototype is no variable. Every run goes through both request paths: the fast path
 * (`/api/v1/run/<ref>`) and the Koa route (`/api/v1/run/<ref>/`).
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { makeTempDir, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { raw, type RawResponse } from '../support/http.js';

const CREDENTIAL = `sk-credential-${randomBytes(12).toString('hex')}`;
const ENV_SECRET = `sk-environment-${randomBytes(12).toString('hex')}`;
const GENERIC = `generic-${randomBytes(6).toString('hex')}`;
/** Both ways into the run route. */
const PATHS = [(ref: string) => `/api/v1/run/${ref}`, (ref: string) => `/api/v1/run/${ref}/`];

let server: SpawnedServer;
let dataDir: string;
let provider: FakeOpenAI;
let attacker: FakeOpenAI;

const post = (path: string, body: unknown): Promise<RawResponse> =>
  raw(server.url, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Chat Input (its text bound to a variable) → Chat Output. */
/** A failed run's message: Langflow 1.8's `detail` is JSON text holding it. */
function failureText(res: RawResponse): string {
  return String(JSON.parse(res.json.detail as string).message);
}

function boundChatFlow(name: string, variable: string): unknown {
  return {
    name,
    data: {
      nodes: [
        { id: 'ChatInput-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: {}, global_variables: { input_value: variable } } },
        { id: 'ChatOutput-bbbbb', type: 'component', position: { x: 300, y: 0 }, data: { type: 'ChatOutput', values: {} } },
      ],
      edges: [{ id: 'e1', source: 'ChatInput-aaaaa', sourceHandle: 'message', target: 'ChatOutput-bbbbb', targetHandle: 'input_value' }],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}

/** Chat Input → OpenAI (key bound to `variable`, base URL saved in the flow) → Chat Output. */
function keyFlow(name: string, variable: string, baseURL: string): unknown {
  return {
    name,
    data: {
      nodes: [
        { id: 'ChatInput-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: {} } },
        { id: 'OpenAIModel-bbbbb', type: 'component', position: { x: 300, y: 0 }, data: { type: 'OpenAIModel', values: { openai_api_base: baseURL, timeout: 5 }, global_variables: { api_key: variable } } },
        { id: 'ChatOutput-ccccc', type: 'component', position: { x: 600, y: 0 }, data: { type: 'ChatOutput', values: {} } },
      ],
      edges: [
        { id: 'e1', source: 'ChatInput-aaaaa', sourceHandle: 'message', target: 'OpenAIModel-bbbbb', targetHandle: 'input_value' },
        { id: 'e2', source: 'OpenAIModel-bbbbb', sourceHandle: 'text_output', target: 'ChatOutput-ccccc', targetHandle: 'input_value' },
      ],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}

async function createFlow(body: unknown): Promise<string> {
  const res = await post('/api/v1/flows/', body);
  expect(res.status).toBe(201);
  return res.json.id as string;
}

beforeAll(async () => {
  provider = await startFakeOpenAI({ reply: 'fine' });
  attacker = await startFakeOpenAI({ reply: 'thanks for the key' });
  dataDir = await makeTempDir();
  server = await spawnServer({ dataDir, env: { OPENAI_API_KEY: ENV_SECRET, CREDS_TEST_SECRET: ENV_SECRET } });
  expect((await post('/api/v1/variables/', { name: 'MY_CREDENTIAL', value: CREDENTIAL, type: 'Credential' })).status).toBe(201);
  expect((await post('/api/v1/variables/', { name: 'MY_GENERIC', value: GENERIC, type: 'Generic' })).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  await provider?.close();
  await attacker?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('a tweak cannot redirect a stored key', () => {
  it('refuses the base URL of a model whose key comes from the environment, with 422 naming node and field', async () => {
    for (const path of PATHS) {
      for (const query of ['', '?stream=true']) {
        const res = await post(path('basic-prompting') + query, { input_value: 'hi', tweaks: { 'OpenAIModel-5UyvQ': { openai_api_base: attacker.baseURL } } });
        expect(res.status).toBe(422);
        expect(res.json.detail).toMatchObject({ error: 'Refused tweaks', code: 'TWEAKS_REFUSED', fields: ['openai_api_base'] });
        expect(res.json.detail.refused).toEqual([{ node: 'OpenAIModel-5UyvQ', field: 'openai_api_base', reason: expect.any(String) }]);
        expect(res.json.detail.message).toContain('"openai_api_base" of node "OpenAIModel-5UyvQ"');
      }
    }
    // By display name, and for every node with the field, too.
    for (const tweaks of [{ OpenAI: { openai_api_base: attacker.baseURL } }, { openai_api_base: attacker.baseURL }]) {
      for (const path of PATHS) expect((await post(path('basic-prompting'), { input_value: 'hi', tweaks })).status).toBe(422);
    }
    expect(attacker.requests).toHaveLength(0);
  });

  it('refuses the base URL of a model whose key is a Credential variable, and never sets a key', async () => {
    const flowId = await createFlow(keyFlow('credential key', 'MY_CREDENTIAL', provider.baseURL));
    for (const path of PATHS) {
      const res = await post(path(flowId), { input_value: 'hi', tweaks: { 'OpenAIModel-bbbbb': { openai_api_base: attacker.baseURL } } });
      expect(res.status).toBe(422);
      expect(res.json.detail.refused).toEqual([expect.objectContaining({ node: 'OpenAIModel-bbbbb', field: 'openai_api_base' })]);
      const key = await post(path(flowId), { input_value: 'hi', tweaks: { 'OpenAIModel-bbbbb': { api_key: 'sk-mine' } } });
      expect(key.status).toBe(422);
      expect(key.json.detail.fields).toEqual(['api_key']);
      expect(key.text).not.toContain('sk-mine');
    }
    expect(attacker.requests).toHaveLength(0);
    // The flow itself still sends its key where it says, and other fields stay tweakable.
    for (const path of PATHS) {
      const ok = await post(path(flowId), { input_value: 'hi', tweaks: { 'OpenAIModel-bbbbb': { temperature: 0.5 } } });
      expect(ok.status).toBe(200);
      expect(provider.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CREDENTIAL}`);
    }
  });
});

describe('a Credential fills only secret fields', () => {
  it('fails a run whose plain field is bound to a Credential, naming field and variable, and stores nothing', async () => {
    const flowId = await createFlow(boundChatFlow('credential in chat input', 'MY_CREDENTIAL'));
    for (const path of PATHS) {
      for (const query of ['', '?stream=true']) {
        const res = await post(path(flowId) + query, { session_id: 'credential-session' });
        expect(res.text).not.toContain(CREDENTIAL);
        if (query === '') {
          expect(res.status).toBe(500);
          expect(failureText(res)).toContain('"input_value"');
          expect(failureText(res)).toContain('"MY_CREDENTIAL"');
        } else {
          expect(res.text).toContain('MY_CREDENTIAL');
        }
      }
    }
    const messages = await raw(server.url, `/api/v1/monitor/messages?flow_id=${flowId}`);
    expect(messages.status).toBe(200);
    expect(messages.text).not.toContain(CREDENTIAL);
    expect((await raw(server.url, '/api/v1/monitor/messages')).text).not.toContain(CREDENTIAL);
  });

  it('still fills a plain field from a Generic variable', async () => {
    const flowId = await createFlow(boundChatFlow('generic in chat input', 'MY_GENERIC'));
    for (const path of PATHS) {
      const res = await post(path(flowId), {});
      expect(res.status).toBe(200);
      expect(res.json.outputs[0].outputs[0].results.message.text).toBe(GENERIC);
    }
  });
});

describe('the environment fills only secret fields, by own plain names', () => {
  it('never gives a plain field an environment variable: the field takes its default, with a warning', async () => {
    for (const name of ['CREDS_TEST_SECRET', 'HOME', 'PATH']) {
      const flowId = await createFlow(boundChatFlow(`environment ${name}`, name));
      for (const path of PATHS) {
        const res = await post(path(flowId), {});
        expect(res.status).toBe(200);
        expect(res.json.outputs[0].outputs[0].results.message.text).toBe('');
        expect(res.text).not.toContain(ENV_SECRET);
        if (process.env.HOME) expect(res.text).not.toContain(`"${process.env.HOME}"`);
      }
      // The editor's live run says why the field is empty.
      const live = await post(`/api/v1/editor/run/${flowId}`, {});
      const warnings = live.text.trim().split('\n').map((line) => JSON.parse(line)).filter((e) => e.type === 'node_warning');
      expect(warnings).toEqual([{ type: 'node_warning', nodeId: 'ChatInput-aaaaa', message: `Global variable "${name}" (field "input_value") not found: the field takes its default` }]);
      expect(live.text).not.toContain(ENV_SECRET);
    }
  });

  it('gives a secret field its environment variable', async () => {
    const flowId = await createFlow(keyFlow('key from the environment', 'CREDS_TEST_SECRET', provider.baseURL));
    for (const path of PATHS) {
      const res = await post(path(flowId), { input_value: 'hi' });
      expect(res.status).toBe(200);
      expect(provider.requests.at(-1)?.headers.authorization).toBe(`Bearer ${ENV_SECRET}`);
      expect(res.text).not.toContain(ENV_SECRET);
    }
  });
});

describe('Object.prototype is no variable', () => {
  it('finds nothing for valueOf, toString or constructor, in plain and in secret fields', async () => {
    for (const name of ['valueOf', 'toString', 'constructor', 'hasOwnProperty']) {
      const plain = await createFlow(boundChatFlow(`prototype ${name}`, name));
      const secret = await createFlow(keyFlow(`prototype key ${name}`, name, attacker.baseURL));
      for (const path of PATHS) {
        const plainRun = await post(path(plain), {});
        expect(plainRun.status).toBe(200);
        expect(plainRun.json.outputs[0].outputs[0].results.message.text).toBe('');
        const secretRun = await post(path(secret), { input_value: 'hi' });
        expect(secretRun.status).toBe(500);
        expect(failureText(secretRun)).toContain(`Global variable "${name}"`);
        expect(failureText(secretRun)).toContain('not found');
        for (const res of [plainRun, secretRun]) expect(res.text).not.toContain('native code');
      }
    }
    expect(attacker.requests).toHaveLength(0);
  });
});
