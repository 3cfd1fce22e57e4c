/**
 * The fake OpenAI the flow-serving tests (Responses endpoint, MCP server and bridge) put behind the
 * starter flows: it answers every chat with one pirate reply in a few streamed chunks, and fails a
 * chat that says "please fail". Also: a spawned server that requires API keys, with a key of it.
 */
import { afterAll, beforeAll } from 'vitest';
import { readAdminToken } from '../../server/services/admin-token.js';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';
import { request } from './http.js';
import { spawnServer, type SpawnedServer } from './spawn-server.js';

export const PIRATE_REPLY = 'Arrr, I be here, matey!';
export const PIRATE_CHUNKS = ['Arrr, ', 'I be ', 'here, ', 'matey!'];

function startPirateModel(): Promise<FakeOpenAI> {
  return startFakeOpenAI({
    reply: PIRATE_REPLY,
    chunks: PIRATE_CHUNKS,
    chunkDelayMs: 2,
    errorFor: (body) => (JSON.stringify(body.messages).includes('please fail') ? { status: 500, message: 'the model is down' } : undefined),
  });
}

/** For a test file: the fake, started before its tests and closed after, and the environment that points a server's OpenAI nodes at it. */
export function usePirateModel(): { fake(): FakeOpenAI; env(): Record<string, string> } {
  let fake: FakeOpenAI | undefined;
  beforeAll(async () => {
    fake = await startPirateModel();
  });
  afterAll(async () => {
    await fake?.close();
  });
  const started = () => fake as FakeOpenAI;
  return { fake: started, env: () => ({ OPENAI_BASE_URL: started().baseURL, OPENAI_API_KEY: 'sk-fake-test-key' }) };
}

/** A new API key of `server`, made with its local admin token. */
async function createApiKey(server: SpawnedServer, name: string): Promise<string> {
  const admin = (await readAdminToken(server.dataDir)) as string;
  return (await request(server.url, 'POST', '/api/v1/api_key/', { json: { name }, headers: { 'x-api-key': admin } })).body.api_key as string;
}

/** For a describe block: a server with keys required (started before its tests, stopped after) and a key of it. */
export function serverWithKey(env: () => Record<string, string>, keyName: string): { server(): SpawnedServer; key(): string } {
  let server: SpawnedServer | undefined;
  let key: string | undefined;
  beforeAll(async () => {
    server = await spawnServer({ args: ['--require-api-key'], env: env() });
    key = await createApiKey(server, keyName);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return { server: () => server as SpawnedServer, key: () => key as string };
}
