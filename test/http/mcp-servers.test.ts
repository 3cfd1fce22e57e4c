/**
 * MCP servers configured once (`/api/v2/mcp/servers`, as Langflow's `api/v2/mcp.py`), against the
 * real server: the settings round trip and its errors, the file in the data directory, the tool
 * count of `?action_count=true`, a flow whose MCP Tools node calls a tool of a configured server,
 * and a tweak that tries to give MCP Tools a command of its own.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMcp, type FakeMcpServer } from '../support/fake-mcp.js';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const STDIO_SCRIPT = fileURLToPath(new URL('../support/mcp-stdio-server.ts', import.meta.url));
const local = { command: process.execPath, args: ['--import', 'tsx', STDIO_SCRIPT], env: { MCP_TEST_SECRET: 'plain' } };

let fake: FakeMcpServer;
let server: SpawnedServer;
const api = (method: string, url: string, json?: unknown) => request(server.url, method, url, json === undefined ? {} : { json });

beforeAll(async () => {
  fake = await startFakeMcp();
  server = await spawnServer();
});
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe('/api/v2/mcp/servers', () => {
  it('starts empty, adds servers, refuses a name taken and a configuration that is neither a command nor a URL', async () => {
    expect((await api('GET', '/api/v2/mcp/servers')).body).toEqual([]);
    const added = await api('POST', '/api/v2/mcp/servers/local', local);
    expect(added.status).toBe(200);
    expect(added.body).toEqual(local);
    expect((await api('POST', '/api/v2/mcp/servers/remote', { url: fake.url, headers: { Authorization: 'Bearer t' } })).status).toBe(200);
    const again = await api('POST', '/api/v2/mcp/servers/local', local);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already exists/);
    const neither = await api('POST', '/api/v2/mcp/servers/bad', { args: ['x'] });
    expect(neither.status).toBe(422);
    expect(neither.body.detail[0].msg).toMatch(/either "command".*or "url"/);
    expect((await api('POST', '/api/v2/mcp/servers/bad', { url: 'file:///etc/passwd' })).status).toBe(422);
  });

  it('lists them as Langflow does, and with action_count connects to each and counts its tools', async () => {
    expect((await api('GET', '/api/v2/mcp/servers')).body).toEqual([
      { name: 'local', mode: null, toolsCount: null },
      { name: 'remote', mode: null, toolsCount: null },
    ]);
    const counted = await api('GET', '/api/v2/mcp/servers?action_count=true');
    expect(counted.body).toEqual([
      { name: 'local', mode: 'stdio', toolsCount: 5 },
      { name: 'remote', mode: 'streamable_http', toolsCount: 5 },
    ]);
  });

  it('reads, changes and removes one server; an unknown one reads as null', async () => {
    expect((await api('GET', '/api/v2/mcp/servers/remote')).body).toEqual({ url: fake.url, headers: { Authorization: 'Bearer t' } });
    const unknown = await api('GET', '/api/v2/mcp/servers/nowhere');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toBeNull();
    const patched = await api('PATCH', '/api/v2/mcp/servers/remote', { url: fake.url, headers: { Authorization: 'REMOTE_TOKEN' } });
    expect(patched.body).toEqual({ url: fake.url, headers: { Authorization: 'REMOTE_TOKEN' } });
    expect((await api('POST', '/api/v2/mcp/servers/doomed', { url: fake.sseUrl })).status).toBe(200);
    const removed = await api('DELETE', '/api/v2/mcp/servers/doomed');
    expect(removed.status).toBe(200);
    expect(removed.body).toBeNull();
    expect((await api('DELETE', '/api/v2/mcp/servers/doomed')).status).toBe(404);
  });

  it('keeps them in mcp-servers.json in the data directory, owner-only, in Langflow\'s shape', () => {
    const file = path.join(server.dataDir, 'mcp-servers.json');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(saved.mcpServers)).toEqual(['local', 'remote']);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('a flow with MCP Tools', () => {
  let flowId: string;
  beforeAll(async () => {
    // The header names a Credential variable: the run sends its value.
    expect((await api('POST', '/api/v1/variables/', { name: 'REMOTE_TOKEN', value: 'Bearer from-a-credential', type: 'Credential' })).status).toBe(201);
    const created = await api('POST', '/api/v1/flows/', {
      name: 'MCP sum',
      data: {
        nodes: [
          { id: 'MCPTools-sum01', type: 'component', position: { x: 0, y: 0 }, data: { type: 'MCPTools', values: { mcp_server: { name: 'remote', config: {} }, tool: 'add', a: 2, b: 40 } } },
          { id: 'ChatOutput-out01', type: 'component', position: { x: 300, y: 0 }, data: { type: 'ChatOutput', values: {} } },
        ],
        edges: [{ id: 'e1', source: 'MCPTools-sum01', sourceHandle: 'response', target: 'ChatOutput-out01', targetHandle: 'input_value' }],
        viewport: { x: 0, y: 0, zoom: 1 },
      },
    });
    expect(created.status).toBe(201);
    flowId = created.body.id;
  });

  it('runs the tool on the configured server, with the variable\'s value in the header', async () => {
    const before = fake.requests.length;
    const ran = await api('POST', `/api/v1/run/${flowId}`, { input_value: '' });
    expect(ran.status).toBe(200);
    expect(JSON.stringify(ran.body.outputs)).toContain('42');
    const mine = fake.requests.slice(before);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.authorization === 'Bearer from-a-credential')).toBe(true);
    // The session was ended when the run ended.
    expect(mine.at(-1)?.method).toBe('DELETE');
  });

  it('never takes a command from a tweak: a server only the tweak names is "not configured"', async () => {
    const marker = path.join(server.dataDir, 'tweak-was-run');
    const tweaked = await api('POST', `/api/v1/run/${flowId}`, {
      input_value: '',
      tweaks: { 'MCPTools-sum01': { mcp_server: { name: 'evil', config: { command: process.execPath, args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`] } } } },
    });
    expect(tweaked.status).toBe(500);
    expect(JSON.parse(tweaked.body.detail).message).toMatch(/MCP server "evil" is not configured on this Flowdesk/);
    expect(existsSync(marker)).toBe(false);
  });
});
