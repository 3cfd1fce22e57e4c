/**
 * The census of Langflow's 33 starter projects (../shared/fixtures/langflow-starters, byte for byte
 * Langflow's own files): each is uploaded to a real server through `POST /api/v1/flows/upload/`; each
 * one that imports is run through `/api/v1/run` against local fakes of its providers (OpenAI,
 * Anthropic, a web site for URL nodes, an uploaded file for File nodes, a knowledge base made
 * through the API for the Knowledge nodes). The table is printed; the figures may only go up. Every
 * starter imports (a node of a type the server lacks is kept, marked unsupported); a run of a flow
 * with such nodes must be a clean 400 naming each of them (id and type).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { startFakeWeb, type FakeWeb } from '../support/fake-web.js';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import type { CensusService, StartedService } from './census-services/types.js';

const STARTERS_DIR = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters');

/** The figures this census must reach (raise them when a change makes more starters import or run). */
const MIN_IMPORTED = 33;
const MIN_RAN = 32;
/**
 * Starters that run today, by file: one of them failing is a regression even if another starts to
 * run. The third-party services' files in `census-services/` add the starters they unlock.
 */
const MUST_RUN = [
  'Basic Prompt Chaining.json',
  'Basic Prompting.json',
  'Blog Writer.json',
  'Custom Component Generator.json',
  'Document Q&A.json',
  'Financial Report Parser.json',
  'Image Sentiment Analysis.json',
  'Memory Chatbot.json',
  'Pokédex Agent.json',
  'Portfolio Website Code Generator.json',
  'SEO Keyword Generator.json',
  'SaaS Pricing.json',
  'Text Sentiment Analysis.json',
  'Twitter Thread Generator.json',
  'Simple Agent.json',
  'Knowledge Ingestion.json',
  'Knowledge Retrieval.json',
  // Starters that need two of the services in census-services/.
  'Price Deal Finder.json', // Tavily and AgentQL
  'Sequential Tasks Agents.json', // Tavily and Yahoo! Finance
];

/** The knowledge base the Knowledge starters are pointed at (made in beforeAll, as a user would in Settings). */
const KNOWLEDGE_BASE = 'census-kb';

type Json = Record<string, any>;
interface Row {
  file: string;
  imported: boolean;
  ran: boolean;
  reason: string;
  /** The first output's message text, when it ran. */
  answer?: string;
}

let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
let web: FakeWeb;
let server: SpawnedServer;
let knownTypes: Set<string>;
let uploadedPath: string;
let audioPath: string;
/** The third-party services' fakes (one file each in `census-services/`), started. */
const services: { spec: CensusService; started: StartedService }[] = [];
const rows: Row[] = [];
/** Runs refused because the flow has nodes the server cannot run: the nodes (id, type) the flow holds of types it lacks. */
const refusals: { file: string; status: number; detail: string; missing: { id: string; type: string }[] }[] = [];

const starterFiles = () => readdirSync(STARTERS_DIR).filter((f) => f.endsWith('.json')).sort();
const readStarter = (file: string) => JSON.parse(readFileSync(path.join(STARTERS_DIR, file), 'utf8')) as Json;
const componentNodes = (flow: Json) => (flow.data.nodes as Json[]).filter((n) => n.type === 'genericNode');

/** Tweaks that point the starter's outside-world nodes at the fakes: URL nodes at the fake site, File nodes at an uploaded file. */
function localTweaks(flow: Json): Json {
  const tweaks: Json = {};
  for (const node of componentNodes(flow)) {
    const type = node.data.type as string;
    if (type === 'URLComponent' || type === 'URL') tweaks[node.id] = { urls: [`${web.url}/`] };
    if (type === 'File') tweaks[node.id] = { path: [uploadedPath] };
    // Langflow's Knowledge starters ship with no knowledge base chosen: pick the one made for the census.
    if (type === 'KnowledgeIngestion' || type === 'KnowledgeRetrieval') tweaks[node.id] = { knowledge_base: KNOWLEDGE_BASE };
    for (const { started } of services) {
      const own = started.tweaks?.(node, { files: { text: uploadedPath, audio: audioPath } });
      if (own) tweaks[node.id] = { ...tweaks[node.id], ...own };
    }
  }
  return tweaks;
}

const firstLine = (text: string) => text.replace(/\s+/g, ' ').slice(0, 160);

