/**
 * Flowdesk's flows as MCP servers, driven by the official SDK's Client against a spawned server whose
 * model is the fake OpenAI: the tools of every flow over Streamable HTTP (`/api/v1/mcp/streamable`),
 * a call (a run like any other: its messages are stored), progress notifications with the model's
 * tokens, a failed run as a tool error, `mcp_enabled: false` and `action_name`, a project's server over
 * Streamable HTTP and SSE, an unknown project, and API keys required (x-api-key or Bearer) or not.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIRATE_CHUNKS, PIRATE_REPLY, serverWithKey, usePirateModel } from '../support/pirate-model.js';
import { raw, request } from '../support/http.js';
import { makeTempDir, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const REPLY = PIRATE_REPLY;
const CHUNKS = PIRATE_CHUNKS;
/** The project the project-server tests serve; made through the projects API. */
let PROJECT = '';

const model = usePirateModel();
const serverEnv = model.env;

async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'flowdesk-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const streamable = (url: string, headers?: Record<string, string>) => new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });

type TextContent = { type: 'text'; text: string };
const texts = (result: object) => ((result as { content: TextContent[] }).content ?? []).map((c) => c.text);

describe('with keys off', () => {
  let dataDir: string;
  let server: SpawnedServer;
  let global: Client;
  let flowIds: Record<string, string>;

  beforeAll(async () => {
    dataDir = await makeTempDir();
    server = await spawnServer({ env: serverEnv(), dataDir });
    const listed = (await request(server.url, 'GET', '/api/v1/flows/?format=flowdesk')).body as { id: string; endpoint_name: string | null; data: unknown }[];
    const template = listed.find((f) => f.endpoint_name === 'text-template')!;
    const create = async (body: object) => (await request(server.url, 'POST', '/api/v1/flows/', { json: { data: template.data, ...body } })).body.id as string;
    flowIds = {
      template: template.id,
      prompting: listed.find((f) => f.endpoint_name === 'basic-prompting')!.id,
      hidden: await create({ name: 'Hidden Flow', mcp_enabled: false }),
      action: await create({ name: 'Action Flow', action_name: 'Shout It!', action_description: 'Shouts the text back.' }),
    };
    global = await connect(streamable(`${server.url}/api/v1/mcp/streamable`));
  });
  afterAll(async () => {
    await global?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('lists every enabled flow with an output as a tool, named and described as Langflow does', async () => {
    const { tools } = await global.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['basic_prompting', 'text_template', 'shout_it']));
    expect(byName.has('hidden_flow')).toBe(false);
    expect(byName.get('shout_it')!.description).toBe('Shouts the text back.');
    expect(byName.get('basic_prompting')!.description).toBe((await request(server.url, 'GET', `/api/v1/flows/${flowIds.prompting}`)).body.description);
    expect(byName.get('basic_prompting')!.inputSchema).toEqual({
      type: 'object',
      properties: {
        input_value: { type: 'string', description: 'Message to be passed as input.' },
        session_id: { type: 'string', description: expect.stringContaining('Optional session identifier') },
      },
      required: [],
    });
  });

  it('keeps mcp_enabled and action_name on the flow, as Langflow names them', async () => {
    const hidden = (await request(server.url, 'GET', `/api/v1/flows/${flowIds.hidden}`)).body;
    expect(hidden).toMatchObject({ mcp_enabled: false, action_name: null, action_description: null });
    const action = (await request(server.url, 'GET', `/api/v1/flows/${flowIds.action}`)).body;
    expect(action).toMatchObject({ mcp_enabled: true, action_name: 'Shout It!', action_description: 'Shouts the text back.' });
    const bad = await request(server.url, 'PATCH', `/api/v1/flows/${flowIds.hidden}`, { json: { mcp_enabled: 'yes' } });
    expect(bad.status).toBe(422);

    // A Langflow download writes them, and an upload of it keeps them.
    const exported = (await request(server.url, 'POST', '/api/v1/flows/download/?format=langflow', { json: [flowIds.action] })).body;
    expect(exported).toMatchObject({ action_name: 'Shout It!', action_description: 'Shouts the text back.' });
    const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/', { json: { ...exported, mcp_enabled: false } });
    expect(uploaded.body[0]).toMatchObject({ mcp_enabled: false, action_name: 'Shout It!', action_description: 'Shouts the text back.' });
    await request(server.url, 'DELETE', `/api/v1/flows/${uploaded.body[0].id as string}`);
  });

  it('calls a tool: a run of the flow, whose messages are stored under the session', async () => {
    const result = await global.callTool({ name: 'basic_prompting', arguments: { input_value: 'hi, are you there?', session_id: 'mcp-session-1' } });
    expect(result.isError).toBeFalsy();
    expect(texts(result)).toEqual([REPLY]);
    expect(JSON.stringify(model.fake().requests.at(-1)!.body.messages)).toContain('hi, are you there?');
    const stored = await request(server.url, 'GET', '/api/v1/monitor/messages?session_id=mcp-session-1');
    expect((stored.body as { text: string }[]).map((m) => m.text)).toEqual(['hi, are you there?', REPLY]);
  });

  it('sends the model tokens as progress notifications when the client asks for progress', async () => {
    const progress: { progress: number; message?: string }[] = [];
    const result = await global.callTool({ name: 'basic_prompting', arguments: { input_value: 'stream please' } }, undefined, { onprogress: (p) => progress.push(p) });
    expect(texts(result)).toEqual([REPLY]);
    expect(progress.map((p) => p.message)).toEqual(CHUNKS);
    expect(progress.map((p) => p.progress)).toEqual(CHUNKS.map((_, i) => i + 1));
  });

  it('answers a failed run as a tool error with the run message', async () => {
    const result = await global.callTool({ name: 'basic_prompting', arguments: { input_value: 'please fail' } });
    expect(result.isError).toBe(true);
    expect(texts(result)[0]).toContain('Error Executing the Basic Prompting tool. Error:');
    expect(texts(result)[0]).toContain('the model is down');
    const unknown = await global.callTool({ name: 'no_such_tool', arguments: {} });
    expect(unknown).toMatchObject({ isError: true, content: [{ type: 'text', text: "Flow with name 'no_such_tool' not found" }] });
  });

  it('is stateless: no session id, GET and DELETE answer 405; HEAD answers 200 there and on the SSE path', async () => {
    const transport = streamable(`${server.url}/api/v1/mcp/streamable`);
    const client = await connect(transport);
    await client.listTools();
    expect(transport.sessionId).toBeUndefined();
    await client.close();
    for (const method of ['GET', 'DELETE']) {
      const res = await raw(server.url, '/api/v1/mcp/streamable', { method, headers: { accept: 'text/event-stream' } });
      expect(res.status, method).toBe(405);
    }
    expect((await raw(server.url, '/api/v1/mcp/streamable', { method: 'HEAD' })).status).toBe(200);
    expect((await raw(server.url, '/api/v1/mcp/sse', { method: 'HEAD', timeoutMs: 3000 })).status).toBe(200);
  });

  describe("a project's server", () => {
    beforeAll(async () => {
      // A project of its own, and three of the flows moved into it (as the editor's "Move to" does).
      const created = await request(server.url, 'POST', '/api/v1/projects/', { json: { name: 'MCP project' } });
      expect(created.status).toBe(201);
      PROJECT = created.body.id as string;
      for (const id of [flowIds.template, flowIds.action, flowIds.hidden]) {
        expect((await request(server.url, 'PATCH', `/api/v1/flows/${id}`, { json: { folder_id: PROJECT } })).status).toBe(200);
      }
    });

    it('serves only its flows over Streamable HTTP', async () => {
      const client = await connect(streamable(`${server.url}/api/v1/mcp/project/${PROJECT}/streamable`));
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['shout_it', 'text_template']);
      const result = await client.callTool({ name: 'text_template', arguments: { input_value: 'hello project' } });
      expect(result.isError).toBeFalsy();
      expect(texts(result).join(' ')).toContain('hello project');
      await client.close();
    });

    it('serves them over SSE, the messages posted to the endpoint the stream names', async () => {
      const client = await connect(new SSEClientTransport(new URL(`${server.url}/api/v1/mcp/project/${PROJECT}/sse`)));
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['shout_it', 'text_template']);
      const result = await client.callTool({ name: 'shout_it', arguments: { input_value: 'over sse' } });
      expect(texts(result).join(' ')).toContain('over sse');
      await client.close();
    });

    it("lists and sets the project's MCP settings, as Langflow's GET/PATCH /api/v1/mcp/project/{id}", async () => {
      const path = `/api/v1/mcp/project/${PROJECT}`;
      const listed = await request(server.url, 'GET', path);
      expect(listed.status).toBe(200);
      expect(listed.body.auth_settings).toBeNull();
      expect(listed.body.tools).toEqual(
        expect.arrayContaining([
          { id: flowIds.action, mcp_enabled: true, action_name: 'shout_it', action_description: 'Shouts the text back.', name: 'Action Flow', description: '' },
          expect.objectContaining({ id: flowIds.template, mcp_enabled: true, action_name: 'text_template', name: 'Text Template' }),
        ]),
      );
      expect(listed.body.tools).toHaveLength(2);
      expect((await request(server.url, 'GET', `${path}?mcp_enabled=false`)).body.tools).toHaveLength(3);

      const bad = await request(server.url, 'PATCH', path, { json: { settings: [{ id: flowIds.template, mcp_enabled: 'no' }] } });
      expect(bad.status).toBe(422);
      const patched = await request(server.url, 'PATCH', path, {
        json: { settings: [{ id: flowIds.template, mcp_enabled: false }, { id: flowIds.hidden, mcp_enabled: true, action_name: 'Now Visible' }, { id: flowIds.prompting, mcp_enabled: false }] },
      });
      expect(patched.body).toEqual({ message: 'Updated MCP settings for 2 flows and project auth settings' });
      const client = await connect(streamable(`${server.url}/api/v1/mcp/project/${PROJECT}/streamable`));
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['now_visible', 'shout_it']);
      await client.close();
      // Not in the project: left alone.
      expect((await request(server.url, 'GET', `/api/v1/flows/${flowIds.prompting}`)).body.mcp_enabled).toBe(true);
      await request(server.url, 'PATCH', path, { json: [{ id: flowIds.template, mcp_enabled: true }, { id: flowIds.hidden, mcp_enabled: false, action_name: null }] });
      expect((await request(server.url, 'GET', path)).body.tools.map((t: { action_name: string }) => t.action_name).sort()).toEqual(['shout_it', 'text_template']);
    });

    it('answers 404 for an unknown project, and for a message to no session', async () => {
      const other = '11111111-2222-4333-8444-555555555555';
      const error = await connect(streamable(`${server.url}/api/v1/mcp/project/${other}/streamable`)).catch((err: unknown) => err);
      expect(error).toMatchObject({ code: 404 });
      expect((await request(server.url, 'GET', `/api/v1/mcp/project/${other}`)).status).toBe(404);
      const sse = await raw(server.url, `/api/v1/mcp/project/${other}/sse`);
      expect(sse.status).toBe(404);
      expect(sse.json).toEqual({ detail: 'Project not found' });
      const post = await request(server.url, 'POST', `/api/v1/mcp/project/${PROJECT}/?sessionId=nope`, { json: { jsonrpc: '2.0', method: 'ping', id: 1 } });
      expect(post.status).toBe(404);
    });
  });
});

