import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import MCPTools from '../../server/components/mcp-tools.js';
import type { McpAccess } from '../../server/engine/mcp.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import type { McpServerConfig } from '../../shared/mcp.js';
import type { Message } from '../../shared/message.js';
import { startFakeMcp, type FakeMcpServer } from '../support/fake-mcp.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { testContext, type TestContext } from '../engine/support.js';

const STDIO_SCRIPT = fileURLToPath(new URL('../support/mcp-stdio-server.ts', import.meta.url));
const defaults = Object.fromEntries(MCPTools.fields.map((f) => [f.name, f.default]));
const agentDefaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
const http = createHttpAccess();

function servers(configs: Record<string, McpServerConfig>): McpAccess {
  return { server: (name) => (Object.hasOwn(configs, name) ? structuredClone(configs[name]) : undefined), names: () => Object.keys(configs) };
}

let fake: FakeMcpServer;
let mcp: McpAccess;
const contexts: TestContext[] = [];
const others: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  fake = await startFakeMcp();
  mcp = servers({
    local: { command: process.execPath, args: ['--import', 'tsx', STDIO_SCRIPT], env: { MCP_TEST_SECRET: 'MCP_SECRET_VARIABLE' } },
    remote: { url: fake.url, headers: { Authorization: 'REMOTE_TOKEN' } },
    legacy: { url: fake.sseUrl },
    missing: { command: 'flowdesk-no-such-mcp-server-command' },
  });
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((ctx) => ctx.endRun()));
  await Promise.all(others.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await fake.close();
});

function context(options: Parameters<typeof testContext>[0] = {}): TestContext {
  const variables = {
    get: async (name: string) => ({ MCP_SECRET_VARIABLE: 'from-a-credential', REMOTE_TOKEN: 'Bearer remote-secret' })[name],
  };
  const ctx = testContext({ mcp, http, variables, ...options });
  contexts.push(ctx);
  return ctx;
}

const rows = (value: unknown) => (value as Data[]).map((row) => row.data);

