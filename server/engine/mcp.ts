/**
 * What a run may know of the MCP servers the user configured (Settings, `/api/v2/mcp/servers`).
 * The engine only declares it; a service implements it over the stored settings, and a run without
 * one sees no servers.
 */
import type { McpServerConfig } from '../../shared/mcp.js';

export interface McpAccess {
  /** The stored configuration of a server, a copy the caller owns; undefined when none has that name. */
  server(name: string): McpServerConfig | undefined;
  /** The configured servers' names. */
  names(): string[];
}

export const NO_MCP_SERVERS: McpAccess = {
  server: () => undefined,
  names: () => [],
};