describe("an input node's visible fields, passed as tweaks under the tweak policy", () => {
  /** A custom input component with a visible field besides input_value (a chat input: its id names "chat", as Langflow's input_type matching wants). */
  const GREETING = `export default {
  type: 'GreetingChatInput', display_name: 'Greeting Chat Input', description: 'A greeting and a name.', role: 'input',
  fields: [
    { name: 'input_value', display_name: 'Name', kind: 'str', default: '' },
    { name: 'greeting', display_name: 'Greeting', kind: 'str', default: 'Hello', info: 'How to greet.' },
  ],
  outputs: [{ name: 'message', display_name: 'Message', types: ['Message'] }],
  async run(inputs) { return { message: inputs.greeting + ', ' + inputs.input_value + '!' }; },
};
`;
  const node = (id: string, type: string) => ({ id, type: 'component', position: { x: 0, y: 0 }, data: { type, values: {} } });
  const data = {
    nodes: [node('GreetingChatInput-aaaaa', 'GreetingChatInput'), node('ChatOutput-bbbbb', 'ChatOutput')],
    edges: [{ id: 'e1', source: 'GreetingChatInput-aaaaa', sourceHandle: 'message', target: 'ChatOutput-bbbbb', targetHandle: 'input_value' }],
    viewport: { x: 0, y: 0, zoom: 1 },
  };

  async function greeter(policy: string): Promise<{ server: SpawnedServer; client: Client; dir: string }> {
    const dir = await makeTempDir();
    await writeFile(path.join(dir, 'greeting.mjs'), GREETING);
    const server = await spawnServer({ args: ['--components-path', dir, '--tweaks-policy', policy] });
    const created = await request(server.url, 'POST', '/api/v1/flows/', { json: { name: 'Greeter', data } });
    expect(created.status, created.text).toBe(201);
    return { server, dir, client: await connect(streamable(`${server.url}/api/v1/mcp/streamable`)) };
  }

  it('offers the field and sets it for the run; with tweaks off, the call is a tool error', async () => {
    for (const policy of ['permissive', 'off']) {
      const { server, client, dir } = await greeter(policy);
      try {
        const tool = (await client.listTools()).tools.find((t) => t.name === 'greeter')!;
        expect(Object.keys(tool.inputSchema.properties ?? {})).toEqual(['input_value', 'greeting', 'session_id']);
        const result = await client.callTool({ name: 'greeter', arguments: { input_value: 'Ada', greeting: 'Ahoy' } });
        if (policy === 'permissive') expect(texts(result)).toEqual(['Ahoy, Ada!']);
        else expect(result).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('Error Executing the Greeter tool') }] });
        // Without the argument the node keeps its own value, whatever the policy.
        expect(texts(await client.callTool({ name: 'greeter', arguments: { input_value: 'Bo' } }))).toEqual(['Hello, Bo!']);
      } finally {
        await client.close();
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      }
    }
  });
});

