/** Runs that call a model: the seed scenario on Basic Prompting, streaming, cancellation, provider errors. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { readEventStream, request } from '../support/http.js';
import { spawnServer } from '../support/spawn-server.js';

type Server = Awaited<ReturnType<typeof spawnServer>>;
const SEED_TWEAKS = { 'ChatInput-8a86T': {}, 'Prompt-pKfl9': {}, 'ChatOutput-WcGpD': {}, 'OpenAIModel-5UyvQ': {} };
const REPLY = 'Arrr, I be here, matey!';

let fake: FakeOpenAI;
let server: Server;

const post = (path: string, json: unknown) =>
  fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });

/**
 * Basic Prompting with its model at `baseURL`: a copy with the address saved in the flow (no tweak
 * may move the key it reads from the environment).
 */
async function basicPromptingAt(baseURL: string): Promise<string> {
  const basic = (await request(server.url, 'GET', '/api/v1/flows/?format=flowdesk')).body.find((f: any) => f.endpoint_name === 'basic-prompting');
  const data = structuredClone(basic.data);
  data.nodes.find((n: any) => n.id === 'OpenAIModel-5UyvQ').data.values.openai_api_base = baseURL;
  const created = await request(server.url, 'POST', '/api/v1/flows/?format=flowdesk', { json: { name: `Basic Prompting at ${baseURL}`, data } });
  expect(created.status).toBe(201);
  return created.body.id;
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ reply: REPLY, chunkDelayMs: 2 });
  server = await spawnServer({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-fake-test-key' } });
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe('the seed scenario on Basic Prompting', () => {
  it('answers the seed curl with the model reply, the pirate prompt as system message', async () => {
    const before = fake.requests.length;
    const res = await request(server.url, 'POST', '/api/v1/run/basic-prompting?stream=false', {
      json: { input_value: 'hi, are you there?', output_type: 'chat', input_type: 'chat', tweaks: SEED_TWEAKS },
    });
    expect(res.status).toBe(200);
    const out = res.body.outputs[0].outputs[0];
    expect(out.component_id).toBe('ChatOutput-WcGpD');
    expect(out.results.message.text).toBe(REPLY);
    expect(out.results.result).toBe(REPLY);
    expect(out.messages[0]).toMatchObject({ message: REPLY, component_id: 'ChatOutput-WcGpD', sender: 'Machine' });
    expect(out.results.message.properties.source).toMatchObject({ id: 'OpenAIModel-5UyvQ' });

    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.authorization).toBe('Bearer sk-fake-test-key');
    expect(sent[0]!.body.stream).toBeFalsy();
    const messages = sent[0]!.body.messages as { role: string; content: string }[];
    expect(messages[0]).toMatchObject({ role: 'system', content: expect.stringContaining('Answer the user as if you were a pirate.') });
    expect(messages.at(-1)).toMatchObject({ role: 'user', content: 'hi, are you there?' });
  });

  it('streams add_message, token events and end in Langflow framing', async () => {
    const res = await post('/api/v1/run/basic-prompting?stream=true', { input_value: 'stream please', session_id: 'stream-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEventStream(res);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('add_message');
    expect(events[0]!.data).toMatchObject({ text: 'stream please', sender: 'User', session_id: 'stream-1' });
    expect(names[1]).toBe('add_message');
    expect(events[1]!.data).toMatchObject({ sender: 'Machine', session_id: 'stream-1' });
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.length).toBeGreaterThan(1);
    // Langflow's token events are {chunk, id}; the complete message follows them twice (the model's, then Chat Output's).
    expect(tokens.every((t) => t.data.id === events[1]!.data.id && Object.keys(t.data).sort().join() === 'chunk,id')).toBe(true);
    expect(names.slice(-3)).toEqual(['add_message', 'add_message', 'end']);
    expect(events.at(-2)!.data).toMatchObject({ id: events[1]!.data.id, text: REPLY, properties: { state: 'complete' } });
    expect(tokens.map((t) => t.data.chunk).join('')).toBe(REPLY);
    expect(names.at(-1)).toBe('end');
    expect(events.at(-1)!.data.result.outputs[0].outputs[0].results.message.text).toBe(REPLY);
    expect(fake.requests.at(-1)!.body.stream).toBe(true);
    const stored = await request(server.url, 'GET', '/api/v1/monitor/messages?session_id=stream-1');
    expect(stored.body.map((m: any) => m.text)).toEqual(['stream please', REPLY]);
  });

  it('runs five streamed runs concurrently, each complete and separate', async () => {
    const runs = await Promise.all(
      Array.from({ length: 5 }, (_, i) => post('/api/v1/run/basic-prompting?stream=true', { input_value: `q${i}`, session_id: `five-${i}` }).then(readEventStream)),
    );
    runs.forEach((events, i) => {
      expect(events[0]!.data.text).toBe(`q${i}`);
      expect(events.filter((e) => e.event === 'token').map((e) => e.data.chunk).join('')).toBe(REPLY);
      expect(events.at(-1)!.event).toBe('end');
      expect(events.at(-1)!.data.result.session_id).toBe(`five-${i}`);
    });
  });
});

describe('streaming as it happens', () => {
  let held: FakeOpenAI;
  beforeAll(async () => {
    held = await startFakeOpenAI({ chunks: ['one ', 'two ', 'three ', 'four'], holdAfterChunks: 2 });
  });
  afterAll(async () => {
    held.release();
    await held.close();
  });

  it('relays tokens while the provider is still answering, and a slow run holds up no other run', async () => {
    const res = await post(`/api/v1/run/${await basicPromptingAt(held.baseURL)}?stream=true`, { input_value: 'slow' });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while ((text.match(/"event":"token"/g) ?? []).length < 2) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended early: ${text}`);
      text += decoder.decode(value, { stream: true });
    }
    // The provider holds the rest of its answer; meanwhile other runs are served.
    expect(text).not.toContain('"event":"end"');
    const echo = JSON.parse(readFileSync(new URL('../fixtures/flows/chat-echo.json', import.meta.url), 'utf8'));
    const flow = await request(server.url, 'POST', '/api/v1/flows/?format=flowdesk', { json: echo });
    const quick = await request(server.url, 'POST', `/api/v1/run/${flow.body.id}`, { json: { input_value: 'quick' } });
    expect(quick.body.outputs[0].outputs[0].results.result).toBe('Echo: quick {literal}');

    held.release();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const events = text.split('\n\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(events.filter((e) => e.event === 'token').map((e) => e.data.chunk).join('')).toBe('one two three four');
    expect(events.at(-1).event).toBe('end');
  });

  it('cancels the model call when the client disconnects mid-stream', async () => {
    const cancelling = await startFakeOpenAI({ chunks: ['a ', 'b ', 'c'], holdAfterChunks: 1 });
    try {
      const controller = new AbortController();
      const res = await fetch(`${server.url}/api/v1/run/${await basicPromptingAt(cancelling.baseURL)}?stream=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input_value: 'bye' }),
        signal: controller.signal,
      });
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('"event":"token"')) text += new TextDecoder().decode((await reader.read()).value);
      const aborted = cancelling.nextAbort();
      controller.abort();
      await aborted;
      expect(cancelling.abortedCount).toBe(1);
      expect(cancelling.completedCount).toBe(0);
      expect((await request(server.url, 'GET', '/health')).status).toBe(200);
    } finally {
      cancelling.release();
      await cancelling.close();
    }
  });
});

