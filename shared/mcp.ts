/**
 * MCP servers the user configured (Langflow's `/api/v2/mcp/servers`): by name, a command Flowdesk
 * starts (stdio: `{command, args, env}`) or a URL it connects to (Streamable HTTP, falling back to
 * SSE: `{url, headers}`), as in the `mcpServers` block of MCP clients' configuration files.
 */

export interface McpServerConfig {
  /** A program to start, speaking MCP on its stdin and stdout. */
  command?: string;
  args?: string[];
  /** Added to the safe part of the server's environment. A value that names a global variable is that variable's value. */
  env?: Record<string, string>;
  /** An MCP endpoint over HTTP (Streamable HTTP, or SSE for older servers). */
  url?: string;
  /** Sent with every request. A value that names a global variable is that variable's value. */
  headers?: Record<string, string>;
  /** Other keys of the configuration (e.g. `type`, `transport`), kept as given. */
  [key: string]: unknown;
}

/** Langflow's file shape: `{"mcpServers": {name: config}}`. */
export interface McpServersFile {
  mcpServers: Record<string, McpServerConfig>;
}

/** One row of `GET /api/v2/mcp/servers`. */
export interface McpServerListItem {
  name: string;
  mode: string | null;
  toolsCount: number | null;
  error?: string;
}

export const MAX_MCP_SERVER_NAME_LENGTH = 100;

/** Why a configuration cannot be used, or null when it can. */
export function mcpConfigProblem(config: unknown): string | null {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return 'the configuration must be an object: {command, args, env} or {url, headers}';
  const c = config as Record<string, unknown>;
  const hasCommand = c.command !== undefined;
  const hasUrl = c.url !== undefined;
  if (hasCommand === hasUrl) return 'give either "command" (a program speaking MCP on stdin/stdout) or "url" (an MCP endpoint over HTTP), not both or neither';
  if (hasCommand) {
    if (typeof c.command !== 'string' || c.command.trim() === '') return '"command" must be a non-empty string';
    if (c.args !== undefined && (!Array.isArray(c.args) || !c.args.every((a) => typeof a === 'string'))) return '"args" must be a list of strings';
    if (c.headers !== undefined) return '"headers" go with "url", not with "command"';
  }
  if (hasUrl) {
    if (typeof c.url !== 'string' || !/^https?:\/\/[^\s/]+/i.test(c.url.trim())) return '"url" must be an http:// or https:// URL';
    if (c.args !== undefined || c.env !== undefined) return '"args" and "env" go with "command", not with "url"';
  }
  for (const key of ['env', 'headers'] as const) {
    const value = c[key];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) return `"${key}" must be an object of strings`;
  }
  return null;
}
