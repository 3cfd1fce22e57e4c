/**
 * Langflow's starter flows, as Langflow exports them, imported into a real server and run through
 * `/api/v1/run` against the fake providers: Basic Prompting (OpenAIModel and LanguageModelComponent),
 * Memory Chatbot, Blog Writer, Document Q&A and a Simple Agent.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeOpenAI, type FakeOpenAI, type FakeTurn } from '../support/fake-openai.js';
import { startFakeWeb, type FakeWeb } from '../support/fake-web.js';
import { readEventStream, request } from '../support/http.js';
import { makePdf } from '../support/make-pdf.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/langflow/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const REPLY = 'Hello from the fake model';

let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
let web: FakeWeb;
let server: SpawnedServer;

type Body = Record<string, unknown>;
type Sent = { role: string; content: unknown }[];
const lastUser = (body: Body) => String((body.messages as Sent).filter((m) => m.role === 'user').at(-1)?.content ?? '');

/** Answers with tool calls for the agent flow (calculator, then the URL), else echoes the prompt. */
function openaiTurn(body: Body): FakeTurn {
  const messages = body.messages as Sent;
  if (!body.tools) return { text: `ECHO ${lastUser(body)}` };
  const toolResults = messages.filter((m) => m.role === 'tool').map((m) => String(m.content));
  if (toolResults.length === 0) return { toolCalls: [{ name: 'evaluate_expression', arguments: { expression: '6*7' } }] };
  if (toolResults.length === 1) return { toolCalls: [{ name: 'fetch_content', arguments: { urls: [`${web.url}/third.html`] } }] };
  return { text: `6*7 = ${toolResults[0]}; the page says: ${toolResults[1]?.split('\n').at(-1)}` };
}

function anthropicTurn(body: Body): FakeTurn {
  return { text: `SYSTEM[${String(body.system ?? '')}] USER[${lastUser(body)}]` };
}

async function importFlow(name: string): Promise<string> {
  const res = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: fixture(name) });
  expect(res.status, res.text).toBe(201);
  const created = Array.isArray(res.body) ? res.body[0] : res.body;
  return created.id as string;
}

const run = (flowId: string, json: Body, query = '') => request(server.url, 'POST', `/api/v1/run/${flowId}${query}`, { json });
const chatText = (body: any) => body.outputs[0].outputs[0].results.message.text as string;

beforeAll(async () => {
  openai = await startFakeOpenAI({ respond: openaiTurn, chunkDelayMs: 1 });
  anthropic = await startFakeAnthropic({ respond: anthropicTurn });
  web = await startFakeWeb();
  server = await spawnServer({
    env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-openai-test', ANTHROPIC_BASE_URL: anthropic.baseURL, ANTHROPIC_API_KEY: 'sk-anthropic-test' },
  });
});
afterAll(async () => {
  await server?.stop();
  await Promise.all([openai?.close(), anthropic?.close(), web?.close()]);
});