describe('with keys required', () => {
  const keyed = serverWithKey(serverEnv, 'mcp client');

  it('refuses a client without a key or with a wrong one (403, as the rest of the API)', async () => {
    const missing = await connect(streamable(`${keyed.server().url}/api/v1/mcp/streamable`)).catch((err: unknown) => err);
    expect(missing).toMatchObject({ code: 403 });
    expect((missing as Error).message).toContain('An API key must be passed as query or header');
    const wrong = await connect(streamable(`${keyed.server().url}/api/v1/mcp/streamable`, { authorization: 'Bearer sk-wrong' })).catch((err: unknown) => err);
    expect(wrong).toMatchObject({ code: 403 });
    const sse = await raw(keyed.server().url, '/api/v1/mcp/sse');
    expect(sse.status).toBe(403);
  });

  it('serves a client with its key in x-api-key or as a bearer token', async () => {
    for (const headers of [{ 'x-api-key': keyed.key() }, { authorization: `Bearer ${keyed.key()}` }] as Record<string, string>[]) {
      const client = await connect(streamable(`${keyed.server().url}/api/v1/mcp/streamable`, headers));
      const result = await client.callTool({ name: 'text_template', arguments: { input_value: 'with a key' } });
      expect(texts(result).join(' ')).toContain('with a key');
      await client.close();
    }
  });

  it('serves SSE with the key on the stream and on every message', async () => {
    const client = await connect(new SSEClientTransport(new URL(`${keyed.server().url}/api/v1/mcp/sse`), { requestInit: { headers: { 'x-api-key': keyed.key() } } }));
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('basic_prompting');
    await client.close();
  });
});
