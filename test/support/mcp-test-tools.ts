/** The tools of the test MCP servers (stdio and HTTP), registered on the official SDK's McpServer. */
import { setTimeout as sleep } from 'node:timers/promises';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function testMcpServer(name = 'flowdesk-test'): McpServer {
  const server = new McpServer({ name, version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes the text back.', inputSchema: { text: z.string().describe('What to echo') } }, async ({ text }) => ({
    content: [{ type: 'text', text: `echo: ${text}` }],
  }));
  server.registerTool(
    'add',
    { description: 'Adds two numbers; answers {"sum": a+b} as JSON text.', inputSchema: { a: z.number(), b: z.number(), note: z.string().optional() } },
    async ({ a, b }) => ({ content: [{ type: 'text', text: JSON.stringify({ sum: a + b }) }] }),
  );
  server.registerTool('slow', { description: 'Answers after ms milliseconds.', inputSchema: { ms: z.number() } }, async ({ ms }) => {
    await sleep(ms);
    return { content: [{ type: 'text', text: 'done' }] };
  });
  server.registerTool('fail', { description: 'Always fails.', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'the tool broke' }], isError: true }));
  server.registerTool('whoami', { description: 'Tells the authorization header and the MCP_TEST_SECRET environment variable it sees.', inputSchema: {} }, async (_args, extra) => ({
    content: [{ type: 'text', text: JSON.stringify({ authorization: extra.requestInfo?.headers.authorization ?? null, secret: process.env.MCP_TEST_SECRET ?? null }) }],
  }));
  return server;
}
