/**
 * The starter gallery (`GET /api/v1/starter-projects/`): every template is made into a flow through
 * the API, as "New flow" does, and run against local fakes (OpenAI for models and embeddings, a web
 * site for URL nodes, an uploaded file for File nodes). Each must answer, and each must have used
 * what it is about: the memory, the document, the pages, the tool, the vector search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { startFakeWeb, type FakeWeb } from '../support/fake-web.js';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;

let openai: FakeOpenAI;
let web: FakeWeb;
let server: SpawnedServer;
let uploadedPath: string;
let templates: Json[];

/** What each chat-completions request asked, as one string of its messages. */
const asked = () => openai.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => JSON.stringify(r.body.messages));

beforeAll(async () => {
  openai = await startFakeOpenAI({
    respond: (body) => {
      const tools = (body.tools as { function: { name: string } }[] | undefined) ?? [];
      const messages = body.messages as { role: string; content: unknown }[];
      const calculator = tools.find((t) => /calc|evaluat/i.test(t.function.name));
      if (calculator && !messages.some((m) => m.role === 'tool')) return { toolCalls: [{ name: calculator.function.name, arguments: { expression: '19 * 23' } }] };
      const toolAnswer = messages.find((m) => m.role === 'tool');
      return { text: toolAnswer ? `The tool said ${JSON.stringify(toolAnswer.content)}` : `Answer number ${asked().length}` };
    },
  });
  web = await startFakeWeb();
  server = await spawnServer({ env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-openai-test' } });
  const form = new FormData();
  form.append('file', new Blob(['The lighthouse keeper is called Morwenna.\n\nShe keeps a cat named Pepper.'], { type: 'text/plain' }), 'keeper.txt');
  const file = await fetch(`${server.url}/api/v2/files`, { method: 'POST', body: form });
  expect(file.status).toBe(201);
  uploadedPath = ((await file.json()) as { path: string }).path;
  const res = await request(server.url, 'GET', '/api/v1/starter-projects/');
  expect(res.status).toBe(200);
  templates = res.body as Json[];
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all([openai?.close(), web?.close()]);
});

/** Makes a flow of the template named `name` as the editor's "New flow" does, and runs it with the fakes in place of the outside world. */
async function runTemplate(name: string, body: Json): Promise<{ status: number; text: string; json: Json }> {
  const template = templates.find((t) => t.name === name);
  expect(template, `no template named ${name}`).toBeDefined();
  const created = await request(server.url, 'POST', '/api/v1/flows/?format=flowdesk', { json: { name: `${name} (gallery test)`, data: template!.data } });
  expect(created.status, created.text).toBe(201);
  const tweaks: Json = {};
  for (const node of template!.data.nodes as Json[]) {
    if (node.data?.type === 'URLComponent' && node.data.values?.urls) tweaks[node.id] = { urls: [`${web.url}/`] };
    if (node.data?.type === 'File') tweaks[node.id] = { path: [uploadedPath] };
  }
  const res = await request(server.url, 'POST', `/api/v1/run/${created.body.id as string}`, { json: { ...body, tweaks } });
  const text = (res.body?.outputs?.[0]?.outputs?.[0]?.results?.message?.text as string | undefined) ?? '';
  return { status: res.status, text, json: res.body as Json };
}

describe('starter gallery', () => {
  it('lists the seeded starters first, then the rest, each with a description, tags and an icon', () => {
    expect(templates.map((t) => t.name)).toEqual(['Basic Prompting', 'Text Template', 'Memory Chatbot', 'Document Q&A', 'Blog Writer', 'Simple Agent', 'Vector Store RAG']);
    for (const t of templates) {
      expect(t).toMatchObject({ description: expect.any(String), endpoint_name: expect.any(String), icon: expect.any(String), is_component: false });
      expect(t.tags.length).toBeGreaterThan(0);
    }
  });

  it('Memory Chatbot gives the model the earlier messages of the session', async () => {
    const first = await runTemplate('Memory Chatbot', { input_value: 'My name is Ada.', session_id: 'gallery-memory' });
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    const again = await runTemplate('Memory Chatbot', { input_value: 'What is my name?', session_id: 'gallery-memory' });
    expect(again.status).toBe(200);
    expect(again.text).toMatch(/^Answer number/);
    expect(asked().at(-1)).toContain('My name is Ada.');
  });

  it('Document Q&A puts the uploaded file into the question', async () => {
    const res = await runTemplate('Document Q&A', { input_value: 'Who keeps the lighthouse?' });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const prompt = asked().at(-1)!;
    expect(prompt).toContain('Morwenna');
    expect(prompt).toContain('Who keeps the lighthouse?');
  });

  it('Blog Writer reads the reference pages', async () => {
    const res = await runTemplate('Blog Writer', {});
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(asked().at(-1)).toContain('The treasure is buried under the old palm.');
    expect(web.hits).toContain('/');
  });

  it('Simple Agent calls its calculator tool and answers with the result', async () => {
    const res = await runTemplate('Simple Agent', { input_value: 'What is 19 times 23?' });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.text).toContain('437');
  });

  it('Vector Store RAG answers from the chunks of the file found by the search', async () => {
    const res = await runTemplate('Vector Store RAG', { input_value: 'What is the cat called?' });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(openai.requests.some((r) => r.path === '/v1/embeddings')).toBe(true);
    const prompt = asked().at(-1)!;
    expect(prompt).toContain('Pepper');
    expect(prompt).toContain('What is the cat called?');
  });
});
