/**
 * `/api/v2/mcp/servers`: the MCP servers MCP Tools connects to, with Langflow's paths and shapes
 * (`api/v2/mcp.py`): the list (`?action_count=true` connects to each and counts its tools), and
 * one server by name: read, add, change, remove. Guarded like every API route.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../app-deps.js';
import { queryBool } from '../query.js';
import { readJsonBody } from '../read-body.js';

/** JSON `null`, as Langflow answers for a server that is not there (Koa would turn a null body into 204). */
function answerNull(ctx: Context): void {
  ctx.type = 'application/json';
  ctx.body = 'null';
}

export function mcpRoutes(router: Router, deps: AppDeps): void {
  const servers = deps.mcpServers;
  if (!servers) return;

  router.get(['/api/v2/mcp/servers', '/api/v2/mcp/servers/'], async (ctx) => {
    ctx.body = await servers.list({ actionCount: queryBool(ctx, 'action_count', false) });
  });
  router.get('/api/v2/mcp/servers/:name', (ctx) => {
    const config = servers.get(ctx.params.name as string);
    if (config === null) answerNull(ctx);
    else ctx.body = config;
  });
  router.post('/api/v2/mcp/servers/:name', async (ctx) => {
    ctx.body = await servers.add(ctx.params.name as string, await readJsonBody(ctx.req, deps.maxBodyBytes));
  });
  router.patch('/api/v2/mcp/servers/:name', async (ctx) => {
    ctx.body = await servers.update(ctx.params.name as string, await readJsonBody(ctx.req, deps.maxBodyBytes));
  });
  router.delete('/api/v2/mcp/servers/:name', async (ctx) => {
    await servers.remove(ctx.params.name as string);
    answerNull(ctx);
  });
}