async function census(file: string): Promise<void> {
  let flow = readStarter(file);
  for (const { started } of services) flow = started.prepare?.(flow) ?? flow;
  const missing = componentNodes(flow).map((n) => ({ id: n.id as string, type: n.data.type as string })).filter((n) => !knownTypes.has(n.type));
  const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: flow });
  if (uploaded.status !== 201) {
    const detail = typeof uploaded.body?.detail === 'string' ? uploaded.body.detail : uploaded.text;
    rows.push({ file, imported: false, ran: false, reason: `upload ${uploaded.status}: ${firstLine(detail)}` });
    return;
  }
  const created = Array.isArray(uploaded.body) ? uploaded.body[0] : uploaded.body;
  const res = await request(server.url, 'POST', `/api/v1/run/${created.id}`, { json: { input_value: 'Tell me about treasure.', tweaks: localTweaks(flow) } });
  const ran = res.status === 200 && Array.isArray(res.body?.outputs) && res.body.outputs.length > 0;
  const answer = ran ? (res.body.outputs[0]?.outputs?.[0]?.results?.message?.text as string | undefined) : undefined;
  const detail = typeof res.body?.detail === 'string' ? res.body.detail : res.text;
  if (missing.length > 0) refusals.push({ file, status: res.status, detail, missing });
  const why = missing.length > 0 ? ` missing: ${[...new Set(missing.map((m) => m.type))].join(', ')} —` : '';
  rows.push({ file, imported: true, ran, reason: ran ? '' : `run ${res.status}:${why} ${firstLine(detail)}`, answer });
}

beforeAll(async () => {
  openai = await startFakeOpenAI({ respond: (body) => ({ text: `ECHO ${JSON.stringify(body.messages).slice(-40)}` }) });
  anthropic = await startFakeAnthropic({});
  web = await startFakeWeb();
  const folder = path.join(import.meta.dirname, 'census-services');
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'types.ts').sort()) {
    const spec = ((await import(path.join(folder, file))) as { default: CensusService }).default;
    services.push({ spec, started: await spec.start() });
    MUST_RUN.push(...spec.mustRun);
  }
  server = await spawnServer({
    env: {
      OPENAI_BASE_URL: openai.baseURL,
      OPENAI_API_KEY: 'sk-openai-test',
      ANTHROPIC_BASE_URL: anthropic.baseURL,
      ANTHROPIC_API_KEY: 'sk-anthropic-test',
      ...Object.assign({}, ...services.map((s) => s.started.env)),
    },
  });
  // The starters' models are `model: []`: they use the default model of the model-provider settings, set here as a user would.
  const chosen = await request(server.url, 'POST', '/api/v1/models/default_model', { json: { provider: 'OpenAI', model_name: 'gpt-4o-mini', model_type: 'language' } });
  expect(chosen.status).toBe(200);
  const catalog = (await request(server.url, 'GET', '/api/v1/all')).body as Record<string, Record<string, { type: string; aliases?: string[] }>>;
  knownTypes = new Set(Object.values(catalog).flatMap((category) => Object.values(category).flatMap((spec) => [spec.type, ...(spec.aliases ?? [])])));

  const form = new FormData();
  form.append('file', new Blob(['The treasure is buried under the old palm.'], { type: 'text/plain' }), 'treasure.txt');
  const file = await fetch(`${server.url}/api/v2/files`, { method: 'POST', body: form });
  uploadedPath = ((await file.json()) as { path: string }).path;
  // An MP3 frame header and silence: enough for an upload that services read as audio.
  const audio = new FormData();
  audio.append('file', new Blob([new Uint8Array([0xff, 0xfb, 0x90, 0x64, ...new Array(413).fill(0)])], { type: 'audio/mpeg' }), 'meeting.mp3');
  const audioRes = await fetch(`${server.url}/api/v2/files`, { method: 'POST', body: audio });
  expect(audioRes.status).toBe(201);
  audioPath = ((await audioRes.json()) as { path: string }).path;
  const kb = await request(server.url, 'POST', '/api/v1/knowledge_bases', { json: { name: KNOWLEDGE_BASE, embedding_provider: 'OpenAI', embedding_model: 'text-embedding-3-small' } });
  expect(kb.status).toBe(201);

  for (const starter of starterFiles()) await census(starter);
  const table = rows.map((r) => `${r.file.padEnd(40)} ${r.imported ? 'imported' : 'refused '} ${r.ran ? 'ran    ' : '       '} ${r.reason}`);
  const imported = rows.filter((r) => r.imported).length;
  const ran = rows.filter((r) => r.ran).length;
  console.log(`Langflow starter census: ${rows.length} starters, ${imported} imported, ${ran} ran, ${refusals.length} refused at run time (unsupported nodes)\n${table.join('\n')}`);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all([openai?.close(), anthropic?.close(), web?.close(), ...services.map((s) => s.started.close())]);
});

