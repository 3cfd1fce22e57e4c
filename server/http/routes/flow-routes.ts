/** Flows: CRUD, upload (import) and download (export). */
import type Router from '@koa/router';
import type { AppDeps } from '../app-deps.js';
import { readJsonBody } from '../read-body.js';
import { readFlowFile } from '../read-flow-file.js';
import { displayName, readMultipartFile } from '../read-multipart.js';
import { queryBool, queryInt, queryString } from '../query.js';
import { ValidationError } from '../../../shared/errors.js';
import type { FlowFormat } from '../../services/flow-service.js';

/**
 * `?format=`: `langflow` (Langflow's node templates) or `flowdesk` (the editor's compact nodes).
 * Reads default to Langflow's, so that Langflow's clients and scripts work unchanged; a download
 * defaults to Flowdesk's own file.
 */
function flowFormat(request: Parameters<typeof queryString>[0], fallback: FlowFormat): FlowFormat {
  const format = queryString(request, 'format') ?? fallback;
  if (format !== 'flowdesk' && format !== 'langflow') {
    throw new ValidationError([{ type: 'enum', loc: ['query', 'format'], msg: "Input should be 'flowdesk' or 'langflow'", input: format, ctx: { expected: "'flowdesk' or 'langflow'" } }]);
  }
  return format;
}

export function flowRoutes(router: Router, deps: AppDeps): void {
  const { flows } = deps;

  /**
   * Langflow's rule (api/v1/flows.py, read_flows): with `get_all` (the default) a plain list, of
   * FlowHeader when `header_flows=true`; with `get_all=false` one page of FlowRead
   * (`{items, total, page, size, pages}`; `page` from 1, `size` 1..100, default 50), whatever
   * `header_flows` says, of the project `folder_id` (default: the default project's).
   */
  router.get('/api/v1/flows/', (ctx) => {
    const getAll = queryBool(ctx, 'get_all', true);
    const headerFlows = queryBool(ctx, 'header_flows', false);
    const format = flowFormat(ctx, 'langflow');
    if (getAll) {
      ctx.body = headerFlows ? flows.headers() : flows.list(format);
      return;
    }
    ctx.body = flows.page(queryInt(ctx, 'page', 1, { ge: 1 }), queryInt(ctx, 'size', 50, { ge: 1, le: 100 }), format, queryString(ctx, 'folder_id'));
  });

  router.post('/api/v1/flows/', async (ctx) => {
    const format = flowFormat(ctx, 'langflow');
    ctx.body = await flows.create(await readJsonBody(ctx.req, deps.maxBodyBytes), format);
    ctx.status = 201;
  });

  router.post('/api/v1/flows/upload/', async (ctx) => {
    let document: unknown;
    if (ctx.is('multipart/form-data')) {
      const file = await readMultipartFile(ctx.req, 'file', deps.maxUploadBytes);
      document = readFlowFile(file.bytes, displayName(file.filename), deps.maxUploadBytes);
    } else {
      document = await readJsonBody(ctx.req, deps.maxUploadBytes);
    }
    // Langflow's `?folder_id=`: the project the flows go to (the default project without it).
    ctx.body = await flows.import(document, flowFormat(ctx, 'langflow'), queryString(ctx, 'folder_id'));
    ctx.status = 201;
  });

  router.post('/api/v1/flows/download/', async (ctx) => {
    const format = flowFormat(ctx, 'flowdesk');
    const exported = flows.export(await readJsonBody(ctx.req, deps.maxBodyBytes), format);
    ctx.attachment(exported.filename);
    if (exported.kind === 'zip') {
      ctx.type = 'application/zip';
      ctx.body = Buffer.from(exported.body);
    } else {
      ctx.type = 'application/json';
      ctx.body = exported.body;
    }
  });

  router.get('/api/v1/flows/:id', (ctx) => {
    ctx.body = flows.get(ctx.params.id as string, flowFormat(ctx, 'langflow'));
  });

  router.patch('/api/v1/flows/:id', async (ctx) => {
    const format = flowFormat(ctx, 'langflow');
    ctx.body = await flows.update(ctx.params.id as string, await readJsonBody(ctx.req, deps.maxBodyBytes), format);
  });

  router.delete('/api/v1/flows/:id', async (ctx) => {
    await flows.delete(ctx.params.id as string);
    ctx.body = { message: 'Flow deleted successfully' };
  });
}
