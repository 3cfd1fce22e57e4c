/**
 * The `mcpServers` blocks MCP clients take for Flowdesk's flows as tools: the stdio bridge
 * (`flowdesk mcp`, which finds the running server through its data directory) and the Streamable
 * HTTP URL. Pure, for tests.
 */

/** The key the blocks give the server in a client's `mcpServers`. */
export const MCP_SERVER_NAME = 'flowdesk';

/** Where a client sends the key when the server requires one. */
export const MCP_KEY_PLACEHOLDER = '<your Flowdesk API key>';

export function mcpStreamableUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/mcp/streamable`;
}

/** For clients that launch a command: the `flowdesk` command on the PATH, relaying to this server. */
export function mcpStdioConfig(): string {
  return JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: { command: 'flowdesk', args: ['mcp'] } } }, null, 2);
}

/** For clients that take a URL; with `apiKey`, the header that carries the key. */
export function mcpHttpConfig(baseUrl: string, apiKey: boolean): string {
  const server = { type: 'http', url: mcpStreamableUrl(baseUrl), ...(apiKey ? { headers: { 'x-api-key': MCP_KEY_PLACEHOLDER } } : {}) };
  return JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: server } }, null, 2);
}