describe("census of Langflow's starter projects", () => {
  it('covers all 33 starters', () => {
    expect(starterFiles()).toHaveLength(33);
    expect(rows).toHaveLength(33);
  });

  it(`imports at least ${MIN_IMPORTED} and runs at least ${MIN_RAN} of them against the local fakes`, () => {
    expect(rows.filter((r) => r.imported).length).toBeGreaterThanOrEqual(MIN_IMPORTED);
    expect(rows.filter((r) => r.ran).length).toBeGreaterThanOrEqual(Math.max(MIN_RAN, new Set(MUST_RUN).size));
    const notRunning = MUST_RUN.filter((file) => !rows.find((r) => r.file === file)?.ran);
    expect(notRunning, rows.filter((r) => notRunning.includes(r.file)).map((r) => `${r.file}: ${r.reason}`).join('\n')).toEqual([]);
  });

  it('runs the Structured Output starters on the structured answer the model was made to give', () => {
    // The fakes answer a forced tool call with text naming each field ("EBITDA from the fake model").
    const answerOf = (file: string) => rows.find((r) => r.file === file)?.answer;
    expect(answerOf('Financial Report Parser.json')).toBe(
      'EBITDA: EBITDA from the fake model  ,  Net Income: NET_INCOME from the fake model , GROSS_PROFIT: GROSS_PROFIT from the fake model',
    );
    expect(answerOf('Image Sentiment Analysis.json')).toBe('Sentiment: sentiment from the fake model, Description: description from the fake model');
    const forced = openai.requests.filter((r) => (r.body.tool_choice as { function?: { name?: string } } | undefined)?.function?.name === 'OutputModel');
    // Financial Report Parser, Hybrid Search RAG, Image Sentiment Analysis, Market Research (gpt-4o-mini) and Portfolio Website Code Generator (gpt-5.1).
    expect(forced.map((r) => r.body.model).sort()).toEqual(['gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o-mini', 'gpt-5.1']);
    // Portfolio Website Code Generator: the résumé's structured fields, stringified, are what its Language Model is asked about.
    const asked = openai.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => JSON.stringify(r.body.messages));
    expect(asked.some((m) => m.includes('full_name from the fake model') && m.includes('skills from the fake model'))).toBe(true);
  });

  it('runs the Knowledge starters: ingestion fills the knowledge base the retrieval then searches', async () => {
    const kb = (await request(server.url, 'GET', `/api/v1/knowledge_bases/${KNOWLEDGE_BASE}`)).body as { chunks: number; embedding_model: string };
    expect(kb.embedding_model).toBe('text-embedding-3-small');
    expect(kb.chunks).toBeGreaterThan(0);
    // Retrieval runs after ingestion (files in name order) and answers rows of the fake site's text.
    const retrieved = rows.find((r) => r.file === 'Knowledge Retrieval.json')?.answer ?? '';
    expect(retrieved).toContain('The treasure is buried under the old palm.');
  });

  it('refuses to run each flow with unsupported nodes: a clean 400 naming every such node (id and type), and only those', () => {
    expect(refusals.length).toBeGreaterThan(0);
    for (const { file, status, detail, missing } of refusals) {
      expect(status, file).toBe(400);
      const named = [...detail.matchAll(/Node ([^ ]+) \(([A-Za-z0-9_]+)\) is (?:a Langflow component that is not available in Flowdesk|custom Python code from Langflow)/g)].map((m) => `${m[1]} ${m[2]}`);
      expect(new Set(named), `${file}: ${detail}`).toEqual(new Set(missing.map((m) => `${m.id} ${m.type}`)));
    }
    const remix = refusals.find((r) => r.file === 'Nvidia Remix.json');
    expect(remix?.detail).toMatch(/Node RemixDocumentation-[A-Za-z0-9]+ \(RemixDocumentation\) is custom Python code from Langflow, which Flowdesk cannot run/);
  });
});