describe('Langflow starter flows through /api/v1/run', () => {
  it('Basic Prompting (OpenAIModel) answers with the pirate prompt as system message', async () => {
    const id = await importFlow('basic-prompting.json');
    const res = await run(id, { input_value: 'hi there', output_type: 'chat', input_type: 'chat' });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.body)).toBe('ECHO hi there');
    const sent = openai.requests.at(-1)!.body.messages as Sent;
    expect(sent[0]).toMatchObject({ role: 'system', content: 'Answer the user as if you were a pirate.' });
  });

  it('Basic Prompting (LanguageModelComponent) answers, and streams tokens', async () => {
    const id = await importFlow('basic-prompting-language-model.json');
    const res = await run(id, { input_value: 'what can I build?' });
    expect(res.status, res.text).toBe(200);
    expect(chatText(res.body)).toBe('ECHO what can I build?');
    expect(openai.requests.at(-1)!.headers.authorization).toBe('Bearer sk-openai-test');

    const streamed = await fetch(`${server.url}/api/v1/run/${id}?stream=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input_value: 'stream it' }),
    });
    const events = await readEventStream(streamed);
    expect(events.filter((e) => e.event === 'token').map((e) => e.data.chunk).join('')).toBe(REPLY);
    expect(events.at(-1)!.event).toBe('end');
  });

  it('Memory Chatbot (Language Model set to Anthropic) remembers earlier turns of the session', async () => {
    const id = await importFlow('memory-chatbot.json');
    const before = openai.requests.length;
    const first = await run(id, { input_value: 'My name is Ada.', session_id: 'mem-1' });
    expect(first.status, first.text).toBe(200);
    expect(chatText(first.body)).toContain('USER[My name is Ada.]');
    const second = await run(id, { input_value: 'What is my name?', session_id: 'mem-1' });
    expect(second.status, second.text).toBe(200);
    const system = String(anthropic.requests.at(-1)!.body.system);
    expect(system).toContain('User: My name is Ada.');
    expect(system).toContain('AI: SYSTEM[');
    expect(system).not.toContain('What is my name?');
    // Another session starts empty; and the provider stayed Anthropic.
    await run(id, { input_value: 'Hello?', session_id: 'mem-2' });
    expect(String(anthropic.requests.at(-1)!.body.system)).not.toContain('Ada');
    expect(openai.requests.length).toBe(before);
  });

  it('Blog Writer fetches the page, parses it and writes from it', async () => {
    const id = await importFlow('blog-writer.json');
    const res = await run(id, { tweaks: { 'URLComponent-Bw1rL': { urls: [`${web.url}/`] } } });
    expect(res.status, res.text).toBe(200);
    const prompt = lastUser(openai.requests.at(-1)!.body);
    // The page's text as Langflow's URL component gives it: BeautifulSoup's get_text(), title first.
    expect(prompt).toContain('Reference 1:\n\nText: Treasure & Maps\n\n\nTreasure Island');
    expect(prompt).toContain('The treasure is buried under the old palm.');
    expect(prompt).toContain('Use the references above for style');
    expect(chatText(res.body)).toBe(`ECHO ${prompt}`);
  });

  it('Document Q&A reads an uploaded PDF and answers about it', async () => {
    const id = await importFlow('document-qa.json');
    const form = new FormData();
    form.append('file', new Blob([makePdf(['Quarterly report', 'Revenue grew by 12 percent'])], { type: 'application/pdf' }), 'report.pdf');
    const uploaded = await fetch(`${server.url}/api/v2/files`, { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { path: string; name: string };
    expect(file.name).toBe('report.pdf');
    const res = await run(id, { input_value: 'How much did revenue grow?', tweaks: { 'File-Dq1fL': { path: [file.path] } } });
    expect(res.status, res.text).toBe(200);
    const prompt = lastUser(openai.requests.at(-1)!.body);
    expect(prompt).toContain('Revenue grew by 12 percent');
    expect(prompt).toContain('Question:\nHow much did revenue grow?');
  });

  it("takes files through Langflow's v1 upload too, and lists and deletes v2 files", async () => {
    const id = await importFlow('document-qa.json');
    const form = new FormData();
    form.append('file', new Blob(['The launch is on Tuesday.'], { type: 'text/plain' }), 'plan.txt');
    const uploaded = await fetch(`${server.url}/api/v1/files/upload/${id}`, { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const { flowId, file_path } = (await uploaded.json()) as { flowId: string; file_path: string };
    expect(flowId).toBe(id);
    const res = await run(id, { input_value: 'When is the launch?', tweaks: { 'File-Dq1fL': { path: file_path } } });
    expect(res.status, res.text).toBe(200);
    expect(lastUser(openai.requests.at(-1)!.body)).toContain('The launch is on Tuesday.');

    const unknown = new FormData();
    unknown.append('file', new Blob(['x']), 'x.txt');
    expect((await fetch(`${server.url}/api/v1/files/upload/not-a-flow`, { method: 'POST', body: unknown })).status).toBe(404);
    const listed = await request(server.url, 'GET', '/api/v2/files');
    const pdf = (listed.body as { id: string; name: string }[]).find((f) => f.name === 'report.pdf');
    expect(pdf).toBeDefined();
    expect((await request(server.url, 'DELETE', `/api/v2/files/${pdf!.id}`)).status).toBe(200);
    expect((await request(server.url, 'DELETE', `/api/v2/files/${pdf!.id}`)).status).toBe(404);
  });

  it('Document Q&A fails clearly without a file', async () => {
    const id = await importFlow('document-qa.json');
    const res = await run(id, { input_value: 'anything?' });
    expect(res.status).toBe(500);
    expect(res.body.detail).toContain('Error building Component File: No file selected');
  });

  it('Simple Agent calls the Calculator and URL tools, then answers', async () => {
    const id = await importFlow('simple-agent.json');
    const hits = web.hits.length;
    const res = await run(id, { input_value: 'What is 6*7, and what does the third page say?', output_type: 'debug' });
    expect(res.status, res.text).toBe(200);
    const outputs = res.body.outputs[0].outputs as any[];
    const chat = outputs.find((o) => o.component_id === 'ChatOutput-Sa5cO');
    expect(chat.results.message.text).toBe('6*7 = 42; the page says: ThirdBring a lantern.');
    const agent = outputs.find((o) => o.component_id === 'Agent-Sa1gT');
    const steps = agent.results.response.properties.content_blocks[0].contents;
    expect(steps.map((s: any) => s.tool)).toEqual(['evaluate_expression', 'fetch_content']);
    expect(web.hits.slice(hits)).toEqual(['/third.html']);
    const toolNames = (openai.requests.at(-1)!.body.tools as any[]).map((t) => t.function.name);
    expect(toolNames).toEqual(['evaluate_expression', 'fetch_content', 'get_current_date']);
  });

  it('imports a flow with components Flowdesk lacks, and refuses to run it, naming them', async () => {
    const res = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: fixture('unsupported-components.json') });
    expect(res.status).toBe(201);
    const run = await request(server.url, 'POST', `/api/v1/run/${res.body[0].id}`, { json: { input_value: 'hi' } });
    expect(run.status).toBe(400);
    expect(run.body.detail).toContain('Node Couchbase-Vs2db (Couchbase) is a Langflow component that is not available in Flowdesk');
    // OpenAI Embeddings is a Flowdesk component now: only Couchbase is named.
    expect(run.body.detail).not.toContain('OpenAIEmbeddings-Vs3em');
  });
});
