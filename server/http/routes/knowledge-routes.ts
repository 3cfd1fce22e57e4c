/**
 * Knowledge bases, as Langflow's `/api/v1/knowledge_bases` router serves them: list, read, delete
 * one, delete several (`{"kb_names": […]}`). Creating one, which Langflow does from the Knowledge
 * Ingestion node's dialog, is `POST /api/v1/knowledge_bases` here (the editor's Settings page uses it).
 */
import type Router from '@koa/router';
import type { AppDeps } from '../app-deps.js';
import { readJsonBody } from '../read-body.js';

export function knowledgeRoutes(router: Router, deps: AppDeps): void {
  const { knowledge } = deps;
  if (!knowledge) return;

  for (const path of ['/api/v1/knowledge_bases', '/api/v1/knowledge_bases/']) {
    router.get(path, async (ctx) => {
      ctx.body = await knowledge.list();
    });
    router.post(path, async (ctx) => {
      ctx.body = await knowledge.create(await readJsonBody(ctx.req, deps.maxBodyBytes));
      ctx.status = 201;
    });
    router.delete(path, async (ctx) => {
      ctx.body = await knowledge.deleteMany(await readJsonBody(ctx.req, deps.maxBodyBytes));
    });
  }

  router.get('/api/v1/knowledge_bases/:name', async (ctx) => {
    ctx.body = await knowledge.get(ctx.params.name as string);
  });

  router.delete('/api/v1/knowledge_bases/:name', async (ctx) => {
    ctx.body = await knowledge.delete(ctx.params.name as string);
  });
}