describe('model failures', () => {
  let failing: FakeOpenAI;
  beforeAll(async () => {
    failing = await startFakeOpenAI({ error: { status: 401, message: 'Incorrect API key provided: sk-fake', type: 'invalid_request_error', code: 'invalid_api_key' } });
  });
  afterAll(async () => {
    await failing.close();
  });

  it('answers 500 naming the component, and keeps serving', async () => {
    const res = await request(server.url, 'POST', `/api/v1/run/${await basicPromptingAt(failing.baseURL)}`, { json: { input_value: 'x' } });
    expect(res.status).toBe(500);
    // Langflow 1.8's APIException: only `detail`, a JSON text the SDK parses.
    expect(Object.keys(res.body)).toEqual(['detail']);
    expect(JSON.parse(res.body.detail).message).toMatch(/^Error running graph: Error building Component OpenAI: .*Incorrect API key provided/);
    expect((await request(server.url, 'POST', '/api/v1/run/basic-prompting', { json: { input_value: 'ok again' } })).status).toBe(200);
  });

  it('sends an error event when a streamed run fails', async () => {
    const res = await post(`/api/v1/run/${await basicPromptingAt(failing.baseURL)}?stream=true`, { input_value: 'x' });
    expect(res.status).toBe(200);
    const events = await readEventStream(res);
    expect(events.map((e) => e.event).slice(-2)).toEqual(['error', 'error']);
    expect(events.at(-2)!.data).toMatchObject({ category: 'error', properties: { source: { id: 'OpenAIModel-5UyvQ', display_name: 'OpenAI' } } });
    expect(events.at(-1)!.data.error).toContain('Error building Component OpenAI');
  });

  it('fails with a message naming the missing key when none is configured', async () => {
    const keyless = await spawnServer({ env: { OPENAI_BASE_URL: fake.baseURL } });
    try {
      const res = await request(keyless.url, 'POST', '/api/v1/run/basic-prompting', { json: { input_value: 'x' } });
      expect(res.status).toBe(500);
      expect(JSON.parse(res.body.detail).message).toMatch(/^Error running graph: Error building Component OpenAI: .*OPENAI_API_KEY/);
    } finally {
      await keyless.stop();
    }
  });
});
