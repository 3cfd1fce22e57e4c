/**
 * `GET /api/v2/mcp/servers?action_count=true`: connects to a configured server, counts its tools and
 * closes, as Langflow's list does. Built by the composition root with the server's outbound HTTP.
 */
import type { McpServerConfig } from '../../../shared/mcp.js';
import type { HttpAccess, VariableAccess } from '../../engine/define-component.js';
import { connectMcp, mcpTimeoutMs, variableResolver } from './mcp-client.js';

export function mcpServerProbe(deps: { http: HttpAccess; variables: VariableAccess; env: Readonly<Record<string, string | undefined>> }) {
  return async (name: string, config: McpServerConfig): Promise<{ mode: string; toolsCount: number }> => {
    const connection = await connectMcp(name, config, { http: deps.http, timeoutMs: mcpTimeoutMs(0, deps.env), resolveValue: variableResolver(deps.variables) });
    try {
      return { mode: connection.mode.toLowerCase(), toolsCount: (await connection.tools()).length };
    } finally {
      await connection.close();
    }
  };
}
