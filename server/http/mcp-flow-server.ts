/**
 * One MCP server (the official SDK's) over the flows of a scope: every flow, or one project's. Its
 * tools are listed from the flows at each request (services/mcp-flow-tools.ts); a call is a run like
 * any other, through the run lifecycle (admission, timeout, tweak policy, stored messages). With a
 * progress token, the model's tokens go out as `notifications/progress` (message: the token text).
 * A failed run is a tool result with `isError` and the run's message, worded as Langflow's.
 */
// The low-level Server, which the SDK keeps for this case: tool schemas are JSON Schema made from stored flows, not zod.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { StreamEvent } from '../../shared/api.js';
import { errorMessage } from '../../shared/errors.js';
import { progressSent, runTexts, toolRunBody, type FlowTool } from '../services/mcp-flow-tools.js';
import type { AppDeps } from './app-deps.js';
import { runErrorText } from './routes/run-routes.js';

/** Which flows a server serves: all (`projectId` undefined) or one project's. */
export interface McpScope {
  projectId?: string;
}

export function createFlowMcpServer(deps: AppDeps, scope: McpScope): Server {
  const name = scope.projectId === undefined ? 'flowdesk-mcp-server' : `flowdesk-mcp-project-${scope.projectId}`;
  const server = new Server({ name, version: deps.version }, { capabilities: { tools: { listChanged: false } } });
  const tools = (): FlowTool[] => deps.mcpTools.tools(deps.mcpFlows(scope.projectId) ?? []);

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools().map(({ name: toolName, description, inputSchema }) => ({ name: toolName, description, inputSchema })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = tools().find((t) => t.name === request.params.name);
    if (!tool) return failure(`Flow with name '${request.params.name}' not found`);
    let body;
    try {
      body = toolRunBody(tool, request.params.arguments ?? {});
    } catch (err) {
      return failure(`Invalid arguments for the ${tool.flowName} tool: ${errorMessage(err)}`);
    }
    const progressToken = request.params._meta?.progressToken;
    try {
      const run = await deps.runs.start(tool.flowId, body, { stream: progressToken !== undefined });
      extra.signal.addEventListener('abort', () => run.abort(), { once: true });
      const sent: Promise<void>[] = [];
      const onStreamEvent = (event: StreamEvent) => {
        if (progressToken === undefined || event.event !== 'token' || !event.data.chunk) return;
        const params = { progressToken, progress: sent.length + 1, message: event.data.chunk };
        sent.push(extra.sendNotification({ method: 'notifications/progress', params }).catch(() => {}));
      };
      const response = await run.execute({ onStreamEvent });
      await progressSent(sent);
      return { content: runTexts(response).map((text) => ({ type: 'text', text })) };
    } catch (err) {
      return failure(`Error Executing the ${tool.flowName} tool. Error: ${runErrorText(err, deps)}`);
    }
  });
  return server;
}

function failure(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
