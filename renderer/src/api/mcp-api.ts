/** MCP servers (`/api/v2/mcp/servers`, Langflow's shapes): list (with tool counts), add, change, remove. */
import type { McpServerConfig, McpServerListItem } from '../../../shared/mcp.js';
import { request } from './http.js';

export type { McpServerConfig, McpServerListItem };

export interface McpServerRow extends McpServerListItem {
  config: McpServerConfig | null;
}

const path = (name: string) => `/api/v2/mcp/servers/${encodeURIComponent(name)}`;

/** Every server with its configuration; `check`: connect to each and count its tools. */
export async function listMcpServers(check = false): Promise<McpServerRow[]> {
  const items = await request<McpServerListItem[]>('GET', `/api/v2/mcp/servers${check ? '?action_count=true' : ''}`);
  return Promise.all(items.map(async (item) => ({ ...item, config: await request<McpServerConfig | null>('GET', path(item.name)) })));
}

export function addMcpServer(name: string, config: McpServerConfig): Promise<McpServerConfig> {
  return request('POST', path(name), { json: config });
}

export function deleteMcpServer(name: string): Promise<null> {
  return request('DELETE', path(name));
}
