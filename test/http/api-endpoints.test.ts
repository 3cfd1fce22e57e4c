/** Contract §2–§3 against the real server: health, version, catalog, flows, messages, variables, keys, webhook. */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync, strFromU8, strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer } from '../support/spawn-server.js';
import { setTimeout as sleep } from 'node:timers/promises';

type Server = Awaited<ReturnType<typeof spawnServer>>;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/flows/${name}.json`, import.meta.url), 'utf8'));

let server: Server;
const api = (method: string, p: string, options?: Parameters<typeof request>[3]) => request(server.url, method, p, options);

beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('health and version', () => {
  it('GET /health and /health_check', async () => {
    expect(await api('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api('GET', '/health_check')).toMatchObject({ status: 200, body: { status: 'ok', db: 'ok' } });
  });

  it('GET /api/v1/version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect((await api('GET', '/api/v1/version')).body).toEqual({ version: pkg.version, main_version: pkg.version, package: 'Flowdesk' });
  });

  it('unknown routes and methods answer JSON, never HTML', async () => {
    const missing = await api('GET', '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Not Found' });
    const wrongMethod = await api('PUT', '/api/v1/version');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toHaveProperty('detail');
  });

  it('serves the editor page at / when not --backend-only', async () => {
    const page = await api('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});

describe('GET /api/v1/all', () => {
  it('lists the core components by category with Langflow type keys, fields and outputs', async () => {
    const catalog = (await api('GET', '/api/v1/all')).body as Record<string, Record<string, any>>;
    const byType = Object.assign({}, ...Object.values(catalog));
    for (const type of ['ChatInput', 'ChatOutput', 'TextInput', 'TextOutput', 'Prompt', 'OpenAIModel']) expect(byType).toHaveProperty(type);
    const openai = byType.OpenAIModel;
    const fieldNames = openai.fields.map((f: any) => f.name);
    for (const f of ['input_value', 'system_message', 'model_name', 'api_key', 'openai_api_base', 'temperature', 'max_tokens', 'seed', 'timeout', 'stream']) expect(fieldNames).toContain(f);
    expect(openai.outputs.map((o: any) => o.name)).toEqual(expect.arrayContaining(['text_output']));
    expect(byType.ChatInput.outputs[0]).toMatchObject({ name: 'message', types: ['Message'] });
  });
});

describe('flows', () => {
  it('seeds the starter flows on first start', async () => {
    const flows = (await api('GET', '/api/v1/flows/')).body as any[];
    const basic = flows.find((f) => f.endpoint_name === 'basic-prompting');
    expect(basic?.name).toBe('Basic Prompting');
    // Langflow's format by default (node templates), Flowdesk's compact nodes with ?format=flowdesk.
    expect(basic.data.nodes.filter((n: any) => n.type === 'genericNode').map((n: any) => n.id).sort()).toEqual(['ChatInput-8a86T', 'ChatOutput-WcGpD', 'OpenAIModel-5UyvQ', 'Prompt-pKfl9']);
    expect(basic.data.nodes.find((n: any) => n.id === 'Prompt-pKfl9').data.node.template.template).toMatchObject({ type: 'prompt', value: 'Answer the user as if you were a pirate.' });
    const compact = ((await api('GET', '/api/v1/flows/?format=flowdesk')).body as any[]).find((f) => f.endpoint_name === 'basic-prompting');
    expect(compact.data.nodes.filter((n: any) => n.type === 'component').map((n: any) => n.id).sort()).toEqual(['ChatInput-8a86T', 'ChatOutput-WcGpD', 'OpenAIModel-5UyvQ', 'Prompt-pKfl9']);
    expect((await api('GET', '/api/v1/flows/?format=xml')).status).toBe(422);
    expect(flows.length).toBeGreaterThanOrEqual(2);
  });

  it('creates (201), reads, updates, lists headers only, and deletes', async () => {
    const created = await api('POST', '/api/v1/flows/', { json: { ...fixture('chat-echo'), name: 'CRUD flow' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'CRUD flow', endpoint_name: null });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const id = created.body.id;
    expect((await api('GET', `/api/v1/flows/${id}`)).body.data.nodes).toHaveLength(4);
    const patched = await api('PATCH', `/api/v1/flows/${id}`, { json: { name: 'CRUD renamed', endpoint_name: 'crud-flow', description: 'd' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'CRUD renamed', endpoint_name: 'crud-flow', description: 'd' });
    expect(patched.body.updated_at >= created.body.updated_at).toBe(true);
    const headers = (await api('GET', '/api/v1/flows/?header_flows=true')).body as any[];
    expect(headers.find((f) => f.id === id)).toMatchObject({ name: 'CRUD renamed', data: null });
    expect(await api('DELETE', `/api/v1/flows/${id}`)).toMatchObject({ status: 200, body: { message: 'Flow deleted successfully' } });
    expect((await api('GET', `/api/v1/flows/${id}`)).status).toBe(404);
    expect((await api('DELETE', `/api/v1/flows/${id}`)).status).toBe(404);
  });

  it('renames a clashing name to "X (1)" and refuses a taken endpoint name', async () => {
    const a = await api('POST', '/api/v1/flows/', { json: { name: 'Twin', endpoint_name: 'twin' } });
    const b = await api('POST', '/api/v1/flows/', { json: { name: 'Twin' } });
    expect(a.body.name).toBe('Twin');
    expect(b.body.name).toBe('Twin (1)');
    const clash = await api('POST', '/api/v1/flows/', { json: { name: 'Other', endpoint_name: 'twin' } });
    expect(clash.status).toBe(400);
    const badName = await api('POST', '/api/v1/flows/', { json: { name: 'Bad', endpoint_name: 'has space' } });
    expect(badName.status).toBe(422);
  });

  it('rejects flow bodies of the wrong shape with 422', async () => {
    expect((await api('POST', '/api/v1/flows/', { json: { name: 5 } })).status).toBe(422);
    expect((await api('POST', '/api/v1/flows/', { json: { name: 'x', data: 'nodes' } })).status).toBe(422);
    expect((await api('PATCH', '/api/v1/flows/not-a-flow', { json: { name: 'x' } })).status).toBe(404);
  });

  it('uploads a flow file (multipart) and a bundle, and downloads one flow or a zip', async () => {
    const form = new FormData();
    form.append('file', new Blob([JSON.stringify({ ...fixture('chat-echo'), name: 'Uploaded' })], { type: 'application/json' }), 'flow.json');
    const uploaded = await api('POST', '/api/v1/flows/upload/', { body: form });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.map((f: any) => f.name)).toEqual(['Uploaded']);
    const id = uploaded.body[0].id;
    const run = await api('POST', `/api/v1/run/${id}`, { json: { input_value: 'up' } });
    expect(run.body.outputs[0].outputs[0].results.result).toBe('Echo: up {literal}');

    const bundle = new FormData();
    bundle.append('file', new Blob([JSON.stringify({ flows: [{ ...fixture('chat-echo'), name: 'B1' }, { ...fixture('chat-echo'), name: 'B2' }] })]), 'bundle.json');
    const many = await api('POST', '/api/v1/flows/upload/', { body: bundle });
    expect(many.body.map((f: any) => f.name)).toEqual(['B1', 'B2']);

    const one = await api('POST', '/api/v1/flows/download/', { json: [id] });
    expect(one.status).toBe(200);
    expect(one.headers.get('content-disposition')).toContain('Uploaded.json');
    const reimport = new FormData();
    reimport.append('file', new Blob([one.text]), 'Uploaded.json');
    const again = await api('POST', '/api/v1/flows/upload/', { body: reimport });
    expect(again.body[0].name).toBe('Uploaded (1)');
    expect(again.body[0].data.nodes).toEqual(uploaded.body[0].data.nodes);

    const zipRes = await fetch(`${server.url}/api/v1/flows/download/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(many.body.map((f: any) => f.id)) });
    expect(zipRes.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zipRes.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['B1.json', 'B2.json']);
    expect(JSON.parse(strFromU8(files['B1.json']!)).name).toBe('B1');

    // The zip goes back in as it came out, as a Langflow project download does (folders and macOS shadows too).
    const zipped = new FormData();
    zipped.append('file', new Blob([await (await fetch(`${server.url}/api/v1/flows/download/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(many.body.map((f: any) => f.id)) })).arrayBuffer()]), 'flows.zip');
    const fromZip = await api('POST', '/api/v1/flows/upload/', { body: zipped });
    expect(fromZip.status, fromZip.text).toBe(201);
    expect(fromZip.body.map((f: any) => f.name)).toEqual(['B1 (1)', 'B2 (1)']);
    const project = zipSync({
      'My project/Basic Prompting.json': strToU8(readFileSync(path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters', 'Basic Prompting.json'), 'utf8')),
      '__MACOSX/My project/._Basic Prompting.json': strToU8('binary junk'),
      'My project/readme.txt': strToU8('not a flow'),
    });
    const projectForm = new FormData();
    projectForm.append('file', new Blob([project]), 'My project.zip');
    const fromProject = await api('POST', '/api/v1/flows/upload/', { body: projectForm });
    expect(fromProject.status, fromProject.text).toBe(201);
    expect(fromProject.body.map((f: any) => f.name)).toEqual(['Basic Prompting (1)']);
  });

  it('refuses zips that hold no flows, broken JSON, or too much', async () => {
    const send = async (bytes: Uint8Array, name = 'x.zip') => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), name);
      return api('POST', '/api/v1/flows/upload/', { body: form });
    };
    const empty = await send(zipSync({ 'notes.txt': strToU8('hi') }));
    expect(empty).toMatchObject({ status: 400, body: { detail: 'x.zip holds no .json flow files' } });
    const broken = await send(zipSync({ 'a.json': strToU8('{"name": ') }));
    expect(broken.status).toBe(422);
    expect(JSON.stringify(broken.body)).toContain('a.json in x.zip is not valid JSON');
    const truncated = zipSync({ 'a.json': strToU8(JSON.stringify(fixture('chat-echo'))) }).slice(0, 40);
    expect((await send(truncated)).status).toBe(400);
    // 64 MB of zeros packs into a few kB: refused from the zip's directory, before inflating.
    const bomb = await send(zipSync({ 'big.json': new Uint8Array(64 * 1024 * 1024) }, { level: 9 }));
    expect(bomb.status).toBe(400);
    expect(bomb.body.detail).toMatch(/x\.zip unpacks to more than \d+ MB of flows/);
  });

  it('refuses uploads that are not flows, clearly', async () => {
    const form = new FormData();
    form.append('file', new Blob(['not json']), 'x.json');
    const bad = await api('POST', '/api/v1/flows/upload/', { body: form });
    expect(bad.status).toBe(422);
    const noFile = new FormData();
    noFile.append('other', 'x');
    expect((await api('POST', '/api/v1/flows/upload/', { body: noFile })).status).toBe(400);
    expect((await api('POST', '/api/v1/flows/download/', { json: ['nope'] })).status).toBe(404);
  });
});

describe('messages', () => {
  it('lists stored messages with filters and order, and forgets a session (204)', async () => {
    const flow = await api('POST', '/api/v1/flows/', { json: { ...fixture('chat-echo'), name: 'Msg flow' } });
    const id = flow.body.id;
    await api('POST', `/api/v1/run/${id}`, { json: { input_value: 'one', session_id: 'm-1' } });
    await api('POST', `/api/v1/run/${id}`, { json: { input_value: 'two', session_id: 'm-1' } });
    await api('POST', `/api/v1/run/${id}`, { json: { input_value: 'three', session_id: 'm-2' } });
    const all = (await api('GET', `/api/v1/monitor/messages?flow_id=${id}`)).body as any[];
    expect(all).toHaveLength(6);
    expect(all[0]).toMatchObject({ text: 'one', sender: 'User', sender_name: 'User', session_id: 'm-1', flow_id: id });
    const machine = (await api('GET', `/api/v1/monitor/messages?flow_id=${id}&sender=Machine&order_by=-timestamp`)).body as any[];
    expect(machine.map((m) => m.text)).toEqual(['Echo: three {literal}', 'Echo: two {literal}', 'Echo: one {literal}']);
    const byName = (await api('GET', `/api/v1/monitor/messages?flow_id=${id}&sender_name=User&session_id=m-2`)).body as any[];
    expect(byName.map((m) => m.text)).toEqual(['three']);
    expect((await api('DELETE', '/api/v1/monitor/messages/session/m-1')).status).toBe(204);
    expect(((await api('GET', `/api/v1/monitor/messages?flow_id=${id}`)).body as any[]).map((m) => m.session_id)).toEqual(['m-2', 'm-2']);
  });
});

describe('global variables', () => {
  it('creates, lists (credential values hidden), updates and deletes', async () => {
    const cred = await api('POST', '/api/v1/variables/', { json: { name: 'MY_SECRET', value: 'sup3r-s3cret-value', type: 'Credential' } });
    expect(cred.status).toBe(201);
    expect(cred.body).toMatchObject({ name: 'MY_SECRET', type: 'Credential', value: null });
    const gen = await api('POST', '/api/v1/variables/', { json: { name: 'GREETING', value: 'hello', type: 'Generic' } });
    expect(gen.body.value).toBe('hello');
    expect((await api('POST', '/api/v1/variables/', { json: { name: 'GREETING', value: 'again' } })).status).toBe(400);
    expect((await api('POST', '/api/v1/variables/', { json: { name: 'X', value: 1 } })).status).toBe(422);
    const listed = await api('GET', '/api/v1/variables/');
    expect(listed.text).not.toContain('sup3r-s3cret-value');
    const updated = await api('PATCH', `/api/v1/variables/${gen.body.id}`, { json: { value: 'bonjour' } });
    expect(updated.body.value).toBe('bonjour');
    expect((await api('DELETE', `/api/v1/variables/${gen.body.id}`)).status).toBe(204);
    expect((await api('DELETE', `/api/v1/variables/${gen.body.id}`)).status).toBe(404);
    // At rest, the credential is not readable in any data file.
    for (const file of await readdir(server.dataDir)) {
      const p = path.join(server.dataDir, file);
      const text = await readFile(p, 'utf8').catch(() => '');
      expect(text, file).not.toContain('sup3r-s3cret-value');
    }
  });
});

describe('API keys', () => {
  it('creates a key shown once, lists it masked, accepts it, refuses a wrong one, revokes it', async () => {
    const created = await api('POST', '/api/v1/api_key/', { json: { name: 'script' } });
    expect(created.status).toBe(200);
    const key: string = created.body.api_key;
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{32,}$/);
    const listed = await api('GET', '/api/v1/api_key/');
    expect(listed.text).not.toContain(key);
    expect(listed.body.api_keys.find((k: any) => k.id === created.body.id).api_key).toMatch(/^sk-.{4}\*+$/);

    expect((await api('GET', '/api/v1/flows/', { headers: { 'x-api-key': key } })).status).toBe(200);
    expect((await api('GET', `/api/v1/flows/?x-api-key=${key}`)).status).toBe(200);
    const wrong = await api('GET', '/api/v1/flows/', { headers: { 'x-api-key': 'sk-wrong' } });
    expect(wrong).toMatchObject({ status: 403, body: { detail: 'Invalid or missing API key' } });
    // Keyless requests keep working on loopback.
    expect((await api('GET', '/api/v1/flows/')).status).toBe(200);

    const after = (await api('GET', '/api/v1/api_key/')).body.api_keys.find((k: any) => k.id === created.body.id);
    expect(after.total_uses).toBeGreaterThanOrEqual(2);
    expect(after.last_used_at).not.toBeNull();

    expect((await api('DELETE', `/api/v1/api_key/${created.body.id}`)).status).toBe(200);
    expect((await api('GET', '/api/v1/flows/', { headers: { 'x-api-key': key } })).status).toBe(403);
  });
});

describe('POST /api/v1/webhook/{flow}', () => {
  it('answers 202 at once and runs the flow in the background with the raw body', async () => {
    const flow = await api('POST', '/api/v1/flows/', { json: { ...fixture('chat-echo'), name: 'Hooked' } });
    const res = await api('POST', `/api/v1/webhook/${flow.body.id}`, { body: 'raw payload', headers: { 'content-type': 'text/plain' } });
    expect(res).toMatchObject({ status: 202, body: { message: 'Task started in the background', status: 'in progress' } });
    let texts: string[] = [];
    for (let i = 0; i < 50 && texts.length < 2; i++) {
      await sleep(50);
      texts = ((await api('GET', `/api/v1/monitor/messages?flow_id=${flow.body.id}`)).body as any[]).map((m) => m.text);
    }
    expect(texts).toEqual(['raw payload', 'Echo: raw payload {literal}']);
    expect((await api('POST', '/api/v1/webhook/unknown-flow', { body: 'x' })).status).toBe(404);
  });
});

describe('GET /health_check when storage fails', () => {
  it('answers 500 with "nok" once the data directory is gone, and /health stays up', async () => {
    const doomed = await spawnServer();
    try {
      expect((await request(doomed.url, 'GET', '/health_check')).status).toBe(200);
      const { rm } = await import('node:fs/promises');
      await rm(doomed.dataDir, { recursive: true, force: true });
      const res = await request(doomed.url, 'GET', '/health_check');
      expect(res).toMatchObject({ status: 500, body: { status: 'nok', db: 'nok' } });
      expect((await request(doomed.url, 'GET', '/health')).status).toBe(200);
    } finally {
      await doomed.stop();
    }
  });
});
