/**
 * `POST /api/v1/responses` driven by the official `openai` client against a spawned server whose
 * flows' model is the fake OpenAI: blocking, streamed, an unknown flow, tools refused, continuing a
 * conversation with `previous_response_id`, and API keys (sent by the client as a bearer token).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIRATE_CHUNKS, PIRATE_REPLY, serverWithKey, usePirateModel } from '../support/pirate-model.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const STARTERS = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters');
const REPLY = PIRATE_REPLY;
const CHUNKS = PIRATE_CHUNKS;

const model = usePirateModel();
const serverEnv = model.env;

/** The chat-completions messages the fake received after request number `from`. */
const sentMessages = (from: number) => model.fake().requests.slice(from).map((r) => r.body.messages as { role: string; content: unknown }[]);

describe('with keys off', () => {
  let server: SpawnedServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await spawnServer({ env: serverEnv() });
    client = new OpenAI({ baseURL: `${server.url}/api/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers a blocking request with the Responses object', async () => {
    const before = model.fake().requests.length;
    const response = await client.responses.create({ model: 'basic-prompting', input: 'hi, are you there?' });
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'basic-prompting', previous_response_id: null });
    expect(typeof response.id).toBe('string');
    expect(typeof response.created_at).toBe('number');
    expect(response.output).toEqual([
      { type: 'message', id: `msg_${response.id}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: REPLY, annotations: [] }] },
    ]);
    expect(response.output_text).toBe(REPLY);
    expect(response.usage).toMatchObject({ input_tokens: 9, output_tokens: CHUNKS.length, total_tokens: 9 + CHUNKS.length });
    const sent = sentMessages(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.at(-1)).toMatchObject({ role: 'user', content: 'hi, are you there?' });
  });

  it('takes the flow id as model, and the last user text of a message list as input', async () => {
    const flows = (await request(server.url, 'GET', '/api/v1/flows/?header_flows=true')).body as { id: string; endpoint_name: string | null }[];
    const id = flows.find((f) => f.endpoint_name === 'basic-prompting')!.id;
    const before = model.fake().requests.length;
    const response = await client.responses.create({
      model: id,
      input: [
        { role: 'user', content: 'an older question' },
        { role: 'assistant', content: 'an older answer' },
        { role: 'user', content: [{ type: 'input_text', text: 'the newest question' }] },
      ],
    });
    expect(response.output_text).toBe(REPLY);
    expect(response.model).toBe(id);
    expect(sentMessages(before)[0]!.at(-1)).toMatchObject({ role: 'user', content: 'the newest question' });
  });

  it('streams the Responses events, with the model tokens as deltas', async () => {
    const stream = await client.responses.create({ model: 'basic-prompting', input: 'stream please', stream: true });
    const events: { type: string; [key: string]: any }[] = [];
    for await (const event of stream) events.push(event as never);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    const deltas = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta);
    expect(deltas).toEqual(CHUNKS);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const completed = events.at(-1)!.response;
    expect(completed).toMatchObject({ object: 'response', status: 'completed', model: 'basic-prompting' });
    expect(completed.output[0].content[0].text).toBe(REPLY);
    expect(completed.usage).toMatchObject({ input_tokens: 9, output_tokens: CHUNKS.length });
    expect(events[0]!.response.id).toBe(completed.id);
    expect(model.fake().lastStream?.body.stream).toBe(true);
  });

  it('answers an unknown flow with flow_not_found, which the client throws', async () => {
    const error = await client.responses.create({ model: 'no-such-flow', input: 'hi' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'flow_not_found', type: 'invalid_request_error' });
    expect((error as Error).message).toContain("Flow with id 'no-such-flow' not found");
  });

  it('answers a failed run with a processing_error, blocking and streamed (response.failed)', async () => {
    const error = await client.responses.create({ model: 'basic-prompting', input: 'please fail' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 500, type: 'processing_error' });
    expect((error as Error).message).toContain('the model is down');

    const stream = await client.responses.create({ model: 'basic-prompting', input: 'please fail', stream: true });
    const events: { type: string; [key: string]: any }[] = [];
    for await (const event of stream) events.push(event as never);
    const last = events.at(-1)!;
    expect(last.type).toBe('response.failed');
    expect(last.response).toMatchObject({ status: 'failed', error: { code: 'processing_error' } });
    expect(last.response.error.message).toContain('the model is down');
  });

  it('refuses tools with tools_not_supported', async () => {
    const error = await client.responses
      .create({ model: 'basic-prompting', input: 'hi', tools: [{ type: 'function', name: 'f', parameters: {}, strict: false }] })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'tools_not_supported' });
  });

  it('continues a conversation with previous_response_id: the history reaches the model', async () => {
    const starter = JSON.parse(readFileSync(path.join(STARTERS, 'Memory Chatbot.json'), 'utf8'));
    const imported = await request(server.url, 'POST', '/api/v1/flows/', { json: starter });
    expect(imported.status).toBe(201);
    const memory = imported.body.id as string;
    const first = await client.responses.create({ model: memory, input: 'my name is Ada' });
    expect(first.output_text).toBe(REPLY);
    const before = model.fake().requests.length;
    const second = await client.responses.create({ model: memory, input: 'what is my name?', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.id).toBe(first.id);
    const sent = JSON.stringify(sentMessages(before));
    expect(sent).toContain('my name is Ada');
    expect(sent).toContain(REPLY);
    expect(sent).toContain('what is my name?');

    // A new conversation does not see it.
    const start = model.fake().requests.length;
    await client.responses.create({ model: memory, input: 'who am I?' });
    expect(JSON.stringify(sentMessages(start))).not.toContain('my name is Ada');
  });
});

describe('with keys required', () => {
  const keyed = serverWithKey(serverEnv, 'openai client');

  it("accepts the client's key as a bearer token", async () => {
    const client = new OpenAI({ baseURL: `${keyed.server().url}/api/v1`, apiKey: keyed.key(), maxRetries: 0 });
    const response = await client.responses.create({ model: 'basic-prompting', input: 'hi' });
    expect(response.output_text).toBe(REPLY);
  });

  it('accepts the key in x-api-key too', async () => {
    const client = new OpenAI({ baseURL: `${keyed.server().url}/api/v1`, apiKey: 'not-this-one', defaultHeaders: { 'x-api-key': keyed.key() }, maxRetries: 0 });
    const response = await client.responses.create({ model: 'basic-prompting', input: 'hi' });
    expect(response.output_text).toBe(REPLY);
  });

  it('refuses a wrong key with 403', async () => {
    const client = new OpenAI({ baseURL: `${keyed.server().url}/api/v1`, apiKey: 'sk-wrong-key', maxRetries: 0 });
    const error = await client.responses.create({ model: 'basic-prompting', input: 'hi' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('does not take a bearer key on other routes', async () => {
    const res = await request(keyed.server().url, 'GET', '/api/v1/flows/', { headers: { authorization: `Bearer ${keyed.key()}` } });
    expect(res.status).toBe(403);
  });
});
