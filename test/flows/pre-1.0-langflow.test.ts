/**
 * A Langflow export from before 1.0 (0.6: LangChain objects as nodes, wired by class) is refused at
 * upload with a 400 that says so and says what to do, whichever of its marks it carries.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/langflow/${name}`, import.meta.url), 'utf8')) as Json;
const PREDATES = /^Flow "[^"]+" predates Langflow 1\.0 \(.+\)\. Flowdesk reads Langflow 1\.x flows: open it in Langflow 1\.x, re-save it, and export it again\.$/;

let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnServer({});
});
afterAll(async () => {
  await server?.stop();
});

async function upload(doc: unknown) {
  return request(server.url, 'POST', '/api/v1/flows/upload/', { json: doc });
}

describe('pre-1.0 Langflow exports', () => {
  it('refuses a Langflow 0.6 export with a 400 saying it predates 1.0 and must be re-saved in 1.x', async () => {
    const res = await upload(fixture('pre-1.0-conversation.json'));
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(PREDATES);
    expect(res.body.detail).toContain('node ChatOpenAI-3kQd1 is a LangChain object (ChatOpenAI: BaseChatModel, ChatOpenAI, BaseLanguageModel) without outputs');
    expect((await request(server.url, 'GET', '/api/v1/flows/')).text).not.toContain('Basic Chat with Memory');
  });

  it('tells it by each mark alone: the version, the class-wired edges, a node type Langflow 1.x does not have', async () => {
    const versioned = fixture('basic-prompting.json');
    versioned.last_tested_version = '0.6.19';
    const byVersion = await upload(versioned);
    expect(byVersion.status).toBe(400);
    expect(byVersion.body.detail).toContain('it was last tested with Langflow 0.6.19');

    const edgesOnly = fixture('pre-1.0-conversation.json');
    for (const node of edgesOnly.data.nodes) node.data.node.outputs = [];
    const byEdges = await upload(edgesOnly);
    expect(byEdges.status).toBe(400);
    expect(byEdges.body.detail).toMatch(PREDATES);
    expect(byEdges.body.detail).toContain('its edges name classes (baseClasses), not outputs');

    const oddType = fixture('pre-1.0-conversation.json');
    for (const node of oddType.data.nodes) {
      node.type = 'chatInputNode';
      node.data.node.outputs = [];
    }
    oddType.data.edges = [];
    const byType = await upload(oddType);
    expect(byType.status).toBe(400);
    expect(byType.body.detail).toContain('has node type "chatInputNode"');
  });

  it('still imports Langflow 1.x exports, including 1.0 ones', async () => {
    const one = fixture('basic-prompting.json');
    one.last_tested_version = '1.0.0a38';
    expect((await upload(one)).status).toBe(201);
  });
});
