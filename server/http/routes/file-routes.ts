/**
 * Uploaded files for File components, as Langflow serves them: `POST /api/v2/files` (answers the
 * path to give a File node), `GET /api/v2/files`, `DELETE /api/v2/files/{id}`, and the older
 * `POST /api/v1/files/upload/{flow_id}` (answers `{flowId, file_path}`).
 */
import type Router from '@koa/router';
import type { AppDeps } from '../app-deps.js';
import { readMultipartFile } from '../read-multipart.js';

export function fileRoutes(router: Router, deps: AppDeps): void {
  const { files } = deps;
  if (!files) return;

  router.post('/api/v2/files', async (ctx) => {
    const file = await readMultipartFile(ctx.req, 'file', deps.maxUploadBytes);
    ctx.body = await files.upload(file.filename, file.bytes);
    ctx.status = 201;
  });

  router.get('/api/v2/files', async (ctx) => {
    ctx.body = await files.list();
  });

  router.delete('/api/v2/files/:id', async (ctx) => {
    await files.delete(ctx.params.id as string);
    ctx.body = { message: 'File deleted successfully' };
  });

  router.post('/api/v1/files/upload/:flowId', async (ctx) => {
    const flowId = ctx.params.flowId as string;
    deps.flows.get(flowId);
    const file = await readMultipartFile(ctx.req, 'file', deps.maxUploadBytes);
    ctx.body = await files.uploadForFlow(flowId, file.filename, file.bytes);
    ctx.status = 201;
  });
}
