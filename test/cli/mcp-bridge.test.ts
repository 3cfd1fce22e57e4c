/**
 * `flowdesk mcp`, the stdio bridge, spawned by the official SDK's StdioClientTransport (as MCP
 * clients launch it) in front of a spawned server whose model is the fake OpenAI: it lists and calls
 * the server's tools and relays progress; without --url it finds the server through the data
 * directory's lock file (and sends its admin token when keys are required); with no server it says
 * so in one line and exits 1.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIRATE_CHUNKS, PIRATE_REPLY, usePirateModel } from '../support/pirate-model.js';
import { childEnv, FLOWDESK_BIN, makeTempDir, REPO_ROOT, runFlowdesk, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const model = usePirateModel();
const serverEnv = model.env;

/** A client talking to `flowdesk mcp …args` over its stdin/stdout. */
async function bridge(args: string[]): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [FLOWDESK_BIN, 'mcp', ...args], cwd: REPO_ROOT, env: childEnv() as Record<string, string>, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'bridge-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

type TextContent = { type: 'text'; text: string };
const texts = (result: object) => ((result as { content: TextContent[] }).content ?? []).map((c) => c.text);

describe('flowdesk mcp --url', () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnServer({ env: serverEnv() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("lists the server's tools and calls one, relaying progress", async () => {
    const { client, stderr } = await bridge(['--url', server.url]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['basic_prompting', 'text_template']));
    expect(tools.find((t) => t.name === 'basic_prompting')!.inputSchema.properties).toHaveProperty('input_value');

    const progress: (string | undefined)[] = [];
    const result = await client.callTool({ name: 'basic_prompting', arguments: { input_value: 'hi over stdio' } }, undefined, { onprogress: (p) => progress.push(p.message) });
    expect(texts(result)).toEqual([PIRATE_REPLY]);
    expect(progress).toEqual(PIRATE_CHUNKS);
    expect(JSON.stringify(model.fake().requests.at(-1)!.body.messages)).toContain('hi over stdio');

    const failed = await client.callTool({ name: 'no_such_tool', arguments: {} });
    expect(failed.isError).toBe(true);
    await client.close();
    expect(stderr()).toBe('');
  });

  it("relays one project's server with --project, and says so when there is no such project", async () => {
    const unknown = await runFlowdesk(['mcp', '--url', server.url, '--project', 'no-such-project']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`flowdesk: cannot reach the MCP server at ${server.url}/api/v1/mcp/project/no-such-project/streamable:`);
    expect(unknown.stderr).toContain('Project not found');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('flowdesk mcp without --url', () => {
  it('finds the server running on the data directory, keys required, through its lock file and admin token', async () => {
    const dataDir = await makeTempDir();
    const server = await spawnServer({ dataDir, args: ['--require-api-key'], env: serverEnv() });
    try {
      const { client } = await bridge(['--data-dir', dataDir]);
      const result = await client.callTool({ name: 'text_template', arguments: { input_value: 'found you' } });
      expect(result.isError).toBeFalsy();
      expect(texts(result).join(' ')).toContain('found you');
      await client.close();
    } finally {
      await server.stop();
    }
    // The server is gone: one line, exit 1.
    const gone = await runFlowdesk(['mcp', '--data-dir', dataDir]);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toBe('');
    expect(gone.stderr).toBe(`flowdesk: no Flowdesk server runs on data directory ${dataDir}: start one (flowdesk run, or the desktop app), or pass --url\n`);
  });

  it('says when the URL answers nothing, and shows its help', async () => {
    const refused = await runFlowdesk(['mcp', '--url', 'http://127.0.0.1:1']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^flowdesk: cannot reach the MCP server at http:\/\/127\.0\.0\.1:1\/api\/v1\/mcp\/streamable: .+\n$/);
    const help = await runFlowdesk(['mcp', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: flowdesk mcp [--url URL] [--project ID] [--api-key KEY]');
  });
});
