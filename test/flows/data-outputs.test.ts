/**
 * The outputs of URL, API Request and File that Langflow defines besides the ones its starters
 * connect: a flow built from the starters' own nodes connects each to Chat Output and runs (before,
 * the run refused it: "has no output").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeb, type FakeWeb } from '../support/fake-web.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const STARTERS_DIR = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters');
const starterNode = (file: string, id: string): Json => {
  const flow = JSON.parse(readFileSync(path.join(STARTERS_DIR, file), 'utf8')) as Json;
  const node = (flow.data.nodes as Json[]).find((n) => n.id === id);
  if (!node) throw new Error(`${file} has no node ${id}`);
  return node;
};
const SOURCES = {
  URL: starterNode('Blog Writer.json', 'URLComponent-DFXG5'),
  APIRequest: starterNode('Pokédex Agent.json', 'APIRequest-omX8o'),
  File: starterNode('Document Q&A.json', 'File-b2gOG'),
};

let server: SpawnedServer;
let web: FakeWeb;
let uploaded: string;

beforeAll(async () => {
  web = await startFakeWeb();
  server = await spawnServer();
  const form = new FormData();
  form.append('file', new Blob(['The treasure is buried under the old palm.'], { type: 'text/plain' }), 'treasure.txt');
  const file = await fetch(`${server.url}/api/v2/files`, { method: 'POST', body: form });
  uploaded = ((await file.json()) as { path: string }).path;
});
afterAll(async () => {
  await server?.stop();
  await web?.close();
});

/** Uploads source → Chat Output over the given output and runs it with the tweaks: the answer's text, or the error. */
async function runOutput(source: keyof typeof SOURCES, output: string, tweaks: Json): Promise<{ status: number; text: string }> {
  const node = SOURCES[source];
  const chatOutput = starterNode('Vector Store RAG.json', 'ChatOutput-g0Phk');
  const flow = {
    name: `${source}.${output}`,
    data: {
      nodes: [node, chatOutput],
      edges: [{ source: node.id, target: chatOutput.id, data: { sourceHandle: { name: output, id: node.id }, targetHandle: { fieldName: 'input_value', id: chatOutput.id } } }],
    },
  };
  const upload = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: flow });
  if (upload.status !== 201) return { status: upload.status, text: upload.text };
  const id = (Array.isArray(upload.body) ? upload.body[0] : upload.body).id;
  const res = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: '', tweaks: { [node.id]: tweaks } } });
  if (res.status !== 200) return { status: res.status, text: res.text };
  return { status: 200, text: res.body.outputs[0].outputs[0].results.message.text as string };
}

describe('outputs of URL, API Request and File beyond the starters', () => {
  it("URL's dataframe (older Langflow) gives the fetched pages", async () => {
    const { text } = await runOutput('URL', 'dataframe', { urls: [`${web.url}/`], max_depth: 1 });
    expect(text).toContain('The treasure is buried under the old palm.');
  });

  it("URL's data and text (Langflow 1.0) still answer", async () => {
    expect((await runOutput('URL', 'text', { urls: [`${web.url}/`], max_depth: 1 })).text).toContain('The treasure is buried under the old palm.');
    expect((await runOutput('URL', 'data', { urls: [`${web.url}/`], max_depth: 1 })).text).toContain('The treasure is buried under the old palm.');
  });

  it("API Request's dataframe (older Langflow) gives the response as a row", async () => {
    const { text } = await runOutput('APIRequest', 'dataframe', { url_input: `${web.url}/api/items`, mode: 'URL', method: 'GET' });
    expect(text).toContain('200');
    expect(text).toContain('pen');
  });

  it("File's path gives the uploaded file's path; its dataframe and data answer too", async () => {
    expect((await runOutput('File', 'path', { path: [uploaded] })).text).toBe(uploaded);
    expect((await runOutput('File', 'dataframe', { path: [uploaded] })).text).toContain('The treasure is buried under the old palm.');
    expect((await runOutput('File', 'data', { path: [uploaded] })).text).toContain('The treasure is buried under the old palm.');
  });

  it('an output Flowdesk does not have (the Docling advanced mode) is refused at run, naming it', async () => {
    const res = await runOutput('File', 'advanced_markdown', { path: [uploaded] });
    expect(res.status).toBe(400);
    expect(res.text).toContain('has no output \\"advanced_markdown\\"');
  });
});
