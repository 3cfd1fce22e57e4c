/** A tiny MCP server over stdio (the official SDK's McpServer), for MCP Tools tests: `node --import tsx test/support/mcp-stdio-server.ts`. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { testMcpServer } from './mcp-test-tools.js';

await testMcpServer('flowdesk-test-stdio').connect(new StdioServerTransport());
