/**
 * The API panel's snippets run as shown: curl (bash), Python (requests) and JavaScript (fetch, in
 * Node), built by the panel's own code from the Basic Prompting flow and the server's catalog, in
 * every combination of the panel's options (tweaks filled with the current values or not, an API key
 * sent or not), against a real server whose model is the fake OpenAI. A failing run's Python snippet
 * prints the server's `detail`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentCatalog } from '../../shared/component-spec.js';
import type { FlowData } from '../../shared/flow.js';
import { buildTweaks, curlSnippet, jsSnippet, pythonSnippet, API_KEY_ENV, type SnippetInput } from '../../renderer/src/api-panel/snippets.js';
import { toViewEdge, toViewNode } from '../../renderer/src/editor/flow-mapping.js';
import { indexCatalog } from '../../renderer/src/editor/specs.js';
import { readAdminToken } from '../../server/services/admin-token.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { makeTempDir } from '../support/temp-dir.js';
import { findPython } from '../support/python.js';

const REPLY = 'Ahoy from the snippet!';
let fake: FakeOpenAI;
let server: SpawnedServer;
let key: string;
let dir: string;
let snippetInput: (withValues: boolean, apiKey: boolean) => SnippetInput;

beforeAll(async () => {
  fake = await startFakeOpenAI({ reply: REPLY });
  server = await spawnServer({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-fake-test-key' } });
  dir = await makeTempDir('flowdesk-snippets-');
  const admin = (await readAdminToken(server.dataDir)) as string;
  key = (await request(server.url, 'POST', '/api/v1/api_key/', { json: { name: 'snippets' }, headers: { 'x-api-key': admin } })).body.api_key as string;
  const data = JSON.parse(readFileSync(new URL('../renderer/fixtures/basic-prompting-flow.json', import.meta.url), 'utf8')) as FlowData;
  const created = await request(server.url, 'POST', '/api/v1/flows/?format=flowdesk', { json: { name: 'Pirate bot', endpoint_name: 'pirate-bot', data } });
  expect(created.status).toBe(201);
  const specs = indexCatalog((await request(server.url, 'GET', '/api/v1/all')).body as ComponentCatalog);
  const nodes = data.nodes.map(toViewNode);
  const edges = data.edges.map(toViewEdge);
  snippetInput = (withValues, apiKey) => ({ baseUrl: server.url, flowRef: 'pirate-bot', inputValue: "it's me, are you there?", tweaks: buildTweaks(nodes, edges, specs, withValues), apiKey });
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

interface SnippetResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking this process (the fake model answers from here). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<SnippetResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function runSnippet(language: 'curl' | 'python' | 'javascript', code: string): Promise<SnippetResult> {
  const env = { ...process.env, [API_KEY_ENV]: key };
  if (language === 'curl') return run('bash', ['-c', `${code} --silent --show-error --fail-with-body`], env);
  if (language === 'python') return run(findPython(), ['-c', code], env);
  const file = path.join(dir, `snippet-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  return run(process.execPath, [file], env);
}

describe.each([
  { withValues: false, apiKey: false },
  { withValues: true, apiKey: false },
  { withValues: false, apiKey: true },
  { withValues: true, apiKey: true },
])('with values $withValues, API key $apiKey', ({ withValues, apiKey }) => {
  it('curl answers with the run, the model reply in its message', async () => {
    const result = await runSnippet('curl', curlSnippet(snippetInput(withValues, apiKey)));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).outputs[0].outputs[0].results.message.text).toBe(REPLY);
  });

  it('Python prints the reply', async () => {
    const result = await runSnippet('python', pythonSnippet(snippetInput(withValues, apiKey)));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(REPLY);
  });

  it('JavaScript prints the reply', async () => {
    const result = await runSnippet('javascript', jsSnippet(snippetInput(withValues, apiKey)));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(REPLY);
  });
});

it("the Python snippet prints the server's detail on an error and exits non-zero", async () => {
  const input = snippetInput(false, false);
  const result = await runSnippet('python', pythonSnippet({ ...input, tweaks: { ...input.tweaks, 'ChatInput-8a86T': { input_value: 'twice' } } }));
  expect(result.status).toBe(1);
  expect(result.stderr.trim()).toBe('Error 400: If you pass an input_value to the chat input, you cannot pass a tweak with the same name.');
});
