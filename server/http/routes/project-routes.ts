/**
 * Projects, Langflow 1.8's paths (api/v1/projects.py), and `/api/v1/folders/…`, which Langflow
 * keeps as 307 redirects to the same path under `/api/v1/projects/` (api/v1/folders.py).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../app-deps.js';
import { readJsonBody } from '../read-body.js';
import { isZip, readFlowFile } from '../read-flow-file.js';
import { displayName, readMultipartFile } from '../read-multipart.js';
import { queryBool, queryInt, queryString } from '../query.js';

export function projectRoutes(router: Router, deps: AppDeps): void {
  const { projects } = deps;

  router.get('/api/v1/projects/', (ctx) => {
    ctx.body = projects.list();
  });

  router.post('/api/v1/projects/', async (ctx) => {
    ctx.body = await projects.create(await readJsonBody(ctx.req, deps.maxBodyBytes));
    ctx.status = 201;
  });

  router.post('/api/v1/projects/upload/', async (ctx) => {
    ctx.body = await projects.upload(await readProjectFile(ctx, deps.maxUploadBytes));
    ctx.status = 201;
  });

  router.get('/api/v1/projects/download/:id', (ctx) => {
    const { filename, body } = projects.download(ctx.params.id as string);
    ctx.attachment(filename);
    ctx.type = 'application/x-zip-compressed';
    ctx.body = Buffer.from(body);
  });

  /** With both `page` and `size` (fastapi-pagination's bounds), one page of flows; else every flow. */
  router.get('/api/v1/projects/:id', (ctx) => {
    const paged = ctx.query.page !== undefined && ctx.query.size !== undefined;
    ctx.body = projects.get(ctx.params.id as string, {
      ...(paged ? { page: queryInt(ctx, 'page', 1, { ge: 1 }), size: queryInt(ctx, 'size', 50, { ge: 1, le: 100 }) } : {}),
      isComponent: queryBool(ctx, 'is_component', false),
      isFlow: queryBool(ctx, 'is_flow', false),
      search: queryString(ctx, 'search') ?? '',
    });
  });

  router.patch('/api/v1/projects/:id', async (ctx) => {
    ctx.body = await projects.update(ctx.params.id as string, await readJsonBody(ctx.req, deps.maxBodyBytes));
  });

  router.delete('/api/v1/projects/:id', async (ctx) => {
    await projects.delete(ctx.params.id as string);
    ctx.status = 204;
  });

  const redirect = (ctx: Context, path: string): void => {
    ctx.redirect(ctx.querystring ? `${path}?${ctx.querystring}` : path);
    ctx.status = 307;
    ctx.body = '';
  };
  router.get('/api/v1/folders/', (ctx) => redirect(ctx, '/api/v1/projects/'));
  router.post('/api/v1/folders/', (ctx) => redirect(ctx, '/api/v1/projects/'));
  router.post('/api/v1/folders/upload/', (ctx) => redirect(ctx, '/api/v1/projects/upload/'));
  router.get('/api/v1/folders/download/:id', (ctx) => redirect(ctx, `/api/v1/projects/download/${encodeURIComponent(ctx.params.id as string)}`));
  for (const method of ['get', 'patch', 'delete'] as const) {
    router[method]('/api/v1/folders/:id', (ctx) => redirect(ctx, `/api/v1/projects/${encodeURIComponent(ctx.params.id as string)}`));
  }
}

/**
 * An uploaded project: Langflow's multipart `file`, either a zip of flow files (the project is named
 * after the file, as Langflow does) or Langflow's project JSON (`folder_name`, `folder_description`,
 * `flows`); or that JSON as the request body.
 */
async function readProjectFile(ctx: Context, maxBytes: number): Promise<unknown> {
  if (!ctx.is('multipart/form-data')) return readJsonBody(ctx.req, maxBytes);
  const file = await readMultipartFile(ctx.req, 'file', maxBytes);
  const name = displayName(file.filename);
  const document = readFlowFile(file.bytes, name, maxBytes);
  if (!isZip(file.bytes)) return document;
  return { folder_name: name.replace(/\.[^.]*$/, '') || 'Imported Project', folder_description: '', flows: (document as { flows: unknown[] }).flows };
}
