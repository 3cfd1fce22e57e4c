/**
 * Secrets: credential values and API keys never appear in logs (at debug level, across runs,
 * errors, webhooks and exports), never come back from the API, never sit in plain text on disk.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAdminToken } from '../../server/services/admin-token.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { makeTempDir, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { raw } from '../support/http.js';

const SECRET = `sk-credential-${randomBytes(12).toString('hex')}`;
const WRONG_KEY = `sk-wrong-${randomBytes(12).toString('hex')}`;

let fake: FakeOpenAI;
let failing: FakeOpenAI;
let echoing: FakeOpenAI;
const URL_SECRET = `urlsecret${randomBytes(8).toString('hex')}`;
let server: SpawnedServer;
let dataDir: string;
const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(server.url, p, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

function modelFlow(name: string, baseURL: string): unknown {
  return {
    name,
    data: {
      nodes: [
        { id: 'ChatInput-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: {} } },
        {
          id: 'OpenAIModel-bbbbb',
          type: 'component',
          position: { x: 300, y: 0 },
          data: { type: 'OpenAIModel', values: { openai_api_base: baseURL, timeout: 5 }, global_variables: { api_key: 'MY_PROVIDER_KEY' } },
        },
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

beforeAll(async () => {
  fake = await startFakeOpenAI({ reply: 'fine' });
  failing = await startFakeOpenAI({ error: { status: 401, message: 'Incorrect API key provided', code: 'invalid_api_key' } });
  echoing = await startFakeOpenAI({ error: { status: 401, message: `Incorrect API key provided: ${SECRET}`, code: 'invalid_api_key' } });
  dataDir = await makeTempDir();
  server = await spawnServer({ dataDir, args: ['--log-level', 'debug'] });
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
  await failing?.close();
  await echoing?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('secrets', () => {
  let apiKey: string;
  let flowId: string;

  it('uses a credential in runs without ever returning it', async () => {
    const created = await post('/api/v1/variables/', { name: 'MY_PROVIDER_KEY', value: SECRET, type: 'Credential' });
    expect(created.status).toBe(201);
    expect(created.json.value).toBeNull();
    expect(created.text).not.toContain(SECRET);
    const patched = await raw(server.url, `/api/v1/variables/${created.json.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: SECRET }) });
    expect(patched.json.value).toBeNull();
    expect((await raw(server.url, '/api/v1/variables/')).text).not.toContain(SECRET);

    flowId = (await post('/api/v1/flows/', modelFlow('uses a credential', fake.baseURL))).json.id;
    const run = await post(`/api/v1/run/${flowId}`, { input_value: 'hello' });
    expect(run.status).toBe(200);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(run.text).not.toContain(SECRET);
    const streamed = await post(`/api/v1/run/${flowId}?stream=true`, { input_value: 'hello again' });
    expect(streamed.text).not.toContain(SECRET);

    const failingFlow = (await post('/api/v1/flows/', modelFlow('provider refuses', failing.baseURL))).json.id;
    const failed = await post(`/api/v1/run/${failingFlow}`, { input_value: 'hello' });
    expect(failed.status).toBe(500);
    expect(failed.text).not.toContain(SECRET);
    expect((await raw(server.url, `/api/v1/webhook/${failingFlow}`, { method: 'POST', body: 'hook' })).status).toBe(202);
  });

  it('masks a credential that a provider echoes back, and keys in URLs, in answers and logs alike', async () => {
    const echoFlow = (await post('/api/v1/flows/', modelFlow('provider echoes the key', echoing.baseURL))).json.id;
    for (const query of ['', '?stream=true']) {
      const res = await post(`/api/v1/run/${echoFlow}${query}`, { input_value: 'hello' });
      expect(res.text).toContain('Incorrect API key provided: ***');
      expect(res.text).not.toContain(SECRET);
    }
    const unreachable = (await post('/api/v1/flows/', modelFlow('key in the URL', `http://127.0.0.1:9/v1?api_key=${URL_SECRET}`))).json.id;
    const res = await post(`/api/v1/run/${unreachable}`, { input_value: 'hello' });
    expect(res.status).toBe(500);
    expect(res.text).not.toContain(URL_SECRET);
  });

  it('keeps only the variable name in exports', async () => {
    const exported = await post('/api/v1/flows/download/', [flowId]);
    expect(exported.status).toBe(200);
    expect(exported.text).not.toContain(SECRET);
    expect(exported.text).toContain('MY_PROVIDER_KEY');
  });

  it('shows API keys once, masked afterwards', async () => {
    const created = await post('/api/v1/api_key/', { name: 'logged?' });
    apiKey = created.json.api_key;
    expect((await raw(server.url, '/api/v1/flows/', { headers: { 'x-api-key': apiKey } })).status).toBe(200);
    expect((await raw(server.url, `/api/v1/flows/?x-api-key=${apiKey}`)).status).toBe(200);
    expect((await raw(server.url, `/api/v1/flows/?x-api-key=${WRONG_KEY}`)).status).toBe(403);
    expect((await raw(server.url, `/api/v1/run/${flowId}?x-api-key=${WRONG_KEY}`, { method: 'POST' })).status).toBe(403);
    expect((await raw(server.url, '/api/v1/api_key/')).text).not.toContain(apiKey);
  });

  it('never writes a credential, a key or the admin token to the logs or in plain text to disk', async () => {
    const admin = (await readAdminToken(dataDir)) as string;
    expect((await raw(server.url, '/api/v1/flows/', { headers: { 'x-api-key': admin } })).status).toBe(200);
    await sleep(300); // the webhook run and the key-usage counters
    await server.stop();
    const logs = server.stdout() + server.stderr();
    expect(logs).toContain('DEBUG'); // debug logging was on
    expect(logs).toContain('POST /api/v1/run/');
    expect(logs).toMatch(/ERROR .*Incorrect API key provided/);
    expect(logs).toContain('Incorrect API key provided: ***');
    for (const secret of [SECRET, apiKey, WRONG_KEY, admin, URL_SECRET]) {
      expect(logs).not.toContain(secret);
      expect(logs).not.toContain(secret.slice(-16));
    }
    for (const file of await readdir(dataDir)) {
      const text = await readFile(path.join(dataDir, file), 'utf8');
      expect(text, file).not.toContain(SECRET);
      expect(text, file).not.toContain(apiKey);
    }
  });
});