describe('MCPTools over stdio (a command from the settings)', () => {
  it('lists the server\'s tools as agent tools with their JSON schemas, and a tool call runs on the server', async () => {
    const ctx = context({ wanted: ['component_as_tool'] });
    const out = await MCPTools.run({ ...defaults, mcp_server: { name: 'local', config: {} } }, ctx);
    const tools = out.component_as_tool as Tool[];
    expect(tools.map((t) => t.name)).toEqual(['echo', 'add', 'slow', 'fail', 'whoami']);
    const add = tools.find((t) => t.name === 'add')!;
    expect(add.description).toBe('Adds two numbers; answers {"sum": a+b} as JSON text.');
    expect(add.parameters).toMatchObject({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' }, note: { type: 'string' } }, required: ['a', 'b'] });
    expect(add.parameters).not.toHaveProperty('$schema');
    expect(await tools.find((t) => t.name === 'echo')!.invoke({ text: 'hi' }, new AbortController().signal)).toBe('echo: hi');
    await expect(tools.find((t) => t.name === 'fail')!.invoke({}, new AbortController().signal)).rejects.toThrow('the tool broke');
    // The env value that names a global variable reached the server as the variable's value.
    expect(JSON.parse(await tools.find((t) => t.name === 'whoami')!.invoke({}, new AbortController().signal))).toEqual({ authorization: null, secret: 'from-a-credential' });
  });

  it('runs the chosen tool with the node\'s fields as arguments and answers Langflow\'s DataFrame rows', async () => {
    const sum = await MCPTools.run({ ...defaults, mcp_server: { name: 'local' }, tool: 'add', a: '2', b: 40, note: '' }, context({ wanted: ['response'] }));
    expect(rows(sum.response)).toEqual([{ sum: 42 }]);
    const echo = await MCPTools.run({ ...defaults, mcp_server: 'local', tool: 'echo', text: { text: 'from a message', sender: 'User', sender_name: 'User', session_id: '', files: [], properties: {} } }, context({ wanted: ['response'] }));
    expect(rows(echo.response)).toEqual([{ type: 'text', text: 'echo: from a message', annotations: null, meta: null }]);
    const none = await MCPTools.run({ ...defaults, mcp_server: 'local' }, context({ wanted: ['response'] }));
    expect(rows(none.response)).toEqual([{ error: 'You must select a tool' }]);
  });

  it('names a command that is not installed, and a server that is not configured (saying where to add it)', async () => {
    await expect(MCPTools.run({ ...defaults, mcp_server: { name: 'missing' } }, context({ wanted: ['component_as_tool'] }))).rejects.toThrow(
      /MCP server "missing": command "flowdesk-no-such-mcp-server-command" was not found/,
    );
    const notThere = MCPTools.run({ ...defaults, mcp_server: { name: 'elsewhere', config: { command: 'rm', args: ['-rf', '/tmp/x'] } } }, context());
    await expect(notThere).rejects.toThrow(/MCP server "elsewhere" is not configured on this Flowdesk: add it in Settings → MCP Servers, or POST \/api\/v2\/mcp\/servers/);
    await expect(notThere).rejects.toThrow(/Configured: "local", "remote", "legacy", "missing"/);
    await expect(MCPTools.run({ ...defaults }, context())).rejects.toThrow(/has no MCP server chosen/);
  });

});

describe('MCPTools over HTTP', () => {
  it('speaks Streamable HTTP through ctx.http with the settings\' headers (a variable resolved), and closes the session at the end of the run', async () => {
    const before = fake.requests.length;
    const ctx = context();
    const out = await MCPTools.run({ ...defaults, mcp_server: 'remote', tool: 'add', a: 1, b: 2 }, ctx);
    expect(rows(out.response)).toEqual([{ sum: 3 }]);
    const tools = out.component_as_tool as Tool[];
    expect(JSON.parse(await tools.find((t) => t.name === 'whoami')!.invoke({}, new AbortController().signal))).toEqual({ authorization: 'Bearer remote-secret', secret: null });
    const mine = fake.requests.slice(before);
    expect(mine.every((r) => r.path === '/mcp' && r.authorization === 'Bearer remote-secret')).toBe(true);
    expect(fake.openSessions()).toBe(1);
    await ctx.endRun();
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/mcp' });
    expect(fake.openSessions()).toBe(0);
  });

  it('bounds each call by Tool Execution Timeout', async () => {
    const out = await MCPTools.run({ ...defaults, mcp_server: 'remote', tool_execution_timeout: 0.5 }, context({ wanted: ['component_as_tool'] }));
    const slow = (out.component_as_tool as Tool[]).find((t) => t.name === 'slow')!;
    await expect(slow.invoke({ ms: 3000 }, new AbortController().signal)).rejects.toThrow(/MCP server "remote" \(tool slow\) did not answer within 0.5 s/);
  });

  it('lets the node\'s Headers override the settings\' ones', async () => {
    const out = await MCPTools.run({ ...defaults, mcp_server: 'remote', headers: [{ key: 'Authorization', value: 'Bearer from-the-node' }] }, context({ wanted: ['component_as_tool'] }));
    const whoami = (out.component_as_tool as Tool[]).find((t) => t.name === 'whoami')!;
    expect(JSON.parse(await whoami.invoke({}, new AbortController().signal)).authorization).toBe('Bearer from-the-node');
  });

  it('falls back to SSE for a server that only speaks the older transport', async () => {
    const out = await MCPTools.run({ ...defaults, mcp_server: 'legacy', tool: 'echo', text: 'old' }, context({ wanted: ['response'] }));
    expect(rows(out.response)).toEqual([{ type: 'text', text: 'echo: old', annotations: null, meta: null }]);
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/sse')).toBe(true);
  });

  it('goes through ctx.http, so the outbound rule applies', async () => {
    const refusing = async () => {
      throw new Error('Refused by the outbound rule');
    };
    await expect(MCPTools.run({ ...defaults, mcp_server: 'remote' }, context({ http: refusing, wanted: ['component_as_tool'] }))).rejects.toThrow(/MCP server "remote".*Refused by the outbound rule/);
  });

  it('refuses to turn certificate checks off for an https server', async () => {
    const secure = servers({ tls: { url: 'https://mcp.example.com/mcp' } });
    await expect(MCPTools.run({ ...defaults, mcp_server: 'tls', verify_ssl: false }, context({ mcp: secure }))).rejects.toThrow(/always verifies HTTPS certificates/);
  });
});

describe('MCPTools in tool mode', () => {
  it('gives an Agent the server\'s tools: the model calls one and answers with its result', async () => {
    const openai = await startFakeOpenAI({
      respond: (body) => {
        const messages = body.messages as { role: string; content: unknown }[];
        const last = messages.at(-1)!;
        if (last.role === 'tool') return { text: `The server said: ${String(last.content)}` };
        return { toolCalls: [{ name: 'add', arguments: { a: 20, b: 22 } }] };
      },
    });
    others.push(openai);
    const out = await MCPTools.run({ ...defaults, mcp_server: 'remote' }, context({ wanted: ['component_as_tool'] }));
    const ctx = context({ env: { OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: 'sk-mcp' } });
    const answer = await Agent.run({ ...agentDefaults, input_value: 'What is 20 + 22?', tools: out.component_as_tool, add_current_date_tool: false }, ctx);
    expect((answer.response as Message).text).toBe('The server said: {"sum":42}');
    const offered = (openai.requests[0]?.body.tools as { function: { name: string; parameters: unknown } }[]).map((t) => t.function.name);
    expect(offered).toEqual(['echo', 'add', 'slow', 'fail', 'whoami']);
  });

  it('applies the Actions table: a tool renamed or turned off by its tag', async () => {
    const metadata = [
      { name: 'shout', description: 'Echo, louder.', tags: ['echo'], status: true },
      { name: 'slow', description: 'x', tags: ['slow'], status: false },
    ];
    const out = await MCPTools.run({ ...defaults, mcp_server: 'remote', tools_metadata: metadata }, context({ wanted: ['component_as_tool'] }));
    const tools = out.component_as_tool as Tool[];
    expect(tools.map((t) => [t.name, t.description])).toEqual([
      ['shout', 'Echo, louder.'],
      ['add', 'Adds two numbers; answers {"sum": a+b} as JSON text.'],
      ['fail', 'Always fails.'],
      ['whoami', 'Tells the authorization header and the MCP_TEST_SECRET environment variable it sees.'],
    ]);
    expect(await tools[0]!.invoke({ text: 'hey' }, new AbortController().signal)).toBe('echo: hey');
  });

  it('keeps the tool list for later runs with Use Cached Server, connecting only when a tool is called', async () => {
    await MCPTools.run({ ...defaults, mcp_server: 'remote', use_cache: true }, context({ wanted: ['component_as_tool'] }));
    const before = fake.requests.length;
    const out = await MCPTools.run({ ...defaults, mcp_server: 'remote', use_cache: true }, context({ wanted: ['component_as_tool'] }));
    expect((out.component_as_tool as Tool[]).map((t) => t.name)).toContain('echo');
    expect(fake.requests.length).toBe(before);
    expect(await (out.component_as_tool as Tool[])[0]!.invoke({ text: 'late' }, new AbortController().signal)).toBe('echo: late');
    expect(fake.requests.length).toBeGreaterThan(before);
  });
});

describe('MCPTools fields', () => {
  it('has Langflow\'s fields and outputs, and the chosen tool\'s arguments as dynamic fields (never a command)', () => {
    expect(MCPTools.fields.map((f) => f.name)).toEqual(['mcp_server', 'use_cache', 'verify_ssl', 'headers', 'tool_execution_timeout', 'tool', 'tool_placeholder', 'tools_metadata']);
    expect(MCPTools.outputs.map((o) => [o.name, o.display_name, o.types])).toEqual([
      ['response', 'Response', ['DataFrame']],
      ['component_as_tool', 'Toolset', ['Tool']],
    ]);
    const dynamic = MCPTools.dynamicFields?.({ mcp_server: {}, tool: 'add', a: 1, text: 'x', flag: true, command: 'rm', sse_url: 'http://x' }) ?? [];
    expect(dynamic.map((f) => [f.name, f.kind])).toEqual([
      ['a', 'float'],
      ['text', 'str'],
      ['flag', 'bool'],
    ]);
  });
});
