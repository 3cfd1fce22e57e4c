/**
 * Flowdesk's flows as MCP servers, at Langflow's paths (its `api/v1/mcp.py` and `mcp_projects.py`):
 * - Streamable HTTP: `/api/v1/mcp/streamable` (every flow) and `/api/v1/mcp/project/{id}/streamable`.
 *   Stateless: each POST gets its own SDK server and transport, closed when its answer ends, so no
 *   session outlives a request. GET and DELETE answer 405 (no standalone stream, no session to end),
 *   as the SDK's stateless servers do; HEAD answers 200 (Langflow's health probe).
 * - SSE, for older clients: `GET /api/v1/mcp/sse` (messages posted to `/api/v1/mcp/`) and
 *   `GET /api/v1/mcp/project/{id}/sse` (messages posted to `/api/v1/mcp/project/{id}/`); a session
 *   lives while its event stream is open (HEAD answers 200 there too).
 * The SDK's transports write to the raw node response (`ctx.respond = false`). These are API routes:
 * the guard chain (Host, Origin, content type, API key) has judged every request before it gets here.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { BadRequestError, NotFoundError, errorMessage } from '../../../shared/errors.js';
import type { Logger } from '../../logger.js';
import type { AppDeps } from '../app-deps.js';
import { createFlowMcpServer, type McpScope } from '../mcp-flow-server.js';
import { lastQueryValue } from '../request-view.js';
import { readJsonBody } from '../read-body.js';

interface SseSession {
  transport: SSEServerTransport;
  scope: McpScope;
}

export function mcpFlowRoutes(router: Router, deps: AppDeps): void {
  /** Open SSE sessions by id; each leaves when its event stream closes. */
  const sessions = new Map<string, SseSession>();

  /** The scope a request names: every flow, or a project that exists (else 404). */
  const scopeOf = (ctx: Context): McpScope => {
    const projectId = ctx.params.projectId as string | undefined;
    if (projectId !== undefined && deps.mcpFlows(projectId) === undefined) throw new NotFoundError('Project not found');
    return projectId === undefined ? {} : { projectId };
  };

  const streamable = async (ctx: Context) => {
    const scope = scopeOf(ctx);
    if (ctx.method === 'HEAD') {
      ctx.status = 200;
      return;
    }
    if (ctx.method !== 'POST') {
      ctx.status = 405;
      ctx.set('Allow', 'POST, HEAD');
      ctx.body = { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this server is stateless, POST JSON-RPC messages' }, id: null };
      return;
    }
    const server = createFlowMcpServer(deps, scope);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, maxRequestBodySize: deps.maxBodyBytes });
    ctx.res.once('close', () => void server.close());
    await handOver(ctx, deps.logger, async () => {
      await server.connect(transport);
      await transport.handleRequest(ctx.req, ctx.res);
    });
  };
  // Each path also matches with a trailing slash. GET serves HEAD too; GET and DELETE answer 405.
  const streamablePaths = ['/api/v1/mcp/streamable', '/api/v1/mcp/project/:projectId/streamable'];
  for (const method of ['post', 'get', 'delete'] as const) router[method](streamablePaths, streamable);

  const openSse = (messagesPath: (scope: McpScope) => string) => async (ctx: Context) => {
    const scope = scopeOf(ctx);
    // Langflow's health probe; an event stream would never send its headers to a HEAD.
    if (ctx.method === 'HEAD') {
      ctx.status = 200;
      return;
    }
    const server = createFlowMcpServer(deps, scope);
    const transport = new SSEServerTransport(messagesPath(scope), ctx.res);
    sessions.set(transport.sessionId, { transport, scope });
    ctx.res.once('close', () => {
      sessions.delete(transport.sessionId);
      void server.close();
    });
    await handOver(ctx, deps.logger, () => server.connect(transport));
  };
  router.get('/api/v1/mcp/sse', openSse(() => '/api/v1/mcp/'));
  router.get('/api/v1/mcp/project/:projectId/sse', openSse((scope) => `/api/v1/mcp/project/${encodeURIComponent(scope.projectId ?? '')}/`));

  const postMessage = async (ctx: Context) => {
    const scope = scopeOf(ctx);
    // The SDK names it `sessionId`; Langflow's (Python) servers `session_id`.
    const id = lastQueryValue(ctx.query, 'sessionId') ?? lastQueryValue(ctx.query, 'session_id');
    if (typeof id !== 'string' || id === '') throw new BadRequestError('sessionId is required: open the event stream (GET …/sse) first, and post to the endpoint it names');
    const session = sessions.get(id);
    if (!session || session.scope.projectId !== scope.projectId) throw new NotFoundError('Could not find session');
    const body = await readJsonBody(ctx.req, deps.maxBodyBytes);
    await handOver(ctx, deps.logger, () => session.transport.handlePostMessage(ctx.req, ctx.res, body));
  };
  router.post(['/api/v1/mcp', '/api/v1/mcp/project/:projectId'], postMessage);
}

/**
 * Lets an SDK transport answer on the raw response (`ctx.respond = false`). A failure before it
 * wrote anything goes back to the error middleware, answered as any other; after, the answer ends.
 */
async function handOver(ctx: Context, logger: Logger, serve: () => Promise<void>): Promise<void> {
  ctx.respond = false;
  try {
    await serve();
  } catch (err) {
    if (!ctx.res.headersSent) {
      ctx.respond = true;
      throw err;
    }
    logger.warn(`${ctx.method} ${ctx.path}: ${errorMessage(err)} (after the MCP answer started)`);
    ctx.res.end();
  }
}
