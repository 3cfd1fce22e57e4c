/** Contract §1 against the real server over HTTP: blocking runs, tweaks, input/output types, errors. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { spawnServer } from '../support/spawn-server.js';

type Server = Awaited<ReturnType<typeof spawnServer>>;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/flows/${name}.json`, import.meta.url), 'utf8'));

let server: Server;
let echoId: string;
let ioId: string;

const run = (flow: string, json?: unknown, query = '') =>
  request(server.url, 'POST', `/api/v1/run/${flow}${query}`, json === undefined ? {} : { json });

beforeAll(async () => {
  server = await spawnServer();
  echoId = (await request(server.url, 'POST', '/api/v1/flows/', { json: fixture('chat-echo') })).body.id;
  ioId = (await request(server.url, 'POST', '/api/v1/flows/', { json: fixture('io-mix') })).body.id;
});

afterAll(async () => {
  await server?.stop();
});

describe('POST /api/v1/run/{flow}', () => {
  it('answers with the Langflow-shaped response', async () => {
    const res = await run(echoId, { input_value: 'hi, are you there?', output_type: 'chat', input_type: 'chat' });
    expect(res.status).toBe(200);
    expect(res.body.session_id).toBe(echoId);
    expect(res.body.outputs).toHaveLength(1);
    const [block] = res.body.outputs;
    expect(block.inputs).toEqual({ input_value: 'hi, are you there?' });
    expect(block.outputs).toHaveLength(1);
    const out = block.outputs[0];
    expect(out.component_id).toBe('ChatOutput-out01');
    expect(out.component_display_name).toBe('Chat Output');
    expect(out.results.message.text).toBe('Echo: hi, are you there? {literal}');
    expect(out.results.result).toBe('Echo: hi, are you there? {literal}');
    expect(out.results.message).toMatchObject({ sender: 'Machine', sender_name: 'AI', session_id: echoId, flow_id: echoId, files: [], error: false });
    expect(out.results.message.properties.source.id).toBe('Prompt-echo1');
    expect(out.artifacts).toMatchObject({ message: 'Echo: hi, are you there? {literal}', sender: 'Machine', sender_name: 'AI', files: [], type: 'object' });
    expect(out.outputs).toEqual({ message: { message: 'Echo: hi, are you there? {literal}', type: 'text' } });
    expect(out.logs).toEqual({ message: [] });
    expect(out.messages).toEqual([
      { message: 'Echo: hi, are you there? {literal}', sender: 'Machine', sender_name: 'AI', session_id: echoId, component_id: 'ChatOutput-out01', files: [], type: 'text', stream_url: null },
    ]);
    expect(out.used_frozen_result).toBe(false);
  });

  it('accepts the endpoint name instead of the id', async () => {
    const res = await run('io-mix', { input_value: 'x' });
    expect(res.status).toBe(200);
    expect(res.body.session_id).toBe(ioId);
  });

  it('runs with no payload at all, keeping saved inputs', async () => {
    const res = await request(server.url, 'POST', `/api/v1/run/${ioId}`);
    expect(res.status).toBe(200);
    expect(res.body.outputs[0].inputs).toEqual({});
    expect(res.body.outputs[0].outputs[0].results.result).toBe('chat=saved chat text=saved text');
  });

  it('runs with an empty JSON object and with JSON null', async () => {
    expect((await run(ioId, {})).status).toBe(200);
    const res = await request(server.url, 'POST', `/api/v1/run/${ioId}`, { body: 'null', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
  });

  it('gives input_value to chat inputs by default and with input_type chat', async () => {
    for (const body of [{ input_value: 'NEW' }, { input_value: 'NEW', input_type: 'chat' }]) {
      const res = await run(ioId, body);
      expect(res.body.outputs[0].outputs[0].results.result).toBe('chat=NEW text=saved text');
    }
  });

  it('gives input_value to text inputs with input_type text, and to all with any', async () => {
    const text = await run(ioId, { input_value: 'NEW', input_type: 'text', output_type: 'text' });
    expect(text.body.outputs[0].outputs.map((o: any) => o.component_id)).toEqual(['TextOutput-out02']);
    expect(text.body.outputs[0].outputs[0].results.result).toBe('chat=saved chat text=NEW');
    expect(text.body.outputs[0].outputs[0].results.text.text).toBe('chat=saved chat text=NEW');
    const any = await run(ioId, { input_value: 'NEW', input_type: 'any' });
    expect(any.body.outputs[0].outputs[0].results.result).toBe('chat=NEW text=NEW');
  });

  it('reports by output_type: chat, text, any, debug, and falls back to all outputs', async () => {
    const ids = async (output_type: string, flow = ioId) =>
      (await run(flow, { input_value: 'v', output_type })).body.outputs[0].outputs.map((o: any) => o.component_id).sort();
    expect(await ids('chat')).toEqual(['ChatOutput-out01']);
    expect(await ids('text')).toEqual(['TextOutput-out02']);
    expect(await ids('any')).toEqual(['ChatOutput-out01', 'TextOutput-out02']);
    expect(await ids('debug')).toEqual(['ChatInput-chat1', 'ChatOutput-out01', 'Prompt-join1', 'TextInput-text1', 'TextOutput-out02']);
    // The echo flow has no text output: text falls back to the chat output.
    expect(await ids('text', echoId)).toEqual(['ChatOutput-out01']);
  });

  it('reports only output_component when given, by id or display name', async () => {
    const byId = await run(ioId, { input_value: 'v', output_type: 'any', output_component: 'TextOutput-out02' });
    expect(byId.body.outputs[0].outputs.map((o: any) => o.component_id)).toEqual(['TextOutput-out02']);
    const byName = await run(ioId, { input_value: 'v', output_type: 'any', output_component: 'Text Output' });
    expect(byName.body.outputs[0].outputs.map((o: any) => o.component_id)).toEqual(['TextOutput-out02']);
  });

  it('applies tweaks by node id, by display name and to every node with a field', async () => {
    const byId = await run(echoId, { input_value: 'a', tweaks: { 'Prompt-echo1': { template: 'T1 {text}' } } });
    expect(byId.body.outputs[0].outputs[0].results.result).toBe('T1 a');
    const byName = await run(echoId, { input_value: 'a', tweaks: { Prompt: { template: 'T2 {text}' } } });
    expect(byName.body.outputs[0].outputs[0].results.result).toBe('T2 a');
    const global = await run(echoId, { input_value: 'a', tweaks: { sender_name: 'Robot' } });
    expect(global.body.outputs[0].outputs[0].results.message.sender_name).toBe('Robot');
    const unknown = await run(echoId, { input_value: 'a', tweaks: { 'Nope-12345': { template: 'x' }, 'Prompt-echo1': { no_such_field: 1 } } });
    expect(unknown.status).toBe(200);
    expect(unknown.body.outputs[0].outputs[0].results.result).toBe('Echo: a {literal}');
  });

  it('accepts the seed curl body, with tweaks for node ids that do not exist', async () => {
    const res = await run(echoId, {
      input_value: 'message',
      output_type: 'chat',
      input_type: 'chat',
      tweaks: { 'ChatInput-8a86T': {}, 'Prompt-pKfl9': {}, 'ChatOutput-WcGpD': {}, 'OpenAIModel-5UyvQ': {} },
    }, '?stream=false');
    expect(res.status).toBe(200);
    expect(res.body.outputs[0].outputs[0].results.message.text).toBe('Echo: message {literal}');
  });

  it('refuses input_value together with a tweak of the chat input value (400)', async () => {
    const res = await run(echoId, { input_value: 'a', tweaks: { 'ChatInput-in001': { input_value: 'b' } } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'If you pass an input_value to the chat input, you cannot pass a tweak with the same name.' });
  });

  it('uses a tweaked input value when no input_value is given', async () => {
    const res = await run(echoId, { tweaks: { 'ChatInput-in001': { input_value: 'from tweak' } } });
    expect(res.body.outputs[0].outputs[0].results.result).toBe('Echo: from tweak {literal}');
  });

  it('answers 404 with Langflow detail for an unknown flow', async () => {
    const res = await run('no-such-flow', { input_value: 'x' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: 'Flow identifier no-such-flow not found' });
    const uuid = await run('3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(uuid.status).toBe(404);
  });

  it('answers 422 naming the field for wrong types and bad enum values', async () => {
    const cases: [unknown, string][] = [
      [{ input_type: 'voice' }, 'input_type'],
      [{ output_type: 'json' }, 'output_type'],
      [{ input_value: 42 }, 'input_value'],
      [{ tweaks: 'x' }, 'tweaks'],
      [{ session_id: ['a'] }, 'session_id'],
    ];
    for (const [body, field] of cases) {
      const res = await run(echoId, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Array.isArray(res.body.detail)).toBe(true);
      expect(res.body.detail[0].loc).toEqual(['body', field]);
    }
    const bodyNotObject = await run(echoId, [1, 2]);
    expect(bodyNotObject.status).toBe(422);
    const badStream = await run(echoId, {}, '?stream=maybe');
    expect(badStream.status).toBe(422);
    expect(badStream.body.detail[0].loc).toEqual(['query', 'stream']);
  });

  it('answers 422 for malformed JSON, and stays up', async () => {
    const res = await request(server.url, 'POST', `/api/v1/run/${echoId}`, { body: '{"input_value": ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(422);
    expect(res.body.detail[0].type).toBe('json_invalid');
    expect((await request(server.url, 'GET', '/health')).status).toBe(200);
  });

  it('keeps sessions apart and defaults the session to the flow id', async () => {
    const res = await run(echoId, { input_value: 'in session', session_id: 'session-A' });
    expect(res.body.session_id).toBe('session-A');
    expect(res.body.outputs[0].outputs[0].results.message.session_id).toBe('session-A');
    const stored = await request(server.url, 'GET', `/api/v1/monitor/messages?session_id=session-A`);
    expect(stored.body.map((m: any) => [m.sender, m.text])).toEqual([
      ['User', 'in session'],
      ['Machine', 'Echo: in session {literal}'],
    ]);
  });

  it('does not store messages when should_store_message is off', async () => {
    await run(echoId, { input_value: 'secret', session_id: 'session-nostore', tweaks: { should_store_message: false } });
    const stored = await request(server.url, 'GET', `/api/v1/monitor/messages?session_id=session-nostore`);
    expect(stored.body).toEqual([]);
  });

  it('runs many requests concurrently with correct, separate answers', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => run(echoId, { input_value: `n${i}`, session_id: `c${i}` })));
    answers.forEach((res, i) => {
      expect(res.status).toBe(200);
      expect(res.body.outputs[0].outputs[0].results.result).toBe(`Echo: n${i} {literal}`);
    });
  });
});
